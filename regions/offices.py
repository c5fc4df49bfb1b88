"""分支机构 (seed 000 §6) and 初审机构 (§20) of a bureau: reads and writes (ADR 0022).

Seed 000 §6: "各直属局应抽调业务骨干指导当地检验检疫机构,对申报企业实行'一对一'服务……目的是强化
当地检验检疫局的培育和监督作用,直属局的统筹和协调作用." Seed 000 §20: "各直属检验检疫局、质量技术
监督局以及合作部委的相关机构,应……做好初审工作……为受评单位保守秘密."

A bureau registers its own offices and bodies and opens their staff accounts; HQ may do so for
any bureau. An office's staff see their own office; a body's staff their own body. Every write
is audited (accounts.AuditEntry)."""

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, Role, User
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted

from .models import Bureau, LocalOffice, ReviewBody

# Where the register forms live (…/new/): no office or body may take it.
RESERVED_CODES = frozenset({"new"})


# ---------------------------------------------------------------- reads


def local_offices_in_scope(*, user) -> QuerySet[LocalOffice]:
    """HQ every bureau's offices; a bureau account its own bureau's; an office's staff their own
    office; everyone else none."""
    offices = LocalOffice.objects.select_related("bureau")
    if not user.is_authenticated:
        return offices.none()
    if user.role == Role.HQ:
        return offices
    if user.role == Role.BUREAU:
        return offices.filter(bureau_id=user.bureau_id)
    if user.role == Role.OFFICE:
        return offices.filter(pk=user.local_office_id)
    return offices.none()


def review_bodies_in_scope(*, user) -> QuerySet[ReviewBody]:
    """HQ every bureau's bodies; a bureau account its own bureau's; a body's staff their own
    body; everyone else none."""
    bodies = ReviewBody.objects.select_related("bureau")
    if not user.is_authenticated:
        return bodies.none()
    if user.role == Role.HQ:
        return bodies
    if user.role == Role.BUREAU:
        return bodies.filter(bureau_id=user.bureau_id)
    if user.role == Role.REVIEW_BODY:
        return bodies.filter(pk=user.review_body_id)
    return bodies.none()


def staff_of(organisation) -> QuerySet[User]:
    """The accounts of an office's or a body's staff, by user name."""
    return organisation.staff.order_by("username")


# ---------------------------------------------------------------- who may write


def may_manage(*, actor, bureau_id: int) -> bool:
    """HQ for any bureau, a bureau account (not its offices' staff) for its own."""
    if not actor.is_authenticated:
        return False
    return actor.role == Role.HQ or (actor.role == Role.BUREAU and actor.bureau_id == bureau_id)


def _check_manage(actor, bureau: Bureau | None) -> None:
    if not actor.is_authenticated or actor.role not in (Role.HQ, Role.BUREAU):
        raise NotPermitted(_("只有总局和直属局可以登记分支机构和初审机构。"))
    if bureau is not None and not may_manage(actor=actor, bureau_id=bureau.pk):
        raise NotPermitted(_("只能登记和管理本局的分支机构和初审机构。"))


def _bureau_for(actor, bureau: Bureau | None) -> Bureau:
    """The bureau a registration is for: a bureau account its own; HQ must name one."""
    if actor.role == Role.BUREAU:
        return bureau or actor.bureau
    if bureau is None:
        raise InvalidInput(field_errors={"bureau": [_("请选择直属局。")]})
    return bureau


def _text_errors(model, values: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, value in values.items():
        limit = model._meta.get_field(field).max_length
        if field == "name" and not value:
            errors[field] = [_("请填写名称。")]
        elif limit and len(value) > limit:
            errors[field] = [_("不能超过 %(n)s 个字符。") % {"n": limit}]
    return errors


def _code_errors(model, code: str) -> dict[str, list[str]]:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_slug

    limit = model._meta.get_field("code").max_length
    if not code:
        return {"code": [_("请填写代码。")]}
    if len(code) > limit:
        return {"code": [_("代码不能超过 %(n)s 个字符。") % {"n": limit}]}
    try:
        validate_slug(code)
    except ValidationError:
        return {"code": [_("代码只能由小写字母、数字、连字符和下划线组成。")]}
    if code in RESERVED_CODES or model.objects.filter(code=code).exists():
        return {"code": [_("该代码已被使用。")]}
    return {}


def _audit(actor, action, instance, changes) -> None:
    from accounts.services import audit_record

    audit_record(actor=actor, action=action, instance=instance, changes=changes, source="web")


# ---------------------------------------------------------------- 分支机构


def local_office_register(
    *,
    actor: User,
    code: str,
    name: str,
    name_en: str = "",
    area: str = "",
    bureau: Bureau | None = None,
) -> LocalOffice:
    """登记 a 分支机构 under a bureau: the bureau for itself, HQ for any. Audited."""
    _check_manage(actor, bureau)
    bureau = _bureau_for(actor, bureau)
    code, name, name_en, area = code.strip().lower(), name.strip(), name_en.strip(), area.strip()
    errors = {
        **_code_errors(LocalOffice, code),
        **_text_errors(LocalOffice, {"name": name, "name_en": name_en, "area": area}),
    }
    if errors:
        raise InvalidInput(field_errors=errors)
    try:
        with transaction.atomic():
            office = LocalOffice.objects.create(
                bureau=bureau, code=code, name=name, name_en=name_en, area=area, created_by=actor
            )
            _audit(
                actor,
                AuditEntry.Action.CREATE,
                office,
                {"bureau": bureau.code, "code": code, "name": name, "area": area},
            )
    except IntegrityError:
        raise Conflict(_("该代码刚被登记，请修改后重试。")) from None
    return office


def local_office_update(
    *,
    actor: User,
    office: LocalOffice,
    name: str,
    name_en: str = "",
    area: str = "",
    is_active: bool = True,
) -> LocalOffice:
    """Rename, change the area of, or set inactive (停用) an office: its bureau or HQ. An
    inactive office's staff keep their accounts but see nothing (cases_visible_to). Audited."""
    _check_manage(actor, office.bureau)
    name, name_en, area = name.strip(), name_en.strip(), area.strip()
    errors = _text_errors(LocalOffice, {"name": name, "name_en": name_en, "area": area})
    if errors:
        raise InvalidInput(field_errors=errors)
    after = {"name": name, "name_en": name_en, "area": area, "is_active": is_active}
    with transaction.atomic():
        office = LocalOffice.objects.select_for_update().get(pk=office.pk)
        changes = {f: [getattr(office, f), v] for f, v in after.items() if getattr(office, f) != v}
        for field, value in after.items():
            setattr(office, field, value)
        office.save(update_fields=list(after))
        if changes:
            _audit(actor, AuditEntry.Action.UPDATE, office, changes)
    return office


# ---------------------------------------------------------------- 初审机构


def review_body_register(
    *,
    actor: User,
    code: str,
    name: str,
    kind: str,
    name_en: str = "",
    bureau: Bureau | None = None,
) -> ReviewBody:
    """登记 an 初审机构 (a 质量技术监督局 body or a partner ministry's body) that reviews
    applications of a bureau's jurisdiction: the bureau for itself, HQ for any. Audited."""
    _check_manage(actor, bureau)
    bureau = _bureau_for(actor, bureau)
    code, name, name_en = code.strip().lower(), name.strip(), name_en.strip()
    errors = {
        **_code_errors(ReviewBody, code),
        **_text_errors(ReviewBody, {"name": name, "name_en": name_en}),
    }
    if kind not in ReviewBody.Kind.values:
        errors["kind"] = [_("请选择初审机构类别。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    try:
        with transaction.atomic():
            body = ReviewBody.objects.create(
                bureau=bureau, code=code, name=name, name_en=name_en, kind=kind, created_by=actor
            )
            _audit(
                actor,
                AuditEntry.Action.CREATE,
                body,
                {"bureau": bureau.code, "code": code, "name": name, "kind": kind},
            )
    except IntegrityError:
        raise Conflict(_("该代码刚被登记，请修改后重试。")) from None
    return body


def review_body_update(
    *,
    actor: User,
    body: ReviewBody,
    name: str,
    kind: str,
    name_en: str = "",
    is_active: bool = True,
) -> ReviewBody:
    """Rename or set inactive (停用) a body: its bureau or HQ. An inactive body is no longer
    chosen for routing, and a review still pending with it no longer holds up 受理 (ADR 0022).
    Audited."""
    _check_manage(actor, body.bureau)
    name, name_en = name.strip(), name_en.strip()
    errors = _text_errors(ReviewBody, {"name": name, "name_en": name_en})
    if kind not in ReviewBody.Kind.values:
        errors["kind"] = [_("请选择初审机构类别。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    after = {"name": name, "name_en": name_en, "kind": kind, "is_active": is_active}
    with transaction.atomic():
        body = ReviewBody.objects.select_for_update().get(pk=body.pk)
        changes = {f: [getattr(body, f), v] for f, v in after.items() if getattr(body, f) != v}
        for field, value in after.items():
            setattr(body, field, value)
        body.save(update_fields=list(after))
        if changes:
            _audit(actor, AuditEntry.Action.UPDATE, body, changes)
    return body


# ---------------------------------------------------------------- staff accounts


def _account_errors(*, username: str, password: str, email: str, first_name: str) -> dict:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    errors = {}
    try:
        User._meta.get_field("username").run_validators(username)
        if not username:
            raise ValidationError(_("请填写用户名。"))
    except ValidationError as exc:
        errors["username"] = exc.messages
    else:
        if User.objects.filter(username__iexact=username).exists():
            errors["username"] = [_("该用户名已被使用。")]
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            errors["email"] = exc.messages
    try:
        validate_password(password, User(username=username, email=email, first_name=first_name))
    except ValidationError as exc:
        errors["password"] = exc.messages
    return errors


def staff_add(
    *,
    actor: User,
    organisation: LocalOffice | ReviewBody,
    username: str,
    password: str,
    first_name: str = "",
    email: str = "",
) -> User:
    """An account for a member of an office's (Role.OFFICE, with the office's bureau) or a body's
    staff (Role.REVIEW_BODY), opened by its bureau or HQ; the password is given by them and
    changed by the user after signing in. Audited."""
    from django.contrib.auth.hashers import make_password

    _check_manage(actor, organisation.bureau)
    username, first_name, email = username.strip(), first_name.strip(), email.strip()
    errors = _account_errors(
        username=username, password=password, email=email, first_name=first_name
    )
    if errors:
        raise InvalidInput(field_errors=errors)
    if isinstance(organisation, LocalOffice):
        affiliation = {
            "role": Role.OFFICE,
            "bureau_id": organisation.bureau_id,
            "local_office": organisation,
        }
    else:
        affiliation = {"role": Role.REVIEW_BODY, "review_body": organisation}
    try:
        with transaction.atomic():
            # Read afresh and locked: an office or body set inactive meanwhile opens nothing.
            locked = type(organisation).objects.select_for_update().get(pk=organisation.pk)
            if not locked.is_active:
                raise Conflict(_("该机构已停用，不能开通账户。"))
            user = User.objects.create(
                username=username,
                password=make_password(password),
                first_name=first_name,
                email=email,
                **affiliation,
            )
            _audit(
                actor,
                AuditEntry.Action.CREATE,
                user,
                {"username": username, "role": affiliation["role"], "of": organisation.code},
            )
    except IntegrityError:
        raise Conflict(_("该用户名刚被使用，请换一个。")) from None
    return user

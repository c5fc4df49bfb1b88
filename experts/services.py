"""Every write of the expert committee (seed 000 §12: "各直属局应……推荐系统内相关领域的专家，
分专业、分产品建立起全国质检系统生态原产地产品专家委员会"): a bureau recommends, HQ admits or
declines, HQ puts an admitted expert into the inspector pool. Each: who may (403) → lock →
re-check the status (409) → write, with an audit entry."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.services import audit_record
from applications.models import ProductCategory
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from supervision.models import PoolMember
from supervision.services import pool_member_save

from .models import Expert


def _required(**values: str) -> dict[str, str]:
    """The given texts stripped; 400 naming each one left blank."""
    stripped = {name: (value or "").strip() for name, value in values.items()}
    blank = {name: [_("请填写此项。")] for name, value in stripped.items() if not value}
    if blank:
        raise InvalidInput(field_errors=blank)
    return stripped


def _check_speciality(speciality: ProductCategory) -> None:
    if not speciality.is_active:
        raise InvalidInput(field_errors={"speciality": [_("该产品类别已停用。")]})


def _only_hq(actor: User) -> None:
    if actor.role != Role.HQ:
        raise NotPermitted(_("专家推荐由总局审核。"))


def expert_recommend(
    *,
    actor: User,
    name: str,
    organisation: str,
    speciality: ProductCategory,
    products: str,
    contact: str,
    reason: str = "",
    account: User | None = None,
) -> Expert:
    """推荐专家 (§12 "各直属局应……推荐系统内相关领域的专家"): a bureau's staff recommend an
    expert of the system to HQ, with the speciality and products it knows, how to reach it, and,
    if it has one, its portal account (an expert or inspector of the same bureau, what the
    inspector pool takes). Only a bureau (403); an account already recommended or admitted is
    409 until HQ declined it."""
    if actor.role != Role.BUREAU:
        raise NotPermitted(_("专家由直属局推荐。"))
    texts = _required(name=name, organisation=organisation, products=products, contact=contact)
    _check_speciality(speciality)
    if account is not None and not (
        account.role in (Role.EXPERT, Role.INSPECTOR)
        and account.bureau_id == actor.bureau_id
        and account.is_active
    ):
        raise InvalidInput(
            field_errors={"account": [_("门户账户须是本局在用的专家或检查员账户。")]}
        )
    try:
        with transaction.atomic():
            if account is not None:
                User.objects.select_for_update().get(pk=account.pk)
                if Expert.objects.filter(
                    account=account,
                    status__in=[Expert.Status.RECOMMENDED, Expert.Status.ADMITTED],
                ).exists():
                    raise Conflict(_("该账户的专家已推荐或已入选专家委员会。"))
            expert = Expert.objects.create(
                **texts,
                speciality=speciality,
                reason=(reason or "").strip(),
                account=account,
                bureau_id=actor.bureau_id,
                recommended_by=actor,
            )
            audit_record(
                actor=actor,
                action="create",
                instance=expert,
                source="web",
                changes={"status": expert.status, "speciality": speciality.code},
            )
    except IntegrityError:  # the same account, recommended at the same moment
        raise Conflict(_("该账户的专家已推荐或已入选专家委员会。")) from None
    return expert


def _locked_recommendation(expert: Expert) -> Expert:
    locked = Expert.objects.select_for_update().get(pk=expert.pk)
    if locked.status != Expert.Status.RECOMMENDED:
        raise Conflict(_("该推荐已审核。"))
    return locked


def expert_admit(
    *,
    expert: Expert,
    actor: User,
    speciality: ProductCategory | None = None,
    products: str | None = None,
) -> Expert:
    """入选专家委员会 (§12 "分专业、分产品建立起……专家委员会"): HQ admits a recommended expert
    under a speciality and products, those of the recommendation unless it gives others. HQ
    only (403); a recommendation already decided is 409."""
    _only_hq(actor)
    if speciality is not None:
        _check_speciality(speciality)
    if products is not None:
        products = _required(products=products)["products"]
    with transaction.atomic():
        locked = _locked_recommendation(expert)
        before = {"speciality": locked.speciality.code, "products": locked.products}
        locked.speciality = speciality or locked.speciality
        locked.products = products or locked.products
        locked.status = Expert.Status.ADMITTED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.save()
        audit_record(
            actor=actor,
            action="update",
            instance=locked,
            source="web",
            changes={
                "status": [Expert.Status.RECOMMENDED, Expert.Status.ADMITTED],
                "speciality": [before["speciality"], locked.speciality.code],
                "products": [before["products"], locked.products],
            },
        )
    return locked


def expert_decline(*, expert: Expert, actor: User, reason: str) -> Expert:
    """未入选: HQ declines a recommendation with its reason, which the recommending bureau
    reads. HQ only (403); a reason is needed (400); a recommendation already decided is 409."""
    _only_hq(actor)
    reason = _required(reason=reason)["reason"]
    with transaction.atomic():
        locked = _locked_recommendation(expert)
        locked.status = Expert.Status.DECLINED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.decision_reason = reason
        locked.save()
        audit_record(
            actor=actor,
            action="update",
            instance=locked,
            source="web",
            changes={
                "status": [Expert.Status.RECOMMENDED, Expert.Status.DECLINED],
                "decision_reason": reason,
            },
        )
    return locked


def expert_add_to_pool(*, expert: Expert, actor: User) -> PoolMember:
    """列入检查人员库: HQ puts an admitted expert's portal account into the inspector pool as a
    专家委员会委员, through the pool's own service (supervision.services.pool_member_save), so
    that HQ's double-random plans (§10 "随机选派检查人员") may draw it. The expert's speciality is
    added to those the account already has in the pool; whether it may be drawn and the note
    stay as they were. HQ only (403); not admitted, no active account, or already put there
    from here: 409."""
    _only_hq(actor)
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        if locked.status != Expert.Status.ADMITTED:
            raise Conflict(_("只有已入选专家委员会的专家可以列入检查人员库。"))
        if locked.pool_member_id is not None:
            raise Conflict(_("该专家已列入检查人员库。"))
        account = locked.account
        if account is None or not account.is_active:
            raise Conflict(_("该专家没有在用的门户账户，不能列入检查人员库。"))
        existing = PoolMember.objects.filter(user=account).first()
        specialities = {locked.speciality_id}
        if existing is not None:
            specialities |= set(existing.specialities.values_list("pk", flat=True))
        member = pool_member_save(
            actor=actor,
            user=account,
            kind=PoolMember.Kind.EXPERT,
            available=existing.available if existing else True,
            specialities=sorted(specialities),
            note=existing.note if existing else "",
        )
        locked.pool_member = member
        locked.save(update_fields=["pool_member"])
        audit_record(
            actor=actor,
            action="update",
            instance=locked,
            source="web",
            changes={"pool_member": member.pk, "account": account.username},
        )
    return member

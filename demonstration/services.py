"""Every write to a demonstration zone. State changes go through the case engine
(casework.services.case_transition with this programme)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from casework import services as casework
from casework.documents import UploadRejected, check_upload, open_logged, store
from casework.exceptions import InvalidTransitionInput, TransitionForbidden, TransitionNotAllowed
from ecoorigin.validators import validate_uscc
from regions.models import Bureau, Organisation

from . import selectors
from . import workflow as wf
from .models import (
    DEFAULT_PASS_MARK,
    ArchiveEvent,
    AssessmentStandard,
    DemonstrationZone,
    ZoneDocument,
    ZoneEnterprise,
)
from .programme import DEMONSTRATION, DEMONSTRATION_ARCHIVE, DEMONSTRATION_ENTERPRISE
from .workflow import EnterpriseState, EventKind, Level, State

EDITABLE_STATES = {State.DRAFT, State.RETURNED}
EDITABLE_FIELDS = (
    "name",
    "industry",
    "enterprise_count",
    "cluster",
    "export_value",
    "export_share",
    "local_share",
    "quality",
    "organisation",
    "in_quality_appraisal",
)
# Who may add which kind of material, in which states.
UPLOAD_RULES = [
    (wf.is_applicant, {ZoneDocument.Kind.APPLICATION}, EDITABLE_STATES | {State.SUBMITTED}),
    (wf.is_assessor, {ZoneDocument.Kind.ASSESSMENT}, {State.ASSESSING, State.ASSESSED}),
    (wf.is_jurisdiction_bureau, {ZoneDocument.Kind.OTHER}, set(State)),
]


def zone_create(*, actor, level: str, name: str, **fields) -> DemonstrationZone:
    """A local government starts its application (草稿) with the §四 self-assessment; the
    bureau is the one of its jurisdiction."""
    if actor.role != Role.GOVERNMENT or actor.organisation_id is None:
        raise TransitionForbidden(_("只有地方人民政府可以申请示范区。"))
    applicant = Organisation.objects.select_related("bureau").get(pk=actor.organisation_id)
    if level not in Level.values:
        raise InvalidTransitionInput(field_errors={"level": [_("请选择示范区级别。")]})
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidTransitionInput(field_errors={f: [_("该字段不可填写。")] for f in unknown})
    return DemonstrationZone.objects.create(
        level=level, name=name, applicant=applicant, bureau_id=applicant.bureau_id, **fields
    )


def zone_update(*, zone: DemonstrationZone, actor, **fields) -> DemonstrationZone:
    """The applicant edits its draft, or its application returned for revision."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidTransitionInput(field_errors={f: [_("该字段不可修改。")] for f in unknown})
    with transaction.atomic():
        locked = DemonstrationZone.objects.select_for_update().get(pk=zone.pk)
        if not wf.is_applicant(locked, actor):
            raise TransitionForbidden(_("只有申请的地方人民政府可以修改申请。"))
        if locked.state not in EDITABLE_STATES:
            raise TransitionNotAllowed(_("只有草稿或退回修改的申请可以修改。"))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
    return locked


def zone_transition(
    *, zone: DemonstrationZone, name: str, actor, reason: str = "", comment: str = "", **data
) -> DemonstrationZone:
    """Fire `name` on `zone` through the case engine (403 → lock → 409 → 400, history row)."""
    return casework.case_transition(
        programme=DEMONSTRATION,
        case=zone,
        name=name,
        actor=actor,
        reason=reason,
        comment=comment,
        **data,
    )


def zone_uploadable_kinds(*, zone: DemonstrationZone, user) -> list[str]:
    """The kinds of material `user` may add to `zone` now (UPLOAD_RULES), in their listed order."""
    allowed = {
        kind
        for check, kinds, states in UPLOAD_RULES
        if zone.state in states and check(zone, user)
        for kind in kinds
    }
    return [kind for kind in ZoneDocument.Kind.values if kind in allowed]


def zone_document_upload(*, zone: DemonstrationZone, actor, upload, kind: str) -> ZoneDocument:
    if kind not in ZoneDocument.Kind.values:
        raise InvalidTransitionInput(field_errors={"kind": [_("请选择材料类别。")]})
    states = [s for check, kinds, s in UPLOAD_RULES if kind in kinds and check(zone, actor)]
    if not states:
        raise TransitionForbidden(_("您不能为该示范区上传此类材料。"))
    if zone.state not in set().union(*states):
        raise TransitionNotAllowed(_("示范区当前状态下不能上传此类材料。"))
    try:
        checked = check_upload(upload)
    except UploadRejected as rejected:
        raise InvalidTransitionInput(field_errors={"file": [rejected.message]}) from None
    with transaction.atomic():
        document = ZoneDocument(
            zone=zone,
            kind=kind,
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
            uploaded_by=actor,
        )
        store(document.file, checked)
        document.save()
    return document


def zone_document_open(*, document: ZoneDocument, actor, ip_address: str | None):
    """Open a material for `actor` who may see its zone, logging the read."""
    if not selectors.zones_visible_to(user=actor).filter(pk=document.zone_id).exists():
        raise TransitionForbidden(_("您无权查阅该材料。"))
    return open_logged(document, actor=actor, ip_address=ip_address)


def zone_title_render_pdf(*, zone_id: int) -> None:
    """称号证书: rendered once per designation, with a QR code to public verification."""
    from django.conf import settings
    from django.urls import reverse

    from casework.pdf import qr_data_uri, render_pdf, save_pdf

    with transaction.atomic():
        zone = (
            DemonstrationZone.objects.select_for_update(of=("self",))
            .select_related("applicant", "bureau")
            .get(pk=zone_id)
        )
        if zone.certificate_pdf or zone.number is None:
            return
        url = settings.PUBLIC_BASE_URL.rstrip("/") + reverse(
            "public_demonstration:verify", kwargs={"number": zone.number}
        )
        content = render_pdf("pdf/zone_title.html", {"zone": zone, "qr": qr_data_uri(url)})
        save_pdf(zone.certificate_pdf, f"{zone.number}.pdf", content)


def zone_transitions_for(*, zone: DemonstrationZone, user) -> list[str]:
    return DEMONSTRATION.transitions_for(case=zone, actor=user)


def standard_publish(
    *, actor, title: str, text: str, pass_mark: int = DEFAULT_PASS_MARK
) -> AssessmentStandard:
    """A bureau publishes a new version of its 省级示范区评估标准 (§七.2): the next version
    number of its own; provincial zones submitted from now on are assessed against it."""
    if actor.role != Role.BUREAU or actor.bureau_id is None:
        raise TransitionForbidden(_("只有直属局可以发布省级示范区评估标准。"))
    title, text = (title or "").strip(), (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("请填写标准名称。")]
    if not text:
        errors["text"] = [_("请填写标准内容。")]
    if pass_mark is None or not 0 <= int(pass_mark) <= 100:
        errors["pass_mark"] = [_("合格分数线应在 0 到 100 之间。")]
    if errors:
        raise InvalidTransitionInput(field_errors=errors)
    with transaction.atomic():
        # One publication at a time per bureau: the next version number is taken under its lock.
        Bureau.objects.select_for_update().get(pk=actor.bureau_id)
        last = AssessmentStandard.objects.filter(bureau_id=actor.bureau_id).aggregate(
            last=Max("version")
        )["last"]
        return AssessmentStandard.objects.create(
            bureau_id=actor.bureau_id,
            version=(last or 0) + 1,
            title=title,
            text=text,
            pass_mark=int(pass_mark),
            published_by=actor,
        )


# ---------------------------------------------------------------- 入区企业 and 示范企业 (§三.5, §六.3)

ENTERPRISE_FIELDS = ("name", "credit_code", "products")


def _locked_zone(zone_id: int) -> DemonstrationZone:
    """The zone's row, locked: taken before any of its enterprises' (programme.py)."""
    return DemonstrationZone.objects.select_for_update(of=("self",)).get(pk=zone_id)


def enterprise_propose(
    *, zone: DemonstrationZone, actor, name: str, credit_code: str, products: str
) -> ZoneEnterprise:
    """The zone's local government proposes an enterprise for admission (拟入区); the zone's
    bureau then admits or declines it. Only in a designated zone, and an enterprise is in a
    zone (or proposed for it) once."""
    name, products = (name or "").strip(), (products or "").strip()
    credit_code = (credit_code or "").strip().upper()
    with transaction.atomic():
        locked = _locked_zone(zone.pk)
        if not wf.is_applicant(locked, actor):
            raise TransitionForbidden(_("只有示范区的地方人民政府可以提出企业入区。"))
        if locked.state != State.DESIGNATED:
            raise TransitionNotAllowed(_("示范区称号有效时才能办理企业入区和示范企业称号。"))
        errors = {}
        if not name:
            errors["name"] = [_("请填写企业名称。")]
        if not products:
            errors["products"] = [_("请填写主要出口产品。")]
        try:
            validate_uscc(credit_code)
        except ValidationError as invalid:
            errors["credit_code"] = invalid.messages
        if (
            not errors
            and locked.enterprises.filter(credit_code=credit_code)
            .exclude(state__in=[EnterpriseState.DECLINED, EnterpriseState.EXITED])
            .exists()
        ):
            errors["credit_code"] = [_("该企业已在本示范区，或已提出入区。")]
        if errors:
            raise InvalidTransitionInput(field_errors=errors)
        try:
            with transaction.atomic():
                return ZoneEnterprise.objects.create(
                    zone=locked,
                    name=name,
                    credit_code=credit_code,
                    products=products,
                    proposed_by=actor,
                )
        except IntegrityError:  # the constraint, should two proposals cross
            raise InvalidTransitionInput(
                field_errors={"credit_code": [_("该企业已在本示范区，或已提出入区。")]}
            ) from None


def enterprise_transition(
    *, enterprise: ZoneEnterprise, name: str, actor, reason: str = "", comment: str = "", **data
) -> ZoneEnterprise:
    """Fire `name` on a zone's enterprise through the case engine, the zone's row locked first
    (its title and state are what admission, nomination and the grant depend on)."""
    with transaction.atomic():
        _locked_zone(enterprise.zone_id)
        return casework.case_transition(
            programme=DEMONSTRATION_ENTERPRISE,
            case=enterprise,
            name=name,
            actor=actor,
            reason=reason,
            comment=comment,
            **data,
        )


def enterprise_transitions_for(*, enterprise: ZoneEnterprise, user) -> list[str]:
    return DEMONSTRATION_ENTERPRISE.transitions_for(case=enterprise, actor=user)


# ---------------------------------------------------------------- 质量档案 (§六.6)


def event_open(
    *,
    zone: DemonstrationZone,
    actor,
    enterprise,
    kind: str,
    occurred_on,
    product: str,
    description: str,
    reference: str = "",
) -> ArchiveEvent:
    """The zone's bureau opens an event in the quality file of an enterprise of the zone: one
    admitted (a proposal has no file yet), whether still in the zone or gone since."""
    if not wf.is_jurisdiction_bureau(zone, actor):
        raise TransitionForbidden(_("只有示范区的辖区直属局可以建立质量档案事件。"))
    enterprise_id = getattr(enterprise, "pk", enterprise)
    errors = {}
    member = (
        ZoneEnterprise.objects.filter(pk=enterprise_id, zone=zone, admitted_at__isnull=False)
        .exclude(state__in=[EnterpriseState.PROPOSED, EnterpriseState.DECLINED])
        .first()
        if isinstance(enterprise_id, int)
        else None
    )
    if member is None:
        errors["enterprise"] = [_("请选择本示范区已入区的企业。")]
    if kind not in EventKind.values:
        errors["kind"] = [_("请选择事件类别。")]
    if occurred_on is None or occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("发生日期不能晚于今天。")]
    product, description = (product or "").strip(), (description or "").strip()
    if not product:
        errors["product"] = [_("请填写涉及产品。")]
    if not description:
        errors["description"] = [_("请填写事件情况。")]
    if errors:
        raise InvalidTransitionInput(field_errors=errors)
    return ArchiveEvent.objects.create(
        enterprise=member,
        kind=kind,
        occurred_on=occurred_on,
        product=product,
        reference=(reference or "").strip(),
        description=description,
        opened_by=actor,
    )


def event_transition(
    *, event: ArchiveEvent, name: str, actor, reason: str = "", comment: str = "", **data
) -> ArchiveEvent:
    """Fire `name` on an archive event through the case engine (恶意违法 cancels titles there)."""
    return casework.case_transition(
        programme=DEMONSTRATION_ARCHIVE,
        case=event,
        name=name,
        actor=actor,
        reason=reason,
        comment=comment,
        **data,
    )


def event_transitions_for(*, event: ArchiveEvent, user) -> list[str]:
    return DEMONSTRATION_ARCHIVE.transitions_for(case=event, actor=user)

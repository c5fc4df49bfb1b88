"""Every write to a demonstration zone. State changes go through the case engine
(casework.services.case_transition with this programme)."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import Role
from casework import services as casework
from casework.documents import UploadRejected, check_upload, open_logged, store
from casework.exceptions import InvalidTransitionInput, TransitionForbidden, TransitionNotAllowed
from regions.models import Bureau, Organisation

from . import selectors
from . import workflow as wf
from .models import DEFAULT_PASS_MARK, AssessmentStandard, DemonstrationZone, ZoneDocument
from .programme import DEMONSTRATION
from .workflow import Level, State

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

"""Every write to a demonstration zone. State changes go through the case engine
(casework.services.case_transition with this programme)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from casework import draws, notices
from casework import services as casework
from casework.documents import UploadRules, open_logged, save_upload
from casework.eligibility import applicant_refusal
from casework.exceptions import InvalidTransitionInput, TransitionForbidden, TransitionNotAllowed
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from ecoorigin.validators import validate_uscc
from regions.models import Bureau, Organisation

from . import selectors
from . import workflow as wf
from .models import (
    DEFAULT_PASS_MARK,
    FIRST_REPORT_YEAR,
    ArchiveEvent,
    ArchiveEventDocument,
    AssessmentStandard,
    DemonstrationZone,
    EnterpriseHistory,
    ZoneAssessment,
    ZoneDocument,
    ZoneEnterprise,
    ZoneHistory,
    ZoneInspection,
    ZoneInspectionPlan,
    ZoneInspectionTarget,
    ZoneNotice,
    ZoneYearReport,
)
from .programme import DEMONSTRATION, DEMONSTRATION_ARCHIVE, DEMONSTRATION_ENTERPRISE
from .workflow import EnterpriseState, EventKind, EventState, Level, State

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
UPLOAD_RULES = UploadRules(
    kinds=ZoneDocument.Kind.values,
    rules=[
        (wf.is_applicant, {ZoneDocument.Kind.APPLICATION}, EDITABLE_STATES | {State.SUBMITTED}),
        (wf.is_assessor, {ZoneDocument.Kind.ASSESSMENT}, {State.ASSESSING, State.ASSESSED}),
        (wf.is_jurisdiction_bureau, {ZoneDocument.Kind.OTHER}, set(State)),
    ],
    refused=gettext_lazy("您不能为该示范区上传此类材料。"),
    too_late=gettext_lazy("示范区当前状态下不能上传此类材料。"),
)


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
    return UPLOAD_RULES.kinds_for(case=zone, user=user)


def zone_document_upload(*, zone: DemonstrationZone, actor, upload, kind: str) -> ZoneDocument:
    checked = UPLOAD_RULES.check(upload, case=zone, actor=actor, kind=kind)
    return save_upload(ZoneDocument(zone=zone, kind=kind, uploaded_by=actor), checked)


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


def zone_notice_deliver(*, notice_id: int) -> None:
    """Render the notice PDF and e-mail the local government's staff, each once."""
    notices.notice_deliver(
        model=ZoneNotice,
        notice_id=notice_id,
        related=(
            "organisation",
            "zone__bureau",
            "enterprise",
            "zone_history__actor",
            "enterprise_history__actor",
        ),
    )


def zone_notice_mark_read(*, notice: ZoneNotice, actor) -> None:
    """Read by a member of the government it is addressed to (403 for anyone else)."""
    notices.notice_mark_read(notice=notice, actor=actor)


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
        else:
            # 黑名单 (seed 004 §二.12): a listed enterprise enters no programme.
            refusal = applicant_refusal(uscc=credit_code)
            if refusal:
                errors["credit_code"] = [refusal]
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


# Who adds which material to an archive event, in which states: the zone's bureau, which keeps
# the archive (wf.is_archive_bureau); the event's own papers and any other until the closure,
# the investigation's until the cause is settled, the papers of the actions once it is. A
# closed event takes no more.
ARCHIVE_OPEN_STATES = {
    EventState.OPENED,
    EventState.INVESTIGATED,
    EventState.CLASSIFIED,
    EventState.ACTIONS_RECORDED,
}
ARCHIVE_UPLOAD_RULES = UploadRules(
    kinds=ArchiveEventDocument.Kind.values,
    rules=[
        (
            wf.is_archive_bureau,
            {ArchiveEventDocument.Kind.EVENT, ArchiveEventDocument.Kind.OTHER},
            ARCHIVE_OPEN_STATES,
        ),
        (
            wf.is_archive_bureau,
            {ArchiveEventDocument.Kind.INVESTIGATION},
            {EventState.OPENED, EventState.INVESTIGATED, EventState.CLASSIFIED},
        ),
        (
            wf.is_archive_bureau,
            {ArchiveEventDocument.Kind.ACTIONS},
            {EventState.CLASSIFIED, EventState.ACTIONS_RECORDED},
        ),
    ],
    refused=gettext_lazy("只有示范区的辖区直属局可以为质量档案事件上传材料。"),
    too_late=gettext_lazy("质量档案事件当前状态下不能上传此类材料，已结案的事件不再上传材料。"),
)


def event_uploadable_kinds(*, event: ArchiveEvent, user) -> list[str]:
    """The kinds of material `user` may add to `event` now, in their listed order."""
    return ARCHIVE_UPLOAD_RULES.kinds_for(case=event, user=user)


def event_document_upload(*, event: ArchiveEvent, actor, upload, kind: str) -> ArchiveEventDocument:
    """The zone's bureau adds a material to an event of its archive: the kind allowed in the
    event's state, checked under the event's lock (a closure at the same moment wins or waits),
    the file by content."""
    with transaction.atomic():
        locked = (
            ArchiveEvent.objects.select_for_update(of=("self",))
            .select_related("enterprise__zone")
            .get(pk=event.pk)
        )
        checked = ARCHIVE_UPLOAD_RULES.check(upload, case=locked, actor=actor, kind=kind)
        return save_upload(
            ArchiveEventDocument(event=locked, kind=kind, uploaded_by=actor), checked
        )


def event_document_open(*, document: ArchiveEventDocument, actor, ip_address: str | None):
    """Open a material of an archive event for `actor` who sees the event (HQ, the zone's bureau,
    its local government), logging the read first."""
    visible = selectors.event_documents_of(event=document.event, user=actor)
    if not visible.filter(pk=document.pk).exists():
        raise TransitionForbidden(_("您无权查阅该材料。"))
    return open_logged(document, actor=actor, ip_address=ip_address)


# ---------------------------------------------------------------- 监督检查 (§七.3): 双随机抽查


def zone_plan_create(
    *,
    actor,
    name: str,
    subject: str,
    planned_date: date,
    team_size: int = 2,
    sample_size: int | None = None,
    sample_ratio=None,
    level: str = "",
    weighted: bool = False,
    exclude_own_bureau: bool = True,
    beacon_source: str,
    beacon_date: date | None,
) -> ZoneInspectionPlan:
    """一单 over zones or their enterprises: HQ over every bureau's zones, a bureau over its own
    (§七.3). A bureau's plan draws its own staff, so it recuses nobody for being of the zone's
    bureau; an HQ plan draws staff of every bureau and by default not those of the zone's own.
    Every plan declares a lottery draw (`beacon_source`, `beacon_date`: after today, before the
    inspection date) and draws by protocol 2 (casework.draws, ADR 0009)."""
    if actor.role not in (Role.HQ, Role.BUREAU):
        raise NotPermitted(_("只有总局和直属局可以制定抽查计划。"))
    errors = draws.plan_field_errors(
        sample_size=sample_size,
        sample_ratio=sample_ratio,
        team_size=team_size,
        planned_date=planned_date,
    )
    if subject not in ZoneInspectionPlan.Subject.values:
        errors["subject"] = [_("请选择抽查对象。")]
    if level and level not in Level.values:
        errors["level"] = [_("请选择示范区级别。")]
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("请填写计划名称。")]
    randomness, beacon_errors = draws.plan_randomness(
        beacon_source=beacon_source, beacon_date=beacon_date, planned_date=planned_date
    )
    errors.update(beacon_errors)
    if errors:
        raise InvalidInput(field_errors=errors)
    own = actor.role == Role.BUREAU
    return ZoneInspectionPlan.objects.create(
        name=name,
        subject=subject,
        created_by=actor,
        owner_bureau_id=actor.bureau_id if own else None,
        level=level,
        sample_size=sample_size,
        sample_ratio=sample_ratio,
        team_size=team_size,
        weighted=weighted,
        exclude_own_bureau=False if own else exclude_own_bureau,
        planned_date=planned_date,
        **randomness,
    )


def zone_plan_request_draw(*, plan: ZoneInspectionPlan, actor) -> ZoneInspectionPlan:
    """抽取 asked for by the plan's managers: its candidate lists committed (zone_plan_draw); a
    plan committed or drawn already is refused (409)."""
    if not selectors.zone_plan_may_manage(plan=plan, user=actor):
        raise NotPermitted(_("您无权执行此抽取。"))
    if plan.status != ZoneInspectionPlan.Status.PLANNED:
        raise Conflict(_("该计划已抽取。"))
    return zone_plan_draw(plan_id=plan.pk, actor=actor)


def _zone_plan_candidates(plan: ZoneInspectionPlan):
    """Zones with a valid title in the plan's scope, or the enterprises in those zones."""
    zones = DemonstrationZone.objects.filter(state=State.DESIGNATED)
    if plan.owner_bureau_id is not None:
        zones = zones.filter(bureau_id=plan.owner_bureau_id)
    if plan.level:
        zones = zones.filter(level=plan.level)
    if plan.subject == ZoneInspectionPlan.Subject.ZONES:
        return zones, "bureau_id"
    enterprises = ZoneEnterprise.objects.filter(zone__in=zones, state__in=wf.IN_ZONE)
    return enterprises, "zone__bureau_id"


def _zone_plan_snapshot(plan: ZoneInspectionPlan) -> dict:
    """The candidate lists at draw time: the targets in scope with their bureau (and weight),
    and the staff who may be drawn: the owner bureau's, or for an HQ plan every bureau's."""
    candidates, bureau_field = _zone_plan_candidates(plan)
    rows = list(candidates.order_by("pk").values_list("pk", bureau_field))
    if plan.weighted:
        weights = _zone_plan_weights(plan, [pk for pk, _bureau in rows])
        targets = [{"case": pk, "bureau": b, "weight": weights.get(pk, 1)} for pk, b in rows]
    else:
        targets = [{"case": pk, "bureau": b} for pk, b in rows]
    staff = User.objects.filter(
        is_active=True, role__in=(Role.BUREAU, Role.INSPECTOR), bureau__isnull=False
    )
    if plan.owner_bureau_id is not None:
        staff = staff.filter(bureau_id=plan.owner_bureau_id)
    inspectors = [
        {"user": pk, "bureau": bureau_id}
        for pk, bureau_id in staff.order_by("pk").values_list("pk", "bureau_id")
    ]
    return {"targets": targets, "inspectors": inspectors}


def _zone_plan_weights(plan: ZoneInspectionPlan, ids: list[int]) -> dict[int, int]:
    """1 + the quality-archive events (§六.6) + 2 × the earlier inspections that found a problem,
    per candidate (two grouped queries)."""
    weights: dict[int, int] = {}
    by_zone = plan.subject == ZoneInspectionPlan.Subject.ZONES
    events = ArchiveEvent.objects.filter(
        **({"enterprise__zone_id__in": ids} if by_zone else {"enterprise_id__in": ids})
    )
    key = "enterprise__zone_id" if by_zone else "enterprise_id"
    for pk, n in events.values(key).annotate(n=Count("pk")).values_list(key, "n"):
        weights[pk] = weights.get(pk, 1) + n
    found = ZoneInspection.objects.exclude(outcome=ZoneInspection.Outcome.NO_ISSUE)
    if by_zone:
        key = "target__zone_id"
        found = found.filter(target__enterprise__isnull=True, target__zone_id__in=ids)
    else:
        key = "target__enterprise_id"
        found = found.filter(target__enterprise_id__in=ids)
    for pk, n in found.values(key).annotate(n=Count("pk")).values_list(key, "n"):
        weights[pk] = weights.get(pk, 1) + 2 * n
    return weights


def _zone_plan_recusals(plan: ZoneInspectionPlan):
    """Who handled each drawn target: everyone in its history (and, for a zone, its assessment
    team's organiser) and the inspectors of its earlier inspections."""

    def recusal(ids: list[int]) -> dict[int, set[int]]:
        handled: dict[int, set[int]] = {pk: set() for pk in ids}
        if plan.subject == ZoneInspectionPlan.Subject.ZONES:
            people = [
                ZoneHistory.objects.filter(zone_id__in=ids, actor__isnull=False).values_list(
                    "zone_id", "actor_id"
                ),
                ZoneAssessment.objects.filter(zone_id__in=ids).values_list(
                    "zone_id", "organised_by_id"
                ),
                ZoneInspectionTarget.inspectors.through.objects.filter(
                    zoneinspectiontarget__zone_id__in=ids,
                    zoneinspectiontarget__enterprise__isnull=True,
                ).values_list("zoneinspectiontarget__zone_id", "user_id"),
            ]
        else:
            people = [
                EnterpriseHistory.objects.filter(
                    enterprise_id__in=ids, actor__isnull=False
                ).values_list("enterprise_id", "actor_id"),
                ZoneInspectionTarget.inspectors.through.objects.filter(
                    zoneinspectiontarget__enterprise_id__in=ids
                ).values_list("zoneinspectiontarget__enterprise_id", "user_id"),
            ]
        for rows in people:
            for pk, user_id in rows:
                handled[pk].add(user_id)
        return handled

    return recusal


def _zone_plan_write_targets(plan: ZoneInspectionPlan, result) -> None:
    """The drawn targets and their teams, in bulk."""
    ids = [row["case"] for row in result.targets]
    if plan.subject == ZoneInspectionPlan.Subject.ZONES:
        places = {pk: (pk, None) for pk in ids}
    else:
        places = {
            pk: (zone_id, pk)
            for pk, zone_id in ZoneEnterprise.objects.filter(pk__in=ids).values_list(
                "pk", "zone_id"
            )
        }
    targets = ZoneInspectionTarget.objects.bulk_create(
        [
            ZoneInspectionTarget(
                plan=plan,
                zone_id=places[row["case"]][0],
                enterprise_id=places[row["case"]][1],
                position=position,
            )
            for position, row in enumerate(result.targets, start=1)
        ]
    )
    through = ZoneInspectionTarget.inspectors.through
    through.objects.bulk_create(
        [
            through(zoneinspectiontarget=target, user_id=user)
            for target, row in zip(targets, result.targets, strict=True)
            for user in row["inspectors"]
        ]
    )


def zone_plan_draw(*, plan_id: int, actor=None) -> ZoneInspectionPlan:
    """抽取's first step: the candidate lists committed before the declared lottery draws
    (casework.draws.plan_draw), once. The draw follows its numbers (zone_plan_beacon_enter)."""
    return draws.plan_draw(
        model=ZoneInspectionPlan,
        plan_id=plan_id,
        actor=actor,
        may_manage=selectors.zone_plan_may_manage,
        snapshot_of=_zone_plan_snapshot,
    )


def zone_plan_beacon_enter(*, plan: ZoneInspectionPlan, actor, value: str) -> ZoneInspectionPlan:
    """录入开奖号码 of a committed protocol-2 plan, and draw (casework.draws.plan_beacon_enter):
    whoever may draw the plan, once, from the declared draw date on."""
    return draws.plan_beacon_enter(
        model=ZoneInspectionPlan,
        plan=plan,
        actor=actor,
        value=value,
        may_manage=selectors.zone_plan_may_manage,
        recusal=_zone_plan_recusals(plan),
        write_targets=_zone_plan_write_targets,
    )


def zone_plan_reveal(*, plan: ZoneInspectionPlan, actor) -> ZoneInspectionPlan:
    """公开种子 after the inspections: anyone who sees the plan can re-run the draw."""
    return draws.plan_reveal(
        model=ZoneInspectionPlan, plan=plan, actor=actor, may_manage=selectors.zone_plan_may_manage
    )


def zone_plan_verify(*, plan: ZoneInspectionPlan) -> dict:
    return draws.plan_verify(plan=plan)


def zone_plan_publish(*, plan: ZoneInspectionPlan, actor) -> ZoneInspectionPlan:
    """公开检查结果: each target's outcome, to the zones' governments and on the public list."""
    return draws.plan_publish(
        model=ZoneInspectionPlan, plan=plan, actor=actor, may_manage=selectors.zone_plan_may_manage
    )


def zone_inspection_record(
    *, target: ZoneInspectionTarget, actor, findings: str, outcome: str
) -> ZoneInspection:
    """A drawn inspector records the findings, once, on or after the inspection date."""
    if not target.inspectors.filter(pk=actor.pk).exists():
        raise NotPermitted(_("只有被抽中的检查人员可以录入检查结果。"))
    errors = {}
    findings = (findings or "").strip()
    if not findings:
        errors["findings"] = [_("请填写检查发现。")]
    if outcome not in ZoneInspection.Outcome.values:
        errors["outcome"] = [_("请选择检查结论。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        target = (
            ZoneInspectionTarget.objects.select_for_update()
            .select_related("plan")
            .get(pk=target.pk)
        )
        if timezone.localdate() < target.plan.planned_date:
            raise Conflict(_("检查日期之前不能录入检查结果。"))
        if ZoneInspection.objects.filter(target=target).exists():
            raise Conflict(_("该检查对象的检查结果已录入。"))
        return ZoneInspection.objects.create(
            target=target, findings=findings, outcome=outcome, recorded_by=actor
        )


# ---------------------------------------------------------------- 年度建设情况报告 (§七.4)

REPORT_TEXT_MAX = 20000
MAX_EXPORT_VALUE = Decimal("999999999999.99")
MAX_COUNT = 2147483647


def _checked_report(
    *,
    export_value: Decimal,
    enterprise_count: int,
    experience: str,
    problems: str,
    next_steps: str,
) -> tuple[dict, dict]:
    """A report's own fields, trimmed, and the field errors they have."""
    values = {
        "export_value": export_value,
        "enterprise_count": enterprise_count,
        "experience": (experience or "").strip(),
        "problems": (problems or "").strip(),
        "next_steps": (next_steps or "").strip(),
    }
    errors = {}
    if (
        not isinstance(export_value, Decimal)
        or not export_value.is_finite()
        or not 0 <= export_value <= MAX_EXPORT_VALUE
        or export_value != export_value.quantize(Decimal("0.01"))
    ):
        errors["export_value"] = [_("请填写年度出口额（万美元），不小于 0，至多两位小数。")]
    if (
        isinstance(enterprise_count, bool)
        or not isinstance(enterprise_count, int)
        or not 0 <= enterprise_count <= MAX_COUNT
    ):
        errors["enterprise_count"] = [_("请填写区内出口企业数（不小于 0 的整数）。")]
    if not values["experience"]:
        errors["experience"] = [_("请填写经验做法。")]
    if not values["problems"]:
        errors["problems"] = [_("请填写存在问题。")]
    for name in ("experience", "problems", "next_steps"):
        if len(values[name]) > REPORT_TEXT_MAX:
            errors[name] = [_("不能超过 %(max)s 个字。") % {"max": REPORT_TEXT_MAX}]
    return values, errors


def zone_year_report_create(
    *,
    actor: User,
    zone_id: int,
    year: int,
    export_value: Decimal,
    enterprise_count: int,
    experience: str,
    problems: str,
    next_steps: str = "",
) -> ZoneYearReport:
    """The zone's bureau starts the report of a year of a zone in its jurisdiction (草稿): a
    year that has begun, in which the zone held its title, and one report per zone and year. The
    counts from the portal's records (示范企业, quality archive) are taken now."""
    if actor.role != Role.BUREAU or actor.bureau_id is None:
        raise NotPermitted(_("只有示范区的辖区直属局可以填报年度建设情况报告。"))
    zone = (
        DemonstrationZone.objects.filter(pk=zone_id, bureau_id=actor.bureau_id).first()
        if isinstance(zone_id, int)
        else None
    )
    values, errors = _checked_report(
        export_value=export_value,
        enterprise_count=enterprise_count,
        experience=experience,
        problems=problems,
        next_steps=next_steps,
    )
    if zone is None:
        errors["zone"] = [_("请选择本局辖区内的示范区。")]
    if not isinstance(year, int) or not FIRST_REPORT_YEAR <= year <= timezone.localdate().year:
        errors["year"] = [
            _("年度应在 %(first)s 年至本年度之间，不能填报未来年度。")
            % {"first": FIRST_REPORT_YEAR}
        ]
    elif zone is not None and not selectors.zone_owes_report(zone=zone, year=year):
        errors["year"] = [_("该示范区在该年度未持有示范区称号，无需报告。")]
    duplicate = {"year": [_("该示范区该年度的报告已存在，请修改原报告。")]}
    if not errors and ZoneYearReport.objects.filter(zone=zone, year=year).exists():
        errors.update(duplicate)
    if errors:
        raise InvalidInput(field_errors=errors)
    try:
        with transaction.atomic():
            return ZoneYearReport.objects.create(
                zone=zone,
                year=year,
                created_by=actor,
                **values,
                **selectors.zone_record_counts(zone=zone, year=year),
            )
    except IntegrityError:  # the constraint, should two bureau clerks start it at once
        raise InvalidInput(field_errors=duplicate) from None


def zone_year_report_check_editable(*, report: ZoneYearReport, actor: User) -> None:
    """Refuse unless `actor` may change `report` now: only the zone's bureau (403), and only a
    draft: a submitted report is final (409)."""
    if not wf.is_jurisdiction_bureau(report.zone, actor):
        raise NotPermitted(_("只有示范区的辖区直属局可以填报和报送年度建设情况报告。"))
    if report.status != ZoneYearReport.Status.DRAFT:
        raise Conflict(_("该报告已报送，不能再修改或重复报送。"))


def _locked_report(pk: int) -> ZoneYearReport:
    return ZoneYearReport.objects.select_for_update(of=("self",)).select_related("zone").get(pk=pk)


def zone_year_report_update(
    *,
    report: ZoneYearReport,
    actor: User,
    export_value: Decimal | None = None,
    enterprise_count: int | None = None,
    experience: str | None = None,
    problems: str | None = None,
    next_steps: str | None = None,
) -> ZoneYearReport:
    """The zone's bureau edits its draft; a field not given (None) is kept. The counts from the
    portal's records are taken again."""
    given = {
        "export_value": export_value,
        "enterprise_count": enterprise_count,
        "experience": experience,
        "problems": problems,
        "next_steps": next_steps,
    }
    with transaction.atomic():
        locked = _locked_report(report.pk)
        zone_year_report_check_editable(report=locked, actor=actor)
        current = {name: getattr(locked, name) for name in given}
        values, errors = _checked_report(
            **{name: current[name] if value is None else value for name, value in given.items()}
        )
        if errors:
            raise InvalidInput(field_errors=errors)
        counts = selectors.zone_record_counts(zone=locked.zone, year=locked.year)
        for name, value in {**values, **counts}.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*values, *counts, "updated_at"])
    return locked


def zone_year_report_submit(*, report: ZoneYearReport, actor: User) -> ZoneYearReport:
    """报送: the zone's bureau submits its draft to HQ and the zone's local government. The
    counts from the portal's records are taken a last time; from now on the report is final."""
    with transaction.atomic():
        locked = _locked_report(report.pk)
        zone_year_report_check_editable(report=locked, actor=actor)
        counts = selectors.zone_record_counts(zone=locked.zone, year=locked.year)
        for name, value in counts.items():
            setattr(locked, name, value)
        locked.status = ZoneYearReport.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor
        locked.save(update_fields=[*counts, "status", "submitted_at", "submitted_by", "updated_at"])
    return locked

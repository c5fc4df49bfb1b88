"""Every write to the inspection pilot zones (seed 002). State changes go through the case engine
(casework.services.case_transition with this app's programmes); the records beside the cases (the
working group's opinions, 督查评估, commendations, adoptions) lock what they hang on, check the
actor and the state, and are audited."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import AuditEntry, Role, User
from accounts.services import audit_record
from casework import notices
from casework import services as casework
from casework.documents import UploadRules, open_logged, save_upload
from casework.exceptions import InvalidTransitionInput, TransitionForbidden, TransitionNotAllowed
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions.models import Organisation

from . import selectors
from . import workflow as wf
from .models import (
    AcceptanceOpinion,
    Commendation,
    InnovationMeasure,
    MeasureAssessment,
    PilotZone,
    PilotZoneDocument,
    PilotZoneNotice,
    PracticeAdoption,
    ReplicablePractice,
    SupervisionVisit,
)
from .programme import PILOT_MEASURES, PILOT_PRACTICES, PILOT_ZONES, past_date
from .workflow import Effect, Innovation, MeasureState, PracticeState, State, Verdict

EDITABLE_STATES = {State.DRAFT, State.RETURNED}
ZONE_FIELDS = (
    "name",
    "location",
    "area",
    "industries",
    "functions",
    "expected_batches",
    "expected_value",
    "leading_body",
)
TEXT_LIMITS = {"name": 128, "location": 200, "industries": 300}
Kind = PilotZoneDocument.Kind
UPLOAD_RULES = UploadRules(
    kinds=Kind.values,
    rules=[
        (wf.is_applicant, {Kind.CONSTRUCTION_PLAN}, EDITABLE_STATES | {State.SUBMITTED}),
        (wf.is_jurisdiction_bureau, {Kind.RECOMMENDATION}, {State.SUBMITTED}),
        (wf.is_lead_department, {Kind.ACCEPTANCE}, {State.ACCEPTANCE}),
        (wf.is_jurisdiction_bureau, {Kind.OTHER}, set(State)),
    ],
    refused=gettext_lazy("您不能为该试验区上传此类材料。"),
    too_late=gettext_lazy("试验区当前状态下不能上传此类材料。"),
)


def _audit(actor: User, action: str, instance, changes: dict | None = None) -> None:
    audit_record(actor=actor, action=action, instance=instance, changes=changes, source="web")


def _checked_zone_fields(fields: dict, *, partial: bool) -> dict:
    """The construction plan's facts, each checked (400 with a message per field)."""
    unknown = set(fields) - set(ZONE_FIELDS)
    if unknown:
        raise InvalidTransitionInput(field_errors={f: [_("该字段不可填写。")] for f in unknown})
    errors, values = {}, {}
    for field in ZONE_FIELDS:
        if field not in fields:
            if not partial:
                errors[field] = [_("此项必填。")]
            continue
        value = fields[field]
        if field in ("area", "expected_value"):
            try:
                value = Decimal(str(value))
            except (InvalidOperation, ValueError):
                value = None
            if isinstance(fields[field], bool) or value is None or not value.is_finite():
                errors[field] = [_("请填写数字。")]
            elif value < 0 or value >= Decimal("1e8") or value.quantize(Decimal("0.01")) >= 10**8:
                # (99999999.999 rounds to 1 亿: more digits than the column holds.)
                errors[field] = [_("请填写 0 至 1 亿之间的数字。")]
            else:
                values[field] = value.quantize(Decimal("0.01"))
        elif field == "expected_batches":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
                errors[field] = [_("请填写非负整数。")]
            else:
                values[field] = value
        else:
            value = value.strip() if isinstance(value, str) else ""
            if not value:
                errors[field] = [_("此项必填。")]
            elif len(value) > TEXT_LIMITS.get(field, 10_000):
                errors[field] = [
                    _("不能超过 %(limit)s 个字。") % {"limit": TEXT_LIMITS.get(field, 10_000)}
                ]
            elif field == "name" and (
                not value.endswith(wf.NAME_SUFFIX) or value == wf.NAME_SUFFIX
            ):
                errors[field] = [_("试验区原则上统一命名为“xx国检试验区”。")]
            else:
                values[field] = value
    if errors:
        raise InvalidTransitionInput(field_errors=errors)
    return values


def zone_create(*, actor: User, **fields) -> PilotZone:
    """A local government starts its application (草稿) with its construction plan's facts; the
    bureau is the one of its jurisdiction (§五.3: 地方政府向质检总局提出建设申请)."""
    if actor.role != Role.GOVERNMENT or actor.organisation_id is None:
        raise TransitionForbidden(_("只有地方人民政府可以申请建设国检试验区。"))
    values = _checked_zone_fields(fields, partial=False)
    applicant = Organisation.objects.get(pk=actor.organisation_id)
    zone = PilotZone.objects.create(applicant=applicant, bureau_id=applicant.bureau_id, **values)
    _audit(actor, AuditEntry.Action.CREATE, zone)
    return zone


def zone_check_editable(*, zone: PilotZone, actor: User) -> None:
    """403 unless `actor` is the applicant, 409 unless the application is a draft or returned:
    what zone_update checks under the lock, and the API before it reads the body."""
    if not wf.is_applicant(zone, actor):
        raise TransitionForbidden(_("只有申请的地方人民政府可以修改申请。"))
    if zone.state not in EDITABLE_STATES:
        raise TransitionNotAllowed(_("只有草稿或退回修改的申请可以修改。"))


def zone_update(*, zone: PilotZone, actor: User, **fields) -> PilotZone:
    """The applicant edits its draft, or its application returned for revision."""
    with transaction.atomic():
        locked = PilotZone.objects.select_for_update().get(pk=zone.pk)
        zone_check_editable(zone=locked, actor=actor)
        values = _checked_zone_fields(fields, partial=True)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*values, "updated_at"])
        _audit(actor, AuditEntry.Action.UPDATE, locked, {k: str(v) for k, v in values.items()})
    return locked


def zone_transition(
    *, zone: PilotZone, name: str, actor: User, reason: str = "", comment: str = "", **data
) -> PilotZone:
    """Fire `name` on `zone` through the case engine (403 → lock → 409 → 400, history row)."""
    return casework.case_transition(
        programme=PILOT_ZONES,
        case=zone,
        name=name,
        actor=actor,
        reason=reason,
        comment=comment,
        **data,
    )


def zone_uploadable_kinds(*, zone: PilotZone, user: User) -> list[str]:
    return UPLOAD_RULES.kinds_for(case=zone, user=user)


def zone_document_upload(*, zone: PilotZone, actor: User, upload, kind: str) -> PilotZoneDocument:
    checked = UPLOAD_RULES.check(upload, case=zone, actor=actor, kind=kind)
    return save_upload(PilotZoneDocument(zone=zone, kind=kind, uploaded_by=actor), checked)


def zone_document_open(*, document: PilotZoneDocument, actor: User, ip_address: str | None):
    """Open a material for `actor` who may see its zone, logging the read."""
    if not selectors.zones_visible_to(user=actor).filter(pk=document.zone_id).exists():
        raise TransitionForbidden(_("您无权查阅该材料。"))
    return open_logged(document, actor=actor, ip_address=ip_address)


def acceptance_opinion_record(
    *, zone: PilotZone, actor: User, verdict: str, opinion: str
) -> AcceptanceOpinion:
    """A member department of the working group records its opinion on the zone, once, while the
    acceptance is open; an objection must say what is objected to."""
    code = wf.department_code(actor)
    if code not in wf.MEMBER_DEPARTMENTS:
        raise NotPermitted(_("只有验收工作组成员司局可以填写验收意见。"))
    errors = {}
    if verdict not in Verdict.values:
        errors["verdict"] = [_("请选择同意或有异议。")]
    opinion = opinion.strip() if isinstance(opinion, str) else ""
    if not opinion:
        errors["opinion"] = [_("请填写验收意见；有异议的，请写明异议及理由。")]
    with transaction.atomic():
        locked_zone = PilotZone.objects.select_for_update().get(pk=zone.pk)
        if locked_zone.state != State.ACCEPTANCE:
            raise Conflict(_("试验区不在验收中，不能填写验收意见。"))
        row = (
            AcceptanceOpinion.objects.select_for_update()
            .filter(zone=locked_zone, department_id=actor.organisation_id)
            .first()
        )
        if row is None:
            raise NotPermitted(_("贵司局不是该试验区验收工作组的成员。"))
        if row.verdict:
            raise Conflict(_("贵司局已填写验收意见，不能再修改。"))
        # The body is judged once the state allows an answer (403 → 409 → 400, as transitions).
        if errors:
            raise InvalidInput(field_errors=errors)
        row.verdict = verdict
        row.opinion = opinion
        row.recorded_by = actor
        row.recorded_at = timezone.now()
        row.save(update_fields=["verdict", "opinion", "recorded_by", "recorded_at"])
        _audit(actor, AuditEntry.Action.UPDATE, row, {"verdict": verdict, "opinion": opinion})
    return row


# --- 创新措施 ---------------------------------------------------------------------------------

MEASURE_FIELDS = ("title", "innovation", "description", "beyond_rules", "rules_affected")


def _checked_measure(fields: dict, *, partial: bool, current: InnovationMeasure | None = None):
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise InvalidInput(field_errors={f: [_("该字段不可填写。")] for f in unknown})
    errors, values = {}, {}
    for field in ("title", "description", "rules_affected"):
        if field in fields:
            value = fields[field].strip() if isinstance(fields[field], str) else None
            if value is None:
                errors[field] = [_("请填写文字。")]
            elif field != "rules_affected" and not value:
                errors[field] = [_("此项必填。")]
            elif field == "title" and len(value) > 200:
                errors[field] = [_("不能超过 %(limit)s 个字。") % {"limit": 200}]
            else:
                values[field] = value
        elif not partial and field != "rules_affected":
            errors[field] = [_("此项必填。")]
    if "innovation" in fields or not partial:
        if fields.get("innovation") not in Innovation.values:
            errors["innovation"] = [_("请选择创新类别。")]
        else:
            values["innovation"] = fields["innovation"]
    if "beyond_rules" in fields:
        if not isinstance(fields["beyond_rules"], bool):
            errors["beyond_rules"] = [_("请选择是或否。")]
        else:
            values["beyond_rules"] = fields["beyond_rules"]
    beyond = values.get("beyond_rules", current.beyond_rules if current else False)
    affected = values.get("rules_affected", current.rules_affected if current else "")
    if beyond and not affected and "rules_affected" not in errors:
        errors["rules_affected"] = [_("突破现行规定的措施须说明所突破的规定及风险防控措施。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    return values


def measure_create(*, zone: PilotZone, actor: User, **fields) -> InnovationMeasure:
    """The zone's bureau or its local government registers a measure of an approved zone."""
    if not wf.may_register_measures(zone, actor):
        raise NotPermitted(_("只有试验区的辖区直属局或地方政府可以登记创新措施。"))
    values = _checked_measure(fields, partial=False)
    with transaction.atomic():
        locked = PilotZone.objects.select_for_update().get(pk=zone.pk)
        if locked.state not in wf.PUBLIC_STATES:
            raise Conflict(_("试验区批准建设后才能登记创新措施。"))
        measure = InnovationMeasure.objects.create(zone=locked, registered_by=actor, **values)
        _audit(actor, AuditEntry.Action.CREATE, measure)
    return measure


def measure_check_editable(*, measure: InnovationMeasure, actor: User) -> None:
    """403 unless `actor` is the zone's bureau or government, 409 once the measure is reported or
    runs: what measure_update checks under the lock, and the API before it reads the body."""
    if not wf.may_register_measures(measure.zone, actor):
        raise NotPermitted(_("只有试验区的辖区直属局或地方政府可以修改创新措施。"))
    if measure.state != MeasureState.REGISTERED:
        raise Conflict(_("只有尚未报批或实施的措施可以修改。"))


def measure_update(*, measure: InnovationMeasure, actor: User, **fields) -> InnovationMeasure:
    """A measure is edited by its zone's bureau or government until it is reported or runs."""
    with transaction.atomic():
        locked = (
            InnovationMeasure.objects.select_for_update().select_related("zone").get(pk=measure.pk)
        )
        measure_check_editable(measure=locked, actor=actor)
        values = _checked_measure(fields, partial=True, current=locked)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*values, "updated_at"])
        _audit(actor, AuditEntry.Action.UPDATE, locked, {k: str(v) for k, v in values.items()})
    return locked


def measure_transition(
    *,
    measure: InnovationMeasure,
    name: str,
    actor: User,
    reason: str = "",
    comment: str = "",
    **data,
) -> InnovationMeasure:
    return casework.case_transition(
        programme=PILOT_MEASURES,
        case=measure,
        name=name,
        actor=actor,
        reason=reason,
        comment=comment,
        **data,
    )


def measure_assess(
    *, measure: InnovationMeasure, actor: User, effect: str, findings: str, assessed_on=None
) -> MeasureAssessment:
    """督查评估: HQ (or 通关司) records a running or ended measure's effect; final."""
    if not wf.is_hq_decider(measure, actor):
        raise NotPermitted(_("只有总局可以对创新措施进行督查评估。"))
    errors = {}
    if effect not in Effect.values:
        errors["effect"] = [_("请选择实施效果。")]
    findings = findings.strip() if isinstance(findings, str) else ""
    if not findings:
        errors["findings"] = [_("请填写评估意见。")]
    assessed_on = _past_date(assessed_on, "assessed_on", errors)
    with transaction.atomic():
        locked = InnovationMeasure.objects.select_for_update().get(pk=measure.pk)
        if locked.state not in (MeasureState.RUNNING, MeasureState.ENDED):
            raise Conflict(_("措施实施后才能进行督查评估。"))
        if errors:
            raise InvalidInput(field_errors=errors)
        if locked.started_on and assessed_on < locked.started_on:
            raise InvalidInput(
                field_errors={"assessed_on": [_("评估日期不能早于措施开始实施日期。")]}
            )
        assessment = MeasureAssessment.objects.create(
            measure=locked,
            effect=effect,
            findings=findings,
            assessed_on=assessed_on,
            assessed_by=actor,
        )
        _audit(actor, AuditEntry.Action.CREATE, assessment, {"effect": effect})
    return assessment


def _past_date(value, field: str, errors: dict) -> date:
    """past_date, its refusal collected with the other fields' (400 with every message)."""
    try:
        return past_date(value, field)
    except InvalidTransitionInput as error:
        errors.update(error.field_errors)
        return timezone.localdate()


def commendation_issue(
    *,
    zone: PilotZone,
    actor: User,
    document_number: str,
    citation: str,
    measures: list[int],
    issued_on=None,
) -> Commendation:
    """通报表扬: HQ commends a zone for measures its 督查评估 found 成效显著 (§五.3); public."""
    if not wf.is_hq_decider(zone, actor):
        raise NotPermitted(_("只有总局可以通报表扬试验区。"))
    errors = {}
    document_number = document_number.strip() if isinstance(document_number, str) else ""
    if not document_number or len(document_number) > 64:
        errors["document_number"] = [_("请填写通报文号（不超过 64 个字）。")]
    citation = citation.strip() if isinstance(citation, str) else ""
    if not citation:
        errors["citation"] = [_("请填写表扬事由。")]
    issued_on = _past_date(issued_on, "issued_on", errors)
    if not isinstance(measures, list | tuple) or not all(
        isinstance(pk, int) and not isinstance(pk, bool) for pk in measures
    ):
        errors["measures"] = [_("请选择成效显著的创新措施。")]
        measures = []
    with transaction.atomic():
        locked = PilotZone.objects.select_for_update().get(pk=zone.pk)
        marked = set(
            InnovationMeasure.objects.filter(
                zone=locked, assessments__effect=Effect.MARKED
            ).values_list("pk", flat=True)
        )
        chosen = set(measures)
        if locked.state not in wf.PUBLIC_STATES:
            raise Conflict(_("只能表扬已批准建设的试验区。"))
        if "measures" not in errors and (not chosen or not chosen <= marked):
            errors["measures"] = [_("请选择本试验区经督查评估成效显著的创新措施。")]
        if errors:
            raise InvalidInput(field_errors=errors)
        commendation = Commendation.objects.create(
            zone=locked,
            document_number=document_number,
            citation=citation,
            issued_on=issued_on,
            issued_by=actor,
        )
        commendation.measures.set(sorted(chosen))
        _audit(actor, AuditEntry.Action.CREATE, commendation, {"measures": sorted(chosen)})
    return commendation


# --- 可复制推广经验 ---------------------------------------------------------------------------

PRACTICE_FIELDS = ("title", "innovation", "summary", "content", "results", "measures")
PRACTICE_LIMITS = {"title": 200, "summary": 500}


def _checked_practice(zone: PilotZone, fields: dict, *, partial: bool) -> dict:
    unknown = set(fields) - set(PRACTICE_FIELDS)
    if unknown:
        raise InvalidInput(field_errors={f: [_("该字段不可填写。")] for f in unknown})
    errors, values = {}, {}
    for field in ("title", "summary", "content", "results"):
        if field not in fields:
            if not partial:
                errors[field] = [_("此项必填。")]
            continue
        value = fields[field].strip() if isinstance(fields[field], str) else ""
        limit = PRACTICE_LIMITS.get(field, 20_000)
        if not value:
            errors[field] = [_("此项必填。")]
        elif len(value) > limit:
            errors[field] = [_("不能超过 %(limit)s 个字。") % {"limit": limit}]
        else:
            values[field] = value
    if "innovation" in fields or not partial:
        if fields.get("innovation") not in Innovation.values:
            errors["innovation"] = [_("请选择创新类别。")]
        else:
            values["innovation"] = fields["innovation"]
    if "measures" in fields:
        chosen = fields["measures"]
        if (
            not isinstance(chosen, list | tuple)
            or not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in chosen)
            or set(chosen) - set(zone.measures.values_list("pk", flat=True))
        ):
            errors["measures"] = [_("请选择本试验区的创新措施。")]
        else:
            values["measures"] = sorted(set(chosen))
    if errors:
        raise InvalidInput(field_errors=errors)
    return values


def practice_create(*, zone: PilotZone, actor: User, **fields) -> ReplicablePractice:
    """The zone's bureau drafts a practice drawn from the zone (§四.4 各直属检验检疫局要注重提炼)."""
    if not wf.is_jurisdiction_bureau(zone, actor):
        raise NotPermitted(_("只有试验区的辖区直属局可以报送可复制推广经验。"))
    values = _checked_practice(zone, fields, partial=False)
    measures = values.pop("measures", [])
    with transaction.atomic():
        locked = PilotZone.objects.select_for_update().get(pk=zone.pk)
        if locked.state not in wf.PUBLIC_STATES:
            raise Conflict(_("试验区批准建设后才能报送其经验。"))
        practice = ReplicablePractice.objects.create(zone=locked, created_by=actor, **values)
        practice.measures.set(measures)
        _audit(actor, AuditEntry.Action.CREATE, practice)
    return practice


def practice_check_editable(*, practice: ReplicablePractice, actor: User) -> None:
    """403 unless `actor` is the practice's bureau, 409 unless it is a draft or returned: what
    practice_update checks under the lock, and the API before it reads the body."""
    if not wf.is_practice_bureau(practice, actor):
        raise NotPermitted(_("只有报送的直属局可以修改经验。"))
    if practice.state not in (PracticeState.DRAFT, PracticeState.RETURNED):
        raise Conflict(_("只有草稿或退回修改的经验可以修改。"))


def practice_update(*, practice: ReplicablePractice, actor: User, **fields) -> ReplicablePractice:
    """The bureau edits its draft, or a practice HQ returned for revision."""
    with transaction.atomic():
        locked = (
            ReplicablePractice.objects.select_for_update()
            .select_related("zone")
            .get(pk=practice.pk)
        )
        practice_check_editable(practice=locked, actor=actor)
        values = _checked_practice(locked.zone, fields, partial=True)
        measures = values.pop("measures", None)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*values, "updated_at"])
        if measures is not None:
            locked.measures.set(measures)
        _audit(actor, AuditEntry.Action.UPDATE, locked, {k: str(v) for k, v in values.items()})
    return locked


def practice_transition(
    *,
    practice: ReplicablePractice,
    name: str,
    actor: User,
    reason: str = "",
    comment: str = "",
    **data,
) -> ReplicablePractice:
    return casework.case_transition(
        programme=PILOT_PRACTICES,
        case=practice,
        name=name,
        actor=actor,
        reason=reason,
        comment=comment,
        **data,
    )


def practice_adopt(
    *, practice: ReplicablePractice, actor: User, place: str, note: str, adopted_on=None
) -> PracticeAdoption:
    """复制推广: another bureau records where it adopted a practice of the library."""
    if actor.role != Role.BUREAU or actor.bureau_id is None:
        raise NotPermitted(_("只有直属局可以登记复制推广情况。"))
    errors = {}
    place = place.strip() if isinstance(place, str) else ""
    if not place or len(place) > 200:
        errors["place"] = [_("请填写推广地点（不超过 200 个字）。")]
    note = note.strip() if isinstance(note, str) else ""
    if not note:
        errors["note"] = [_("请填写推广情况。")]
    adopted_on = _past_date(adopted_on, "adopted_on", errors)
    with transaction.atomic():
        locked = (
            ReplicablePractice.objects.select_for_update()
            .select_related("zone")
            .get(pk=practice.pk)
        )
        if locked.zone.bureau_id == actor.bureau_id:
            raise NotPermitted(_("经验来源地的直属局无需登记复制推广。"))
        if locked.state != PracticeState.ACCEPTED:
            raise Conflict(_("只能复制推广经验库中的经验。"))
        if errors:
            raise InvalidInput(field_errors=errors)
        if locked.accepted_at and adopted_on < locked.accepted_at:
            raise InvalidInput(field_errors={"adopted_on": [_("推广日期不能早于经验入库日期。")]})
        adoption = PracticeAdoption.objects.create(
            practice=locked,
            bureau_id=actor.bureau_id,
            place=place,
            note=note,
            adopted_on=adopted_on,
            recorded_by=actor,
        )
        _audit(actor, AuditEntry.Action.CREATE, adoption, {"place": place})
    return adoption


def zone_notice_deliver(*, notice_id: int) -> None:
    """Render the notice PDF and e-mail the local government's staff, each once."""
    notices.notice_deliver(
        model=PilotZoneNotice,
        notice_id=notice_id,
        related=("organisation", "zone__bureau", "history__actor"),
    )


def supervision_visit_record(
    *,
    zone: PilotZone,
    actor: User,
    findings: str,
    problems: str = "",
    requirements: str = "",
    visited_on=None,
) -> SupervisionVisit:
    """日常监督管理: the zone's bureau records a visit to its operating zone; final."""
    if not wf.is_jurisdiction_bureau(zone, actor):
        raise NotPermitted(_("只有试验区的辖区直属局可以记录日常监督管理情况。"))
    errors, texts = {}, {}
    for field, value, required in (
        ("findings", findings, True),
        ("problems", problems, False),
        ("requirements", requirements, False),
    ):
        if not isinstance(value, str):
            errors[field] = [_("请填写文字。")]
        elif required and not value.strip():
            errors[field] = [_("请填写检查情况。")]
        else:
            texts[field] = value.strip()
    if texts.get("problems") and not texts.get("requirements") and "requirements" not in errors:
        errors["requirements"] = [_("发现问题的，请填写整改要求。")]
    visited_on = _past_date(visited_on, "visited_on", errors)
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        locked = PilotZone.objects.select_for_update().get(pk=zone.pk)
        if locked.state != State.OPERATING:
            raise Conflict(_("试验区开始运行后才有日常监督管理记录。"))
        if locked.operation_started_on and visited_on < locked.operation_started_on:
            raise InvalidInput(
                field_errors={"visited_on": [_("检查日期不能早于试验区开始运行日期。")]}
            )
        visit = SupervisionVisit.objects.create(
            zone=locked, visited_on=visited_on, recorded_by=actor, **texts
        )
        _audit(actor, AuditEntry.Action.CREATE, visit, {"visited_on": visited_on.isoformat()})
    return visit

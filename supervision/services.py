"""Every write of supervision: plans and draws, inspections, proposals, complaints, 约谈/督办."""

import contextlib
import secrets
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, Role, User
from accounts.services import audit_record
from applications.models import Application, CaseHistory, Certificate
from applications.services import case_transition
from applications.workflow import State
from casework import draw, draws
from casework.deadlines import add_working_days
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions.models import Bureau, ZoneMembership

from .models import (
    AccountabilityItem,
    Complaint,
    Inspection,
    InspectionPlan,
    InspectionTarget,
    PoolMember,
    Proposal,
)

# ---------------------------------------------------------------- plans and draws


def plan_create(
    *,
    actor: User,
    name: str,
    planned_date: date,
    team_size: int = 2,
    sample_size: int | None = None,
    sample_ratio=None,
    zones=(),
    bureaus=(),
    categories=(),
    weighted: bool = False,
    exclude_own_bureau: bool = True,
    draw_at=None,
    beacon_source: str = "",
    beacon_date: date | None = None,
) -> InspectionPlan:
    """一单: HQ plans nationally; a bureau plans for its own jurisdiction only. With a declared
    lottery draw (`beacon_source`, `beacon_date`) the plan draws by protocol 2: its candidate
    lists are committed when it is "drawn" (at `draw_at`, before that date) and the result
    follows from the lottery's numbers (ADR 0009); without one, a secret seed is made here and
    only its SHA-256 commitment is shown until it is revealed (protocol 1)."""
    if actor.role not in (Role.HQ, Role.BUREAU):
        raise NotPermitted(_("只有总局和直属局可以制定抽查计划。"))
    errors = draws.plan_field_errors(
        sample_size=sample_size,
        sample_ratio=sample_ratio,
        team_size=team_size,
        planned_date=planned_date,
    )
    if actor.role == Role.BUREAU and zones:
        errors["zones"] = [_("直属局只能对本辖区制定抽查计划。")]
    if actor.role == Role.BUREAU and any(b.pk != actor.bureau_id for b in bureaus):
        errors["bureaus"] = [_("直属局只能对本辖区制定抽查计划。")]
    if draw_at is not None and timezone.localtime(draw_at).date() > planned_date:
        errors["draw_at"] = [_("定时抽取时间不能晚于检查日期。")]
    randomness, beacon_errors = draws.plan_randomness(
        beacon_source=beacon_source, beacon_date=beacon_date, planned_date=planned_date
    )
    errors.update(beacon_errors)
    if (
        draw_at is not None
        and beacon_date is not None
        and timezone.localtime(draw_at).date() >= beacon_date
    ):
        errors["draw_at"] = [_("定时封存候选名单的时间应早于公共随机数的开奖日期。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            name=name,
            created_by=actor,
            owner_bureau_id=actor.bureau_id if actor.role == Role.BUREAU else None,
            sample_size=sample_size,
            sample_ratio=sample_ratio,
            team_size=team_size,
            weighted=weighted,
            exclude_own_bureau=exclude_own_bureau,
            planned_date=planned_date,
            draw_at=draw_at,
            **randomness,
        )
        plan.zones.set(zones)
        plan.bureaus.set([actor.bureau] if actor.role == Role.BUREAU else bureaus)
        plan.categories.set(categories)
    return plan


def _scope_bureau_ids(plan: InspectionPlan) -> set[int] | None:
    """Bureaus in scope (None: all, nationally)."""
    ids = set(plan.bureaus.values_list("pk", flat=True))
    ids |= set(
        ZoneMembership.objects.filter(zone__in=plan.zones.all()).values_list("bureau_id", flat=True)
    )
    return ids or None


def _snapshot(plan: InspectionPlan) -> dict:
    """The candidate lists at draw time: valid protected products in scope, and the available
    inspector pool. Who must be recused from a product is added by the draw for the drawn
    products only (`_recusals`): at 100,000 candidates, reading every case's history to recuse
    people from products that are not drawn took seconds (docs/performance.md)."""
    cases = Application.objects.filter(state=State.PROTECTED)
    scope = _scope_bureau_ids(plan)
    if scope is not None:
        cases = cases.filter(bureau_id__in=scope)
    categories = list(plan.categories.values_list("pk", flat=True))
    if categories:
        cases = cases.filter(category_id__in=categories)
    rows = list(cases.order_by("pk").values_list("pk", "bureau_id"))
    # A weight is stored for weighted plans only (the draw reads 1 when there is none): the
    # snapshot of a national plan holds ~100,000 candidates.
    if plan.weighted:
        weights = _weights(cases)
        targets = [
            {"case": pk, "bureau": bureau_id, "weight": weights.get(pk, 1)}
            for pk, bureau_id in rows
        ]
    else:
        targets = [{"case": pk, "bureau": bureau_id} for pk, bureau_id in rows]
    inspectors = [
        {"user": user_id, "bureau": bureau_id}
        for user_id, bureau_id in PoolMember.objects.filter(available=True, user__is_active=True)
        .values_list("user_id", "bureau_id")
        .order_by("user_id")
    ]
    return {"targets": targets, "inspectors": inspectors}


def _weights(cases) -> dict[int, int]:
    """1 + complaints + 2 × inspections with findings, per candidate (two grouped queries)."""
    weights: dict[int, int] = {}
    complaints = (
        Complaint.objects.filter(application__in=cases.values("pk"))
        .values("application_id")
        .annotate(n=Count("pk"))
        .values_list("application_id", "n")
    )
    for case_id, n in complaints:
        weights[case_id] = weights.get(case_id, 1) + n
    findings = (
        Inspection.objects.filter(target__application__in=cases.values("pk"))
        .exclude(outcome=Inspection.Outcome.NO_ISSUE)
        .values("target__application_id")
        .annotate(n=Count("pk"))
        .values_list("target__application_id", "n")
    )
    for case_id, n in findings:
        weights[case_id] = weights.get(case_id, 1) + 2 * n
    return weights


def _recusals(case_ids: list[int]) -> dict[int, set[int]]:
    """The people who handled each case: its officer and every earlier one (reassignments are
    in the audit log), everyone in its history, and the inspectors of earlier inspections of it."""
    handled: dict[int, set[int]] = {pk: set() for pk in case_ids}
    for case_id, officer_id in Application.objects.filter(
        pk__in=case_ids, officer__isnull=False
    ).values_list("pk", "officer_id"):
        handled[case_id].add(officer_id)
    for object_id, changes in AuditEntry.objects.filter(
        object_type=Application._meta.label_lower,
        object_id__in=[str(pk) for pk in case_ids],
    ).values_list("object_id", "changes"):
        handled[int(object_id)].update(changes.get("officer_id", ()))
    for case_id, actor_id in CaseHistory.objects.filter(
        application_id__in=case_ids, actor__isnull=False
    ).values_list("application_id", "actor_id"):
        handled[case_id].add(actor_id)
    for case_id, user_id in InspectionTarget.inspectors.through.objects.filter(
        inspectiontarget__application_id__in=case_ids
    ).values_list("inspectiontarget__application_id", "user_id"):
        handled[case_id].add(user_id)
    return handled


def _write_targets(plan: InspectionPlan, result: draw.DrawResult) -> None:
    """The drawn products and their teams, in bulk: two inserts whatever the sample size."""
    targets = InspectionTarget.objects.bulk_create(
        [
            InspectionTarget(plan=plan, application_id=row["case"], position=position)
            for position, row in enumerate(result.targets, start=1)
        ]
    )
    InspectionTarget.inspectors.through.objects.bulk_create(
        [
            InspectionTarget.inspectors.through(inspectiontarget=target, user_id=user)
            for target, row in zip(targets, result.targets, strict=True)
            for user in row["inspectors"]
        ]
    )


def plan_draw(*, plan_id: int, actor: User | None = None) -> InspectionPlan:
    """Draw once (casework.draws.plan_draw): a repeated task or a second click never draws
    twice."""
    return draws.plan_draw(
        model=InspectionPlan,
        plan_id=plan_id,
        actor=actor,
        may_manage=may_manage,
        snapshot_of=_snapshot,
        recusal=_recusals,
        write_targets=_write_targets,
    )


def may_manage(*, plan: InspectionPlan, user: User) -> bool:
    """HQ planners manage HQ plans; a bureau manages its own plans."""
    if plan.owner_bureau_id is None:
        return user.role == Role.HQ
    return user.role == Role.BUREAU and user.bureau_id == plan.owner_bureau_id


def plan_beacon_enter(*, plan: InspectionPlan, actor: User, value: str) -> InspectionPlan:
    """录入开奖号码 of a committed protocol-2 plan, and draw (casework.draws.plan_beacon_enter):
    whoever may draw the plan, once, from the declared draw date on."""
    return draws.plan_beacon_enter(
        model=InspectionPlan,
        plan=plan,
        actor=actor,
        value=value,
        may_manage=may_manage,
        recusal=_recusals,
        write_targets=_write_targets,
    )


def plan_reveal(*, plan: InspectionPlan, actor: User) -> InspectionPlan:
    """公开种子 after the inspections: anyone can then re-run the draw."""
    return draws.plan_reveal(model=InspectionPlan, plan=plan, actor=actor, may_manage=may_manage)


def plan_verify(*, plan: InspectionPlan) -> dict:
    """Re-run the draw from the stored snapshot and the revealed seed."""
    return draws.plan_verify(plan=plan)


def plan_publish(*, plan: InspectionPlan, actor: User | None = None) -> InspectionPlan:
    """公开检查结果: the public list of inspected products and outcomes."""
    return draws.plan_publish(model=InspectionPlan, plan=plan, actor=actor, may_manage=may_manage)


# ---------------------------------------------------------------- inspections and proposals


def inspection_record(
    *, target: InspectionTarget, actor: User, findings: str, outcome: str
) -> Inspection:
    """A drawn inspector records the findings; a proposal goes to HQ's queue."""
    if not target.inspectors.filter(pk=actor.pk).exists():
        raise NotPermitted(_("只有被抽中的检查人员可以录入检查结果。"))
    errors = {}
    if not findings.strip():
        errors["findings"] = [_("请填写检查发现。")]
    if outcome not in Inspection.Outcome.values:
        errors["outcome"] = [_("请选择检查结论。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    if timezone.localdate() < target.plan.planned_date:
        raise Conflict(_("检查日期之前不能录入检查结果。"))
    with transaction.atomic():
        if Inspection.objects.filter(target=target).exists():
            raise Conflict(_("该检查对象的检查结果已录入。"))
        inspection = Inspection.objects.create(
            target=target, findings=findings.strip(), outcome=outcome, recorded_by=actor
        )
        kind = {
            Inspection.Outcome.PROPOSE_SUSPENSION: Proposal.Kind.SUSPEND,
            Inspection.Outcome.PROPOSE_REVOCATION: Proposal.Kind.REVOKE,
        }.get(outcome)
        if kind:
            Proposal.objects.create(
                application=target.application,
                kind=kind,
                reason=findings.strip(),
                inspection=inspection,
                proposed_by=actor,
            )
    return inspection


def proposal_decide(
    *,
    proposal: Proposal,
    actor: User,
    accept: bool,
    note: str = "",
    deadline: date | None = None,
) -> Proposal:
    """HQ decides a proposal; accepting fires the case engine's suspend or revoke."""
    if actor.role != Role.HQ:
        raise NotPermitted(_("只有总局可以决定暂停或撤销保护。"))
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != Proposal.Status.OPEN:
            raise Conflict(_("该建议已处理。"))
        if accept:
            reason = proposal.reason if not note else f"{proposal.reason}\n{note}"
            body = {"deadline": deadline} if proposal.kind == Proposal.Kind.SUSPEND else {}
            case_transition(
                case=proposal.application, name=proposal.kind, actor=actor, reason=reason, **body
            )
        proposal.status = Proposal.Status.ACCEPTED if accept else Proposal.Status.REJECTED
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        proposal.decision_note = note
        proposal.save()
    return proposal


def proposal_create(*, application: Application, actor: User, kind: str, reason: str) -> Proposal:
    """A bureau proposes to HQ to suspend or revoke a product of its jurisdiction."""
    if actor.role != Role.BUREAU or actor.bureau_id != application.bureau_id:
        raise NotPermitted(_("只有辖区直属局可以提出处理建议。"))
    if kind not in Proposal.Kind.values or not reason.strip():
        raise InvalidInput(field_errors={"reason": [_("请选择建议并填写理由。")]})
    return Proposal.objects.create(
        application=application, kind=kind, reason=reason.strip(), proposed_by=actor
    )


# ---------------------------------------------------------------- complaints


_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def complaint_submit(
    *,
    content: str,
    certificate_number: str = "",
    product_text: str = "",
    bureau: Bureau | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> Complaint:
    """投诉举报 from anyone: routed to the bureau of the product, with a tracking code."""
    errors = {}
    if len(content.strip()) < 10:
        errors["content"] = [_("请具体描述投诉举报的事项（至少 10 个字）。")]
    certificate = None
    if certificate_number.strip():
        certificate = (
            Certificate.objects.select_related("application")
            .filter(number=certificate_number.strip().upper())
            .first()
        )
        if certificate is None:
            errors["certificate_number"] = [
                _("未找到该证书编号，请核对，或改填产品名称并选择直属局。")
            ]
    elif not product_text.strip():
        errors["product_text"] = [_("请填写证书编号，或填写产品（企业）名称。")]
    if certificate is None and bureau is None and "certificate_number" not in errors:
        errors["bureau"] = [_("未填写证书编号时，请选择产品所在地的直属局。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    application = certificate.application if certificate else None
    return Complaint.objects.create(
        tracking_code="".join(secrets.choice(_CODE_ALPHABET) for _ in range(12)),
        certificate_number=certificate.number if certificate else "",
        product_text=product_text.strip()[:200],
        application=application,
        bureau_id=application.bureau_id if application else bureau.pk,
        content=content.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        due_date=add_working_days(timezone.localdate(), settings.COMPLAINT_WORKING_DAYS),
    )


def complaint_handle(
    *,
    complaint: Complaint,
    actor: User,
    outcome: str,
    resolution: str,
    proposal_kind: str = "",
) -> Complaint:
    """The bureau closes a complaint; it may lead to a proposal to HQ."""
    if actor.role != Role.BUREAU or actor.bureau_id != complaint.bureau_id:
        raise NotPermitted(_("只有承办直属局可以办理该投诉举报。"))
    errors = {}
    if outcome not in Complaint.Outcome.values:
        errors["outcome"] = [_("请选择办理结果。")]
    if not resolution.strip():
        errors["resolution"] = [_("请填写办理情况。")]
    if outcome == Complaint.Outcome.PROPOSAL and (
        complaint.application_id is None or proposal_kind not in Proposal.Kind.values
    ):
        errors["proposal_kind"] = [_("建议暂停或撤销保护须针对已认定的保护产品，并选择建议类别。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if complaint.status == Complaint.Status.CLOSED:
            raise Conflict(_("该投诉举报已办结。"))
        complaint.status = Complaint.Status.CLOSED
        complaint.outcome = outcome
        complaint.resolution = resolution.strip()
        complaint.handled_by = actor
        complaint.closed_at = timezone.now()
        complaint.save()
        if outcome == Complaint.Outcome.PROPOSAL:
            Proposal.objects.create(
                application=complaint.application,
                kind=proposal_kind,
                reason=resolution.strip(),
                complaint=complaint,
                proposed_by=actor,
            )
    return complaint


# ---------------------------------------------------------------- 约谈 and 挂牌督办


def accountability_open(
    *,
    actor: User,
    kind: str,
    bureau: Bureau,
    reason: str,
    responsible_person: str,
    deadline: date,
) -> AccountabilityItem:
    """HQ, or a zone lead within its zone, opens an interview or a flagged-supervision item."""
    in_led_zone = ZoneMembership.objects.filter(
        zone_id__in=actor.led_zone_ids, bureau=bureau
    ).exists()
    if not (actor.role == Role.HQ or (in_led_zone and bureau.pk != actor.bureau_id)):
        raise NotPermitted(_("只有总局或片区牵头单位（对本片区直属局）可以发起约谈、挂牌督办。"))
    errors = {}
    if kind not in AccountabilityItem.Kind.values:
        errors["kind"] = [_("请选择类别。")]
    if not reason.strip():
        errors["reason"] = [_("请填写事由。")]
    if not responsible_person.strip():
        errors["responsible_person"] = [_("请填写责任人。")]
    if deadline <= timezone.localdate():
        errors["deadline"] = [_("完成时限应晚于今天。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    return AccountabilityItem.objects.create(
        kind=kind,
        bureau=bureau,
        opened_by=actor,
        reason=reason.strip(),
        responsible_person=responsible_person.strip(),
        deadline=deadline,
    )


def accountability_answer(*, item: AccountabilityItem, actor: User, measures: str):
    if actor.role != Role.BUREAU or actor.bureau_id != item.bureau_id:
        raise NotPermitted(_("只有被约谈（督办）的直属局可以报送整改措施。"))
    if not measures.strip():
        raise InvalidInput(field_errors={"measures": [_("请填写整改措施。")]})
    with transaction.atomic():
        item = AccountabilityItem.objects.select_for_update().get(pk=item.pk)
        if item.status == AccountabilityItem.Status.CLOSED:
            raise Conflict(_("该事项已销号。"))
        item.measures = measures.strip()
        item.status = AccountabilityItem.Status.ANSWERED
        item.answered_at = timezone.now()
        item.save()
    return item


def accountability_close(*, item: AccountabilityItem, actor: User, note: str = ""):
    if not (actor.role == Role.HQ or actor.pk == item.opened_by_id):
        raise NotPermitted(_("只有总局或发起单位可以销号。"))
    with transaction.atomic():
        item = AccountabilityItem.objects.select_for_update().get(pk=item.pk)
        if item.status != AccountabilityItem.Status.ANSWERED:
            raise Conflict(_("直属局报送整改措施后才能销号。"))
        item.status = AccountabilityItem.Status.CLOSED
        item.closed_at = timezone.now()
        item.closing_note = note.strip()
        item.save()
    return item


# ---------------------------------------------------------------- sweeps (Celery beat)


def plans_draw_due() -> int:
    """定时抽取: plans whose draw time has come are drawn (each once)."""
    due = InspectionPlan.objects.filter(
        status=InspectionPlan.Status.PLANNED, draw_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    for pk in due:
        # A protocol-2 plan whose lottery date came first is left as it is (Conflict).
        with contextlib.suppress(Conflict):
            plan_draw(plan_id=pk)
    return len(due)


def plans_publish_due() -> int:
    """Results are published within the configured working days after the inspection date."""
    published = 0
    for plan in InspectionPlan.objects.filter(
        status__in=[InspectionPlan.Status.DRAWN, InspectionPlan.Status.REVEALED],
        published_at__isnull=True,
        planned_date__lt=timezone.localdate(),
    ):
        if add_working_days(plan.planned_date, settings.SUPERVISION_PUBLISH_WORKING_DAYS) <= (
            timezone.localdate()
        ):
            plan_publish(plan=plan)
            published += 1
    return published


def overdue_escalate() -> dict:
    """Overdue complaints and 约谈/督办 items are escalated to HQ once (idempotent)."""
    today, now = timezone.localdate(), timezone.now()
    complaints = Complaint.objects.filter(due_date__lt=today, escalated_at__isnull=True).exclude(
        status=Complaint.Status.CLOSED
    )
    # An item is overdue while the bureau has not answered it; after the answer the wait is HQ's.
    items = AccountabilityItem.objects.filter(
        deadline__lt=today, escalated_at__isnull=True, status=AccountabilityItem.Status.OPEN
    )
    return {
        "complaints": complaints.update(escalated_at=now),
        "items": items.update(escalated_at=now),
    }


# ---------------------------------------------------------------- inspector pool


def pool_member_save(
    *,
    actor: User,
    user: User,
    kind: str,
    available: bool = True,
    specialities=(),
    note: str = "",
) -> PoolMember:
    """检查人员库: HQ maintains everyone; a bureau maintains its own inspectors and experts."""
    if user.role not in (Role.INSPECTOR, Role.EXPERT):
        raise InvalidInput(field_errors={"user": [_("只有检查员或专家账户可以列入检查人员库。")]})
    if not (
        actor.role == Role.HQ or (actor.role == Role.BUREAU and actor.bureau_id == user.bureau_id)
    ):
        raise NotPermitted(_("直属局只能维护本局的检查人员。"))
    if kind not in PoolMember.Kind.values:
        raise InvalidInput(field_errors={"kind": [_("请选择类别。")]})
    with transaction.atomic():
        member, created = PoolMember.objects.select_for_update().get_or_create(
            user=user,
            defaults={"bureau_id": user.bureau_id, "kind": kind},
        )
        before = {"kind": member.kind, "available": member.available, "note": member.note}
        member.bureau_id, member.kind = user.bureau_id, kind
        member.available, member.note = available, note.strip()
        member.save()
        member.specialities.set(specialities)
        audit_record(
            actor=actor,
            action="create" if created else "update",
            instance=member,
            source="web",
            changes={"before": before if not created else {}, "available": available, "kind": kind},
        )
    return member

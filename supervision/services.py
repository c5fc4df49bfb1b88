"""Every write of supervision: plans and draws, inspections, proposals, complaints, each bureau's
挂牌督办 and 约谈 (§18)."""

import contextlib
import secrets
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, Role, User
from accounts.services import audit_record
from applications.models import Application, CaseHistory, Certificate
from applications.services import case_transition
from applications.workflow import State
from casework import draw, draws
from casework.credit import notify_credit_facts_changed
from casework.deadlines import add_working_days
from casework.weighting import WEIGHTING_VERSION, risk_factors
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions.cooperation import is_joint_check_zone
from regions.models import Bureau, BureauDepartment, Zone, ZoneMembership

from . import rectification_services
from .credit_facts import SUBSTANTIATED
from .models import (
    Complaint,
    Inspection,
    InspectionPlan,
    InspectionTarget,
    Interview,
    KeyWorkItem,
    KeyWorkProgress,
    PlanConsent,
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
    exclude_own_bureau: bool | None = None,
    draw_at=None,
    beacon_source: str,
    beacon_date: date | None,
    zone: Zone | None = None,
    mixed_teams: bool | None = None,
) -> InspectionPlan:
    """一单: HQ plans nationally, drawing staff of every bureau and, by default, not those of
    the target's own bureau; a bureau plans for its own jurisdiction with its own staff (no
    own-bureau exclusion: `exclude_own_bureau` True is refused); a zone's lead bureau plans for
    its zone (`zone`: the member bureaus' jurisdictions and staff), drawn once every member has
    consented (plan_consent_record, ADR 0020). Every plan declares a lottery draw
    (`beacon_source`, `beacon_date`: after today, before the inspection date) and draws by
    protocol 2 (ADR 0009): its candidate lists are committed when it is "drawn" (by hand, or at
    `draw_at`, before that date) and the result follows from the lottery's numbers once they
    are entered, so that nobody can steer it (§10 双随机). HQ's and zone plans may mix their
    teams (`mixed_teams`: each team's members from different bureaus where the pool allows); a
    plan of the 京津冀专区 is a joint spot check (联动抽查, seed 003 §三.27) whose teams are
    always mixed (ADR 0037)."""
    if actor.role not in (Role.HQ, Role.BUREAU):
        raise NotPermitted(_("只有总局和直属局可以制定抽查计划。"))
    if zone is not None and not zone_leads(zone=zone, bureau_id=actor.bureau_id, role=actor.role):
        raise NotPermitted(_("只有片区的牵头单位可以制定片区抽查计划。"))
    errors = draws.plan_field_errors(
        sample_size=sample_size,
        sample_ratio=sample_ratio,
        team_size=team_size,
        planned_date=planned_date,
    )
    if zone is not None:
        if any(z.pk != zone.pk for z in zones):
            errors["zones"] = [_("片区计划的范围是本片区各成员单位的辖区。")]
        if bureaus:
            errors["bureaus"] = [_("片区计划的范围是本片区各成员单位的辖区。")]
    else:
        if actor.role == Role.BUREAU and zones:
            errors["zones"] = [_("直属局只能对本辖区制定抽查计划。")]
        if actor.role == Role.BUREAU and any(b.pk != actor.bureau_id for b in bureaus):
            errors["bureaus"] = [_("直属局只能对本辖区制定抽查计划。")]
    own_staff = actor.role == Role.BUREAU and zone is None
    if own_staff and exclude_own_bureau:
        errors["exclude_own_bureau"] = [
            _("直属局的计划从本局人员中选派检查人员，不适用回避被检对象所在直属局人员。")
        ]
    if exclude_own_bureau is None:
        exclude_own_bureau = not own_staff
    joint = is_joint_check_zone(zone)
    if own_staff and mixed_teams:
        errors["mixed_teams"] = [_("直属局的计划从本局人员中选派检查人员，不适用混合编组。")]
    if joint and mixed_teams is False:
        errors["mixed_teams"] = [
            _("京津冀联动抽查的检查组由三地检验检疫部门的人员混合编组，不能取消。")
        ]
    if mixed_teams is None:
        mixed_teams = joint
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
            organising_zone=zone,
            sample_size=sample_size,
            sample_ratio=sample_ratio,
            team_size=team_size,
            weighted=weighted,
            exclude_own_bureau=exclude_own_bureau,
            mixed_teams=mixed_teams,
            planned_date=planned_date,
            draw_at=draw_at,
            **randomness,
        )
        if zone is not None:
            plan.zones.set([zone])
        else:
            plan.zones.set(zones)
            plan.bureaus.set([actor.bureau] if actor.role == Role.BUREAU else bureaus)
        plan.categories.set(categories)
        if zone is not None:
            audit_record(
                actor=actor,
                action="create",
                instance=plan,
                source="web",
                changes={"organising_zone": zone.code, "awaiting": _consent_codes(plan)},
            )
    return plan


def zone_leads(*, zone: Zone, bureau_id: int | None, role: str) -> bool:
    """Whether a user of `role` and `bureau_id` speaks for a lead bureau (牵头单位) of `zone`."""
    return (
        role == Role.BUREAU
        and bureau_id is not None
        and ZoneMembership.objects.filter(
            zone=zone, bureau_id=bureau_id, role=ZoneMembership.Role.LEAD
        ).exists()
    )


def zones_led_by(*, user: User):
    """The zones whose plans `user` may organise: those its bureau leads (none for others)."""
    if user.role != Role.BUREAU or user.bureau_id is None:
        return Zone.objects.none()
    return Zone.objects.filter(
        memberships__bureau_id=user.bureau_id, memberships__role=ZoneMembership.Role.LEAD
    ).distinct()


def consent_bureaus(plan: InspectionPlan) -> list[Bureau]:
    """The bureaus whose consent (同意) a zone plan needs: every bureau of the zone but the
    organising lead, in order; none for other plans."""
    if plan.organising_zone_id is None:
        return []
    return list(
        Bureau.objects.filter(
            memberships__zone_id=plan.organising_zone_id,
        )
        .exclude(pk=plan.owner_bureau_id)
        .order_by("pk")
        .distinct()
    )


def consents_missing(plan: InspectionPlan) -> list[Bureau]:
    """The bureaus of a zone plan that have not consented yet (refusals included)."""
    consented = set(
        PlanConsent.objects.filter(plan=plan, decision=PlanConsent.Decision.CONSENT).values_list(
            "bureau_id", flat=True
        )
    )
    return [b for b in consent_bureaus(plan) if b.pk not in consented]


def _consent_codes(plan: InspectionPlan) -> list[str]:
    return [b.code for b in consents_missing(plan)]


def _zone_plan_drawable(plan: InspectionPlan) -> None:
    """A zone plan is drawn only when not withdrawn, not refused, and consented by all (409)."""
    if plan.withdrawn_at is not None:
        raise Conflict(_("该计划已撤回，不能抽取。"))
    if plan.organising_zone_id is None:
        return
    if PlanConsent.objects.filter(plan=plan, decision=PlanConsent.Decision.REFUSE).exists():
        raise Conflict(_("有成员单位不同意该片区计划，不能抽取：请撤回计划。"))
    missing = consents_missing(plan)
    if missing:
        raise Conflict(
            _("以下成员单位尚未同意该片区计划，不能抽取：%(names)s。")
            % {"names": "、".join(b.name for b in missing)},
            field_errors={"missing_bureaus": [b.code for b in missing]},
        )


def plan_consent_record(
    *, plan: InspectionPlan, actor: User, consent: bool, comment: str = ""
) -> PlanConsent:
    """同意 or 不同意 of a zone plan by a user of one of the zone's bureaus whose consent it
    needs (consent_bureaus), once per bureau, while the plan waits to be drawn and is not
    withdrawn. A refusal needs its reason and blocks the plan (the lead may withdraw it)."""
    if actor.role != Role.BUREAU or plan.organising_zone_id is None:
        raise NotPermitted(_("只有片区成员单位可以对片区计划表示意见。"))
    if actor.bureau_id not in {b.pk for b in consent_bureaus(plan)}:
        raise NotPermitted(_("只有片区成员单位可以对片区计划表示意见。"))
    comment = (comment or "").strip()
    if not consent and not comment:
        raise InvalidInput(field_errors={"comment": [_("不同意时请说明理由。")]})
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.withdrawn_at is not None:
            raise Conflict(_("该计划已撤回。"))
        if plan.status != InspectionPlan.Status.PLANNED:
            raise Conflict(_("该计划已封存候选名单，不能再表示意见。"))
        if PlanConsent.objects.filter(plan=plan, bureau_id=actor.bureau_id).exists():
            raise Conflict(_("本单位已对该计划表示意见。"))
        record = PlanConsent.objects.create(
            plan=plan,
            bureau_id=actor.bureau_id,
            decision=PlanConsent.Decision.CONSENT if consent else PlanConsent.Decision.REFUSE,
            actor=actor,
            comment=comment,
        )
        audit_record(
            actor=actor,
            action="update",
            instance=plan,
            source="web",
            changes={"consent": record.decision, "bureau": actor.bureau.code, "comment": comment},
        )
    return record


def plan_withdraw(*, plan: InspectionPlan, actor: User, reason: str) -> InspectionPlan:
    """撤回 a zone plan not yet committed, by its lead bureau, with a reason (after a member's
    refusal, or for any other reason): it is kept, and never drawn."""
    if plan.organising_zone_id is None or not may_manage(plan=plan, user=actor):
        raise NotPermitted(_("只有制定片区计划的牵头单位可以撤回该计划。"))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(field_errors={"reason": [_("请填写撤回理由。")]})
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.withdrawn_at is not None:
            raise Conflict(_("该计划已撤回。"))
        if plan.status != InspectionPlan.Status.PLANNED:
            raise Conflict(_("该计划已封存候选名单，不能撤回。"))
        plan.withdrawn_at = timezone.now()
        plan.withdrawn_by = actor
        plan.withdrawal_reason = reason
        plan.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        audit_record(
            actor=actor,
            action="update",
            instance=plan,
            source="web",
            changes={"withdrawn": True, "reason": reason},
        )
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
    # HQ's plans draw staff of every bureau; a bureau's plan its own staff; a zone plan the
    # staff of the zone's bureaus (ADR 0020).
    pool = PoolMember.objects.filter(available=True, user__is_active=True)
    if plan.organising_zone_id is not None:
        pool = pool.filter(bureau__memberships__zone_id=plan.organising_zone_id)
    elif plan.owner_bureau_id is not None:
        pool = pool.filter(bureau_id=plan.owner_bureau_id)
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
        for user_id, bureau_id in pool.values_list("user_id", "bureau_id").order_by("user_id")
    ]
    snapshot = {"targets": targets, "inspectors": inspectors}
    if plan.weighted:
        # Committed with the lists: how the weights were reckoned (casework.weighting).
        snapshot["weighting"] = WEIGHTING_VERSION
    return snapshot


def _weights(cases) -> dict[int, int]:
    """(1 + complaints + 2 × inspections with findings) × the enterprise's risk factors
    (casework.weighting: its credit grade, the active warnings naming it), per candidate: three
    grouped queries and the factor sources' own."""
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
    enterprises = dict(cases.values_list("pk", "enterprise__uscc"))
    factors = risk_factors(usccs=list(set(enterprises.values())))
    if factors:
        for case_id, uscc in enterprises.items():
            if uscc in factors:
                weights[case_id] = weights.get(case_id, 1) * factors[uscc]
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
    """抽取's first step: the candidate lists committed before the declared lottery draws
    (casework.draws.plan_draw), once: a repeated sweep or a second click changes nothing. The
    draw follows the lottery's numbers (plan_beacon_enter). A zone plan is committed only once
    every bureau whose consent it needs has consented (409 naming those missing), and a
    withdrawn plan never."""
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().get(pk=plan_id)
        if actor is not None and not may_manage(plan=plan, user=actor):
            raise NotPermitted(_("您无权执行此抽取。"))
        if plan.status == InspectionPlan.Status.PLANNED:
            _zone_plan_drawable(plan)
        return draws.plan_draw(
            model=InspectionPlan,
            plan_id=plan_id,
            actor=actor,
            may_manage=may_manage,
            snapshot_of=_snapshot,
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
    *,
    target: InspectionTarget,
    actor: User,
    findings: str,
    outcome: str,
    requirements: str = "",
    rectification_deadline: date | None = None,
) -> Inspection:
    """A drawn inspector records the findings; a proposal goes to HQ's queue; 责令整改 opens a
    rectification on the case (its requirements, else the findings; its deadline, else N
    working days), which stays protected (ADR 0021)."""
    if not target.inspectors.filter(pk=actor.pk).exists():
        raise NotPermitted(_("只有被抽中的检查人员可以录入检查结果。"))
    errors = {}
    if not findings.strip():
        errors["findings"] = [_("请填写检查发现。")]
    if outcome not in Inspection.Outcome.values:
        errors["outcome"] = [_("请选择检查结论。")]
    if outcome == Inspection.Outcome.RECTIFY:
        errors.update(
            rectification_services.check_rectification_input(
                application=target.application, deadline=rectification_deadline
            )
        )
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
        if outcome == Inspection.Outcome.RECTIFY:
            rectification_services.open_for_inspection(
                inspection=inspection,
                actor=actor,
                requirements=requirements.strip(),
                deadline=rectification_deadline,
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


def proposal_forced_exit(*, uscc: str, reason: str, actor: User, reference: str) -> int:
    """强制退出 (seed 004 §二.12): HQ listed the enterprise on the blacklist under decision
    `reference`; each of its products still protected or suspended goes to HQ as a proposal to
    revoke, decided as any other (proposal_decide fires the engine's revoke). A product with an
    open proposal already, or proposed under this decision before, gets none: one listing
    proposes once."""
    # In the portal's language whoever lists: the marker is also how a repeat is recognised.
    with translation.override(settings.LANGUAGE_CODE):
        marker = _("（质量安全违法黑名单 %(reference)s，强制退出）") % {"reference": reference}
    with transaction.atomic():
        cases = list(
            Application.objects.select_for_update(of=("self",))
            .filter(
                enterprise__uscc=uscc,
                enterprise__confirmed_at__isnull=False,
                state__in=[State.PROTECTED, State.SUSPENDED],
            )
            .exclude(proposals__status=Proposal.Status.OPEN)
            .exclude(proposals__reason__endswith=marker)
            .order_by("pk")
        )
        Proposal.objects.bulk_create(
            Proposal(
                application=case,
                kind=Proposal.Kind.REVOKE,
                reason=f"{reason.strip()}{marker}",
                proposed_by=actor,
            )
            for case in cases
        )
    return len(cases)


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
    requirements: str = "",
    rectification_deadline: date | None = None,
    follow_up_due: date | None = None,
) -> Complaint:
    """The bureau closes a complaint; it may lead to a proposal to HQ, to a rectification of the
    product (已责令整改: its requirements, else the resolution; its deadline, else N working
    days) or to a follow-up inspection of it (转入检查, due by `follow_up_due`, else N working
    days): ADR 0021. A rectification is opened for a protected product only; a follow-up
    inspection needs the product to be known."""
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
        errors["proposal_kind"] = [_("建议暂停或撤销保护须针对已查明的保护产品，并选择建议类别。")]
    # 已责令整改 of a protected product opens a rectification on its case; of a product the
    # portal does not protect (冒用标志, say) the bureau's order is recorded in the resolution.
    rectifies = (
        outcome == Complaint.Outcome.RESOLVED
        and complaint.application_id is not None
        and complaint.application.state == State.PROTECTED
    )
    if rectifies:
        errors.update(
            rectification_services.check_rectification_input(
                application=complaint.application, deadline=rectification_deadline
            )
        )
    if outcome == Complaint.Outcome.INSPECTION:
        if complaint.application_id is None:
            errors["outcome"] = [_("转入检查须针对已查明的保护产品。")]
        if follow_up_due is not None and follow_up_due <= timezone.localdate():
            errors["follow_up_due"] = [_("期限应晚于今天。")]
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
        if outcome in SUBSTANTIATED and complaint.application_id is not None:
            notify_credit_facts_changed(usccs=[complaint.application.enterprise.uscc])
        if outcome == Complaint.Outcome.PROPOSAL:
            Proposal.objects.create(
                application=complaint.application,
                kind=proposal_kind,
                reason=resolution.strip(),
                complaint=complaint,
                proposed_by=actor,
            )
        if rectifies:
            rectification_services.open_for_complaint(
                complaint=complaint,
                actor=actor,
                requirements=requirements.strip(),
                deadline=rectification_deadline,
            )
        if outcome == Complaint.Outcome.INSPECTION:
            rectification_services.follow_up_open(
                complaint=complaint, actor=actor, due_date=follow_up_due
            )
    return complaint


# ---------------------------------------------------------------- 挂牌督办 and 约谈 (§18)

# Seed 000 §18: "各直属局要对重点工作明确时限,责任到人,实行挂牌督办制度。对生态原产地工作开展不力,
# 进展缓慢的,直属局领导要约谈责任部门领导,进行针对性工作指导,并将情况报总局通关司。" Both are the
# bureau's own; a bureau account of the bureau acts for its leadership (ADR 0017). HQ reads them
# all and may put items of its own on a bureau; nobody else, a zone lead included, has any part.


def _acts_for_bureau(user: User, bureau_id: int) -> bool:
    """A bureau account of that bureau: the bureau's leadership in §18 (ADR 0017)."""
    return user.is_authenticated and user.role == Role.BUREAU and user.bureau_id == bureau_id


def key_work_may_open(*, user: User) -> bool:
    """A bureau for itself, HQ for any bureau (总局交办)."""
    return user.is_authenticated and user.role in (Role.BUREAU, Role.HQ)


def key_work_may_report_progress(*, item: KeyWorkItem, user: User) -> bool:
    """The bureau whose work it is, on its own items and on HQ's alike."""
    return _acts_for_bureau(user, item.bureau_id)


def key_work_may_close(*, item: KeyWorkItem, user: User) -> bool:
    """销号: the bureau's leadership its own items, HQ the items it put on a bureau."""
    if item.origin == KeyWorkItem.Origin.HQ:
        return user.is_authenticated and user.role == Role.HQ
    return _acts_for_bureau(user, item.bureau_id)


def may_report_to_hq(*, record: KeyWorkItem | Interview, user: User) -> bool:
    """报送通关司: the bureau, once, for what it set or recorded itself."""
    if isinstance(record, KeyWorkItem) and record.origin == KeyWorkItem.Origin.HQ:
        return False
    return _acts_for_bureau(user, record.bureau_id) and record.reported_at is None


def _text_errors(fields: dict[str, tuple[str, int | None, str]]) -> dict[str, list[str]]:
    """Required texts: {field: (value, max length or None, message when blank)}."""
    errors = {}
    for name, (value, limit, missing) in fields.items():
        if not value.strip():
            errors[name] = [missing]
        elif limit is not None and len(value.strip()) > limit:
            errors[name] = [_("不能超过 %(n)s 个字符。") % {"n": limit}]
    return errors


def _own_department(department_id: int, bureau_id: int) -> BureauDepartment:
    """The department, locked, if it is an active one of the bureau (InvalidInput otherwise)."""
    department = BureauDepartment.objects.select_for_update().get(pk=department_id)
    if department.bureau_id != bureau_id or not department.is_active:
        raise InvalidInput(field_errors={"department": [_("请选择本局有效的内设机构。")]})
    return department


def key_work_open(
    *,
    actor: User,
    title: str,
    department: BureauDepartment | None,
    responsible_person: str,
    deadline: date,
    description: str = "",
    bureau: Bureau | None = None,
) -> KeyWorkItem:
    """挂牌督办 a key work item: a bureau its own (`bureau` is its own or left out), with the
    time limit, the responsible department (one of its 内设机构) and the person named for it;
    HQ an item of its own on any bureau (总局交办). Refused to everyone else. Audited."""
    if not key_work_may_open(user=actor):
        raise NotPermitted(_("只有直属局和总局可以挂牌督办重点工作。"))
    if actor.role == Role.BUREAU:
        if bureau is not None and bureau.pk != actor.bureau_id:
            raise NotPermitted(_("直属局只能对本局的重点工作挂牌督办。"))
        bureau, origin = actor.bureau, KeyWorkItem.Origin.BUREAU
    else:
        origin = KeyWorkItem.Origin.HQ
    errors = _text_errors(
        {
            "title": (
                title,
                KeyWorkItem._meta.get_field("title").max_length,
                _("请填写重点工作。"),
            ),
            "responsible_person": (
                responsible_person,
                KeyWorkItem._meta.get_field("responsible_person").max_length,
                _("请填写责任人。"),
            ),
        }
    )
    if bureau is None:
        errors["bureau"] = [_("请选择直属局。")]
    if department is None:
        errors["department"] = [_("请选择责任部门。")]
    elif bureau is not None and department.bureau_id != bureau.pk:
        errors["department"] = [_("责任部门须为该直属局的内设机构。")]
    if deadline <= timezone.localdate():
        errors["deadline"] = [_("完成时限应晚于今天。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        department = _own_department(department.pk, bureau.pk)
        item = KeyWorkItem.objects.create(
            bureau=bureau,
            origin=origin,
            title=title.strip(),
            description=description.strip(),
            department=department,
            responsible_person=responsible_person.strip(),
            deadline=deadline,
            opened_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=item,
            changes={
                "bureau": bureau.code,
                "origin": origin,
                "title": item.title,
                "department": department.name,
                "responsible_person": item.responsible_person,
                "deadline": deadline.isoformat(),
            },
            source="web",
        )
    return item


def key_work_progress_report(*, item: KeyWorkItem, actor: User, text: str) -> KeyWorkProgress:
    """进展情况 of an open item, by the bureau whose work it is. Audited."""
    if not key_work_may_report_progress(item=item, user=actor):
        raise NotPermitted(_("只有承担该项工作的直属局可以报告进展。"))
    errors = _text_errors({"text": (text, None, _("请填写进展情况。"))})
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        item = KeyWorkItem.objects.select_for_update().get(pk=item.pk)
        if item.status == KeyWorkItem.Status.CLOSED:
            raise Conflict(_("该事项已销号。"))
        progress = KeyWorkProgress.objects.create(item=item, text=text.strip(), reported_by=actor)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=progress,
            changes={"item": item.pk, "text": progress.text},
            source="web",
        )
    return progress


def key_work_close(*, item: KeyWorkItem, actor: User, note: str) -> KeyWorkItem:
    """销号, with the closing opinion, once progress has been reported: the bureau's own items
    by the bureau, HQ's by HQ. Audited."""
    if not key_work_may_close(item=item, user=actor):
        raise NotPermitted(_("本局确定的事项由本局销号，总局交办的事项由总局销号。"))
    errors = _text_errors({"note": (note, None, _("请填写销号意见。"))})
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        item = KeyWorkItem.objects.select_for_update().get(pk=item.pk)
        if item.status == KeyWorkItem.Status.CLOSED:
            raise Conflict(_("该事项已销号。"))
        if not item.progress.exists():
            raise Conflict(_("直属局报告进展后才能销号。"))
        item.status = KeyWorkItem.Status.CLOSED
        item.closed_at = timezone.now()
        item.closed_by = actor
        item.closing_note = note.strip()
        item.save(update_fields=["status", "closed_at", "closed_by", "closing_note"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=item,
            changes={
                "status": [KeyWorkItem.Status.OPEN, item.status],
                "closing_note": item.closing_note,
            },
            source="web",
        )
    return item


def _report(model, record, actor: User):
    """报送通关司 of a bureau's own record, once. Audited."""
    if not _acts_for_bureau(actor, record.bureau_id):
        raise NotPermitted(_("只有该直属局可以报送本局的督办、约谈情况。"))
    with transaction.atomic():
        record = model.objects.select_for_update().get(pk=record.pk)
        if isinstance(record, KeyWorkItem) and record.origin == KeyWorkItem.Origin.HQ:
            raise Conflict(_("总局交办的事项无需报送。"))
        if record.reported_at is not None:
            raise Conflict(_("已报送通关司。"))
        record.reported_at = timezone.now()
        record.reported_by = actor
        record.save(update_fields=["reported_at", "reported_by"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=record,
            changes={"reported_at": record.reported_at.isoformat()},
            source="web",
        )
    return record


def key_work_report(*, item: KeyWorkItem, actor: User) -> KeyWorkItem:
    """报送通关司 a key work item the bureau set itself (HQ's own need none)."""
    return _report(KeyWorkItem, item, actor)


def interview_record(
    *,
    actor: User,
    department: BureauDepartment,
    department_head: str,
    interviewer: str,
    held_on: date,
    lagging_work: str,
    guidance: str,
    item: KeyWorkItem | None = None,
) -> Interview:
    """约谈: the bureau's leader (`interviewer`) interviewed the head of one of its own
    departments about work that lags, and gave guidance; recorded by the bureau, optionally
    about one of its 挂牌督办 items. Only a bureau, of its own departments. Audited."""
    if actor.role != Role.BUREAU:
        raise NotPermitted(_("约谈由直属局领导约谈本局责任部门领导，只有直属局可以记录。"))
    if department.bureau_id != actor.bureau_id or (
        item is not None and item.bureau_id != actor.bureau_id
    ):
        raise NotPermitted(_("直属局只能约谈本局的责任部门。"))
    errors = _text_errors(
        {
            "department_head": (
                department_head,
                Interview._meta.get_field("department_head").max_length,
                _("请填写被约谈的部门领导。"),
            ),
            "interviewer": (
                interviewer,
                Interview._meta.get_field("interviewer").max_length,
                _("请填写约谈的局领导。"),
            ),
            "lagging_work": (lagging_work, None, _("请填写工作开展不力、进展缓慢的情况。")),
            "guidance": (guidance, None, _("请填写针对性工作指导。")),
        }
    )
    if held_on > timezone.localdate():
        errors["held_on"] = [_("约谈日期不能晚于今天。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        department = _own_department(department.pk, actor.bureau_id)
        interview = Interview.objects.create(
            bureau_id=actor.bureau_id,
            department=department,
            department_head=department_head.strip(),
            interviewer=interviewer.strip(),
            held_on=held_on,
            item=item,
            lagging_work=lagging_work.strip(),
            guidance=guidance.strip(),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=interview,
            changes={
                "department": department.name,
                "department_head": interview.department_head,
                "interviewer": interview.interviewer,
                "held_on": held_on.isoformat(),
                "item": item.pk if item else None,
            },
            source="web",
        )
    return interview


def interview_report(*, interview: Interview, actor: User) -> Interview:
    """报送通关司 an interview's record (§18 "并将情况报总局通关司"), once."""
    return _report(Interview, interview, actor)


# ---------------------------------------------------------------- sweeps (Celery beat)


def plans_draw_due() -> int:
    """定时抽取: the candidate lists of the plans whose scheduled time has come are committed
    (plan_draw, each once); their draw waits for the lottery's numbers, entered by the plan's
    managers (the plan's page and their to-do list say so). A plan whose lottery drew first can
    no longer be committed (DrawPlan.stranded) and is left as it is."""
    due = InspectionPlan.objects.filter(
        status=InspectionPlan.Status.PLANNED,
        protocol=2,
        withdrawn_at__isnull=True,
        draw_at__lte=timezone.now(),
        beacon_date__gt=timezone.localdate(),
    ).values_list("pk", flat=True)
    for pk in due:
        # The lottery's day may have come since the query (a sweep running over midnight).
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
    """Overdue complaints and 挂牌督办 items (past the time limit, not closed) are escalated to
    HQ once (idempotent)."""
    today, now = timezone.localdate(), timezone.now()
    complaints = Complaint.objects.filter(due_date__lt=today, escalated_at__isnull=True).exclude(
        status=Complaint.Status.CLOSED
    )
    items = KeyWorkItem.objects.filter(
        deadline__lt=today, escalated_at__isnull=True, status=KeyWorkItem.Status.OPEN
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

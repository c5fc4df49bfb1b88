"""生态原产地产品保护 as a programme of the case engine (casework): what only this programme
knows about its transitions (their arguments, the deadline clocks of seed 000 §6, the
certificate, the recovery record and the notices); the kernel's service does the rest."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from casework.credit import notify_credit_facts_changed
from casework.deadlines import add_working_days, working_days_between
from casework.programmes import Programme, register

from . import credit_facts, materials, notices
from . import workflow as wf
from .exceptions import EnterpriseNotConfirmed, InvalidTransitionInput, TransitionNotAllowed
from .models import (
    Application,
    CaseHistory,
    Certificate,
    CertificateNumberRule,
    EvaluationPlan,
    RecoveryRecord,
)

# Checks another part of the portal puts before a transition of this programme, by transition
# name: each takes the locked case and returns why the transition may not be fired now (409), or
# None. Registered from the other app's AppConfig.ready (publicity: no certificate while the
# product's public notice runs), so this programme imports none of them.
_GUARDS: dict[str, list] = {}


def register_guard(transition: str, guard) -> None:
    if guard not in _GUARDS.setdefault(transition, []):
        _GUARDS[transition].append(guard)


def _guard_refusal(transition: str, case: Application) -> str | None:
    for guard in _GUARDS.get(transition, ()):
        refusal = guard(case)
        if refusal:
            return refusal
    return None


class EcoOrigin(Programme):
    code = "ecoorigin"
    label = gettext_lazy("生态原产地产品保护")
    case_model = Application
    history_model = CaseHistory
    history_case_field = "application"
    rules = wf.RULES
    method_names = wf.METHOD_NAMES
    lock_related = ("enterprise", "plan", "category", "bureau")

    def condition_refused(self, case, name):
        return EnterpriseNotConfirmed() if name == "submit" else TransitionNotAllowed()

    def prepare(self, name: str, case: Application, actor: User, *, comment: str, **data):
        """Turn the body into the transition's arguments (raising 400 on domain errors), and a
        JSON-safe record of them for the history row.

        `submit` needs a file for every required item of the case's materials checklist (409
        naming the missing ones; seed 000 §6 "指导企业准备、完善申报资料", applications.materials),
        checked here, after the engine's permission, lock and state re-check."""
        today = timezone.localdate()
        refusal = _guard_refusal(name, case)
        if refusal:
            raise TransitionNotAllowed(refusal)
        if name == "submit":
            materials.check_complete(case)
            return {}, {}
        if name == "accept":
            # 初审 first where the bureau set it (seed 000 §20, ADR 0022): 409 until recorded.
            from .initial_review import initial_review_check_accept

            initial_review_check_accept(case)
            officer = data.get("officer") or actor
            if officer.role != Role.BUREAU or officer.bureau_id != case.bureau_id:
                raise InvalidTransitionInput(
                    field_errors={"officer": [_("承办人必须是本案辖区直属局的工作人员。")]}
                )
            return {"officer": officer}, {"officer": officer.username}
        if name == "choose_agency":
            agency = data.get("agency")
            plan = (
                EvaluationPlan.objects.valid_on(today)
                .filter(agency=agency, category_id=case.category_id)
                .order_by("-valid_from")
                .first()
                if agency
                else None
            )
            if plan is None:
                raise InvalidTransitionInput(
                    field_errors={"agency": [_("请选择对本产品类别有有效备案评定方案的评定机构。")]}
                )
            return {"plan": plan}, {"agency": plan.agency.name, "plan": plan.pk}
        if name == "evaluate":
            score = data.get("score")
            if score is None or not (0 <= Decimal(score) <= 100):
                raise InvalidTransitionInput(
                    field_errors={"score": [_("评定得分应在 0 到 100 之间。")]}
                )
            score = Decimal(score)
            passed = score >= case.plan.pass_threshold
            if data.get("passed") is not None and data["passed"] != passed:
                raise InvalidTransitionInput(
                    field_errors={
                        "passed": [
                            _("评定结论与评定方案的分数线（%(t)s 分）不一致。")
                            % {"t": case.plan.pass_threshold}
                        ]
                    }
                )
            report = data.get("report") or ""
            return {"score": score, "report": report}, {"score": str(score), "passed": passed}
        if name == "certify":
            marks = data.get("marks_issued") or settings.CERTIFICATE_DEFAULT_MARKS
            valid_from = data.get("valid_from") or today
            if marks < 1:
                raise InvalidTransitionInput(field_errors={"marks_issued": [_("标志数至少为 1。")]})
            return {"marks_issued": marks, "valid_from": valid_from}, {
                "marks_issued": marks,
                "valid_from": valid_from.isoformat(),
            }
        if name == "suspend":
            deadline = data.get("deadline")
            if not isinstance(deadline, date) or deadline <= today:
                raise InvalidTransitionInput(
                    field_errors={"deadline": [_("请填写今天之后的整改期限。")]}
                )
            return {"deadline": deadline}, {"deadline": deadline.isoformat()}
        if name == "submit_rectification" and not comment:
            raise InvalidTransitionInput(field_errors={"comment": [_("请填写整改情况。")]})
        return {}, {}

    def run_clock(self, case: Application, name: str, from_state: str) -> None:
        """The working-day deadline clocks: acceptance (bureau), correction reply (enterprise),
        rectification (enterprise). The acceptance clock pauses while the case is back with the
        applicant for correction and resumes with what was left when it is resubmitted."""
        today = timezone.localdate()
        if name == "submit":
            days = case.paused_working_days or settings.ACCEPTANCE_WORKING_DAYS
            case.due_kind, case.due_date = wf.DueKind.ACCEPTANCE, add_working_days(today, days)
            case.paused_working_days = None
        elif name == "return":
            left = working_days_between(today, case.due_date) if case.due_date else 0
            case.paused_working_days = max(left, 1)
            case.due_kind = wf.DueKind.CORRECTION
            case.due_date = add_working_days(today, settings.CORRECTION_WORKING_DAYS)
        elif name == "suspend":
            case.due_kind, case.due_date = wf.DueKind.RECTIFICATION, case.rectification_deadline
            case.escalated_at = None
        elif name == "submit_rectification":
            return
        else:
            case.due_kind, case.due_date, case.paused_working_days = "", None, None
            case.escalated_at = None

    def after_transition(self, case, name, actor, arguments, record) -> list:
        """The certificate (certify) and the recovery record (revoke), beside the case."""
        from . import tasks

        if name == "certify":
            certificate = _issue_certificate(case, actor, **arguments)
            record["certificate"] = certificate.number
            return [lambda: tasks.render_certificate_pdf.delay(certificate.pk)]
        if name == "revoke":
            RecoveryRecord.objects.get_or_create(application=case)
        if name in credit_facts.MOVES:
            # A suspension, reinstatement or revocation is a fact of the enterprise's credit.
            notify_credit_facts_changed(usccs=[case.enterprise.uscc])
        if name == "submit":
            # 初审 (seed 000 §20): routed to the body the bureau set for the category, if any.
            from .initial_review import initial_review_route

            review = initial_review_route(case=case)
            if review is not None:
                record["initial_review_body"] = review.body.code
        return []

    def on_recorded(self, entry) -> list:
        """通知书: written with the history row, rendered and e-mailed once committed."""
        from . import tasks

        notice = notices.notice_for(entry)
        if notice is None:
            return []
        return [lambda: tasks.deliver_notice.delay(notice.pk)]


def _valid_until(valid_from: date) -> date:
    years = settings.CERTIFICATE_VALIDITY_YEARS
    try:
        end = valid_from.replace(year=valid_from.year + years)
    except ValueError:  # 2月29日
        end = valid_from.replace(year=valid_from.year + years, day=28)
    return end - timedelta(days=1)


def _issue_certificate(case: Application, actor: User, *, marks_issued: int, valid_from: date):
    """证书: numbered by the newest active rule; the rule row is locked so numbers never clash."""
    rule = (
        CertificateNumberRule.objects.select_for_update()
        .filter(active_from__lte=timezone.now())
        .order_by("-version")
        .first()
    )
    if rule is None:
        raise TransitionNotAllowed(_("尚未启用证书编号规则，请总局先在管理后台配置。"))
    year = timezone.localdate().year
    seq = (Certificate.objects.filter(rule=rule, year=year).aggregate(m=Max("seq"))["m"] or 0) + 1
    return Certificate.objects.create(
        application=case,
        number=rule.render(year=year, bureau_code=case.bureau.code, seq=seq),
        rule=rule,
        year=year,
        seq=seq,
        valid_from=valid_from,
        valid_until=_valid_until(valid_from),
        marks_issued=marks_issued,
        issued_by=actor,
    )


# ---------------------------------------------------------------- enterprises


ECO_ORIGIN = register(EcoOrigin())

"""国检试验区 as programmes of the case engine (casework): the zone, its innovation measures and
the replicable practice drawn from it. The kernel's service checks the caller, locks the case and
writes the history (docs/programmes.md); this module says what only seed 002 knows: the bureau's
recommendation, the working group's opinions and the lead's answers to objections, the numbers
of approvals and of the library, and the operating enterprise."""

from datetime import date

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.exceptions import InvalidTransitionInput, TransitionNotAllowed
from casework.numbering import next_number
from casework.programmes import Programme, register
from regions.models import Organisation

from . import workflow as wf
from .models import (
    AcceptanceOpinion,
    InnovationMeasure,
    MeasureHistory,
    PilotZone,
    PracticeHistory,
    ReplicablePractice,
    ZoneHistory,
)
from .workflow import Verdict


def approval_number(year: int) -> str:
    """批准文号: GJSYQ-2026-001, one running number a year."""
    return f"GJSYQ-{year}-{next_number(f'pilotzones:zone:{year}'):03d}"


def library_number(year: int) -> str:
    """经验库编号: GJSYQ-JY-2026-001, one running number a year."""
    return f"GJSYQ-JY-{year}-{next_number(f'pilotzones:practice:{year}'):03d}"


def _text(data: dict, field: str, message) -> str:
    value = data.get(field)
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        raise InvalidTransitionInput(field_errors={field: [message]})
    return value


def past_date(value, field: str) -> date:
    """A date from the body (a date, or ISO text); today when absent; not in the future."""
    if value in (None, ""):
        return timezone.localdate()
    if isinstance(value, str):
        try:
            value = parse_date(value)
        except ValueError:
            value = None
    if not isinstance(value, date):
        raise InvalidTransitionInput(field_errors={field: [_("请填写有效的日期。")]})
    if value > timezone.localdate():
        raise InvalidTransitionInput(field_errors={field: [_("日期不能晚于今天。")]})
    return value


def _delivery(notice) -> list:
    from . import tasks

    if notice is None:
        return []
    return [lambda: tasks.deliver_pilot_zone_notice.delay(notice.pk)]


class PilotZones(Programme):
    code = "pilotzones"
    label = gettext_lazy("国检试验区")
    case_model = PilotZone
    history_model = ZoneHistory
    history_case_field = "zone"
    rules = wf.RULES
    method_names = wf.METHOD_NAMES
    lock_related = ("bureau", "applicant")
    figure_models = ("pilotzones.PilotZone", "pilotzones.ReplicablePractice")

    def condition_refused(self, case, name):
        if name == "submit":
            return TransitionNotAllowed(_("请先上传建设方案，再提交申请。"))
        if name in ("approve", "not_approve"):
            return TransitionNotAllowed(_("验收工作组成员司局尚未全部提出意见，暂不能作出决定。"))
        return TransitionNotAllowed()

    def prepare(self, name, case, actor, *, comment, **data):
        if name == "recommend":
            errors = {}
            arguments = {}
            for field, message in (
                ("recommendation", _("请填写推荐意见。")),
                ("guidance", _("请填写建设指导意见。")),
            ):
                try:
                    arguments[field] = _text(data, field, message)
                except InvalidTransitionInput as error:
                    errors.update(error.field_errors)
            if errors:
                raise InvalidTransitionInput(field_errors=errors)
            return arguments, {}
        if name == "open_acceptance":
            arrangement = _text(data, "arrangement", _("请填写验收安排（时间、地点、方式）。"))
            return {"arrangement": arrangement}, {}
        if name in ("approve", "not_approve"):
            responses = self._responses(case, data.get("responses"))
            record = {"responses": responses}
            if name == "approve":
                today = timezone.localdate()
                number = approval_number(today.year)
                record["number"] = number
                return {"number": number, "approved_at": today}, record
            return {}, record
        if name == "start_operation":
            operator = self._operator(case, data.get("operator"))
            started_on = past_date(data.get("started_on"), "started_on")
            return {"operator": operator, "started_on": started_on}, {
                "operator": operator.pk,
                "started_on": started_on.isoformat(),
            }
        return {}, {}

    @staticmethod
    def _responses(case, given) -> dict[str, str]:
        """The lead's answer to each objection, by the objecting department's code: every
        objection must be answered in the decision (§五.3: the working group decides together)."""
        if given in (None, ""):
            given = {}
        if not isinstance(given, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in given.items()
        ):
            raise InvalidTransitionInput(
                field_errors={"responses": [_("答复应按司局代码逐条填写。")]}
            )
        objecting = list(
            case.acceptance_opinions.filter(verdict=Verdict.OBJECT)
            .select_related("department")
            .order_by("pk")
        )
        answers, missing = {}, []
        for opinion in objecting:
            text = (given.get(opinion.department.code) or "").strip()
            if not text:
                missing.append(opinion.department.name)
            answers[opinion.department.code] = text
        if missing:
            raise InvalidTransitionInput(
                field_errors={
                    "responses": [
                        _("请逐条答复成员司局的异议：%(departments)s。")
                        % {"departments": "、".join(missing)}
                    ]
                }
            )
        return answers

    @staticmethod
    def _operator(case, given) -> Organisation:
        """The operating enterprise: a zone operator registered in the zone's bureau."""
        try:
            # An id or its digits; a float is refused, not truncated to another organisation's.
            pk = int(given) if isinstance(given, int | str) else None
        except ValueError:
            pk = None
        operator = (
            Organisation.objects.filter(
                pk=pk,
                kind=Organisation.Kind.ZONE_OPERATOR,
                bureau_id=case.bureau_id,
                is_active=True,
            ).first()
            if pk is not None and not isinstance(given, bool)
            else None
        )
        if operator is None:
            raise InvalidTransitionInput(
                field_errors={"operator": [_("请选择本关区已登记的试验区运营企业。")]}
            )
        return operator

    def after_transition(self, case, name, actor, arguments, record) -> list:
        """Opening the acceptance lays one opinion row per member department; the decision
        writes the lead's answers beside the objections."""
        if name == "open_acceptance":
            departments = Organisation.objects.filter(
                kind=Organisation.Kind.HQ_DEPARTMENT, code__in=wf.MEMBER_DEPARTMENTS
            ).order_by("pk")
            AcceptanceOpinion.objects.bulk_create(
                AcceptanceOpinion(zone=case, department=department) for department in departments
            )
        elif name in ("approve", "not_approve"):
            for opinion in case.acceptance_opinions.filter(verdict=Verdict.OBJECT).select_related(
                "department"
            ):
                opinion.response = record["responses"][opinion.department.code]
                opinion.save(update_fields=["response"])
        return []

    def on_recorded(self, entry) -> list:
        """The notice to the zone's local government, delivered once committed."""
        from . import notices

        return _delivery(notices.zone_notice_for(entry))

    # Reporting (HQ's dashboard, the bureaus' annual summaries): read by the selectors.
    def figure_labels(self, *, year=None):
        from .selectors import ZONE_FIGURES, ZONE_YEAR_FIGURES

        return ZONE_FIGURES if year is None else ZONE_YEAR_FIGURES

    def figures_by_bureau(self, *, year=None):
        from .selectors import zone_counts_by_bureau, zone_year_counts_by_bureau

        return zone_counts_by_bureau() if year is None else zone_year_counts_by_bureau(year)


PILOT_ZONES = register(PilotZones())


class PilotMeasures(Programme):
    """创新措施 of a zone: registered, reported for approval when beyond the rules, run, ended."""

    code = "pilot_measure"
    label = gettext_lazy("国检试验区创新措施")
    case_model = InnovationMeasure
    history_model = MeasureHistory
    history_case_field = "measure"
    rules = wf.MEASURE_RULES
    lock_related = ("zone",)

    def condition_refused(self, case, name):
        if name == "report":
            return TransitionNotAllowed(_("未突破现行规定的措施无需报批，可直接实施。"))
        if name == "start":
            return TransitionNotAllowed(_("突破现行规定的措施须经总局批准后方可实施。"))
        return TransitionNotAllowed()

    def prepare(self, name, case, actor, *, comment, **data):
        if name == "start":
            started_on = past_date(data.get("started_on"), "started_on")
            return {"started_on": started_on}, {"started_on": started_on.isoformat()}
        return {}, {}


PILOT_MEASURES = register(PilotMeasures())


class PilotPractices(Programme):
    """可复制推广经验: submitted by the zone's bureau, accepted into the library by HQ."""

    code = "pilot_practice"
    label = gettext_lazy("国检试验区可复制推广经验")
    case_model = ReplicablePractice
    history_model = PracticeHistory
    history_case_field = "practice"
    rules = wf.PRACTICE_RULES
    method_names = wf.PRACTICE_METHOD_NAMES
    lock_related = ("zone",)

    def prepare(self, name, case, actor, *, comment, **data):
        if name == "accept":
            today = timezone.localdate()
            number = library_number(today.year)
            return {"number": number, "accepted_at": today}, {"number": number}
        return {}, {}


PILOT_PRACTICES = register(PilotPractices())

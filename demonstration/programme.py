"""出口工业产品质量安全示范区 as a programme of the case engine (casework): the arguments of
its transitions, the assessment and the numbered title beside the zone. The kernel's service
checks the caller, locks the zone and writes the history (docs/programmes.md).

Two smaller cases of the same seed run on the kernel beside the zone and are registered here
too: the zone's enterprises and their 示范企业 title ("demonstration_enterprise", §三.5, §六.3),
and the events of their quality archive ("demonstration_archive", §六.6). Locks are taken zone
first, then enterprise (services.enterprise_transition; a zone's withdrawal ends its
enterprises' titles in that order), so two of these never wait for each other."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.credit import notify_credit_facts_changed
from casework.exceptions import InvalidTransitionInput, TransitionNotAllowed
from casework.numbering import next_number
from casework.programmes import Programme, register
from casework.services import case_transition

from . import credit_facts, notices
from . import workflow as wf
from .models import (
    NATIONAL_PASS_MARK,
    ArchiveEvent,
    ArchiveEventHistory,
    AssessmentStandard,
    DemonstrationZone,
    EnterpriseHistory,
    ZoneAssessment,
    ZoneEnterprise,
    ZoneHistory,
)
from .workflow import Cause, EnterpriseState, Level, State


def title_number(zone: DemonstrationZone, year: int) -> str:
    """称号编号: QSZ-N-2026-001 for a national zone; QSZ-BEIJING-2026-001 for a provincial zone
    recognised by 北京局. One running number per level (per bureau) and year."""
    scope = "N" if zone.level == Level.NATIONAL else zone.bureau.code.upper()
    seq = next_number(f"demonstration:{scope}:{year}")
    return f"QSZ-{scope}-{year}-{seq:03d}"


def term_end(start: date, years: int) -> date:
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 2月29日
        end = start.replace(year=start.year + years, day=28)
    return end - timedelta(days=1)


def _delivery(notice) -> list:
    """What to run on commit for a notice just written: its delivery (PDF, e-mail)."""
    from . import tasks

    if notice is None:
        return []
    return [lambda: tasks.deliver_zone_notice.delay(notice.pk)]


class Demonstration(Programme):
    code = "demonstration"
    label = gettext_lazy("出口工业产品质量安全示范区")
    case_model = DemonstrationZone
    history_model = ZoneHistory
    history_case_field = "zone"
    rules = wf.RULES
    method_names = wf.METHOD_NAMES
    lock_related = ("bureau", "applicant", "assessment", "standard")
    figure_models = ("demonstration.DemonstrationZone", "demonstration.ZoneYearReport")

    def condition_refused(self, case, name):
        if name == "designate":
            return TransitionNotAllowed(_("评估未达到合格分数线，不能认定。"))
        if name == "recommend":
            return TransitionNotAllowed(_("省级示范区由直属局直接评估认定，无需推荐上报。"))
        return TransitionNotAllowed()

    def prepare(self, name, case, actor, *, comment, **data):
        if name == "submit" and case.level == Level.PROVINCIAL:
            standard = (
                AssessmentStandard.objects.filter(
                    bureau_id=case.bureau_id, published_at__lte=timezone.now()
                )
                .order_by("-version")
                .first()
            )
            if standard is None:
                raise TransitionNotAllowed(
                    _("辖区直属局尚未发布省级示范区评估标准，暂不能申请省级示范区。")
                )
            return {"standard": standard}, {"standard": standard.version}
        if name == "organise_assessment":
            team = (data.get("team") or "").strip()
            if not team:
                raise InvalidTransitionInput(field_errors={"team": [_("请填写评估组成员。")]})
            return {}, {"team": team}
        if name == "record_assessment":
            errors, scores = {}, {}
            for code, _label in wf.CONDITIONS:
                field = f"score_{code}"
                value = data.get(field)
                if value is None or not 0 <= int(value) <= wf.CONDITION_MAX:
                    errors[field] = [
                        _("每项得分应在 0 到 %(max)s 之间。") % {"max": wf.CONDITION_MAX}
                    ]
                else:
                    scores[field] = int(value)
            if errors:
                raise InvalidTransitionInput(field_errors=errors)
            pass_mark = (
                NATIONAL_PASS_MARK if case.level == Level.NATIONAL else case.standard.pass_mark
            )
            return {}, {
                **scores,
                "pass_mark": pass_mark,
                "total": sum(scores.values()),
                "conclusion": comment,
            }
        if name == "withdraw_title" and data.get("archive_event"):
            return {}, {"archive_event": data["archive_event"]}
        if name == "designate":
            years = data.get("valid_years") or settings.ZONE_TITLE_YEARS
            if not 1 <= int(years) <= 10:
                raise InvalidTransitionInput(
                    field_errors={"valid_years": [_("称号有效期应为 1 到 10 年。")]}
                )
            today = timezone.localdate()
            arguments = {
                "number": title_number(case, today.year),
                "designated_at": today,
                "valid_until": term_end(today, int(years)),
            }
            return arguments, {
                "number": arguments["number"],
                "valid_until": arguments["valid_until"].isoformat(),
            }
        return {}, {}

    def after_transition(self, case, name, actor, arguments, record) -> list:
        """The assessment beside the zone; the title's certificate PDF once designated."""
        from . import tasks

        if name == "organise_assessment":
            ZoneAssessment.objects.create(zone=case, team=record["team"], organised_by=actor)
        elif name == "record_assessment":
            assessment = ZoneAssessment.objects.select_for_update().get(zone=case)
            for field in (f"score_{code}" for code, _label in wf.CONDITIONS):
                setattr(assessment, field, record[field])
            assessment.pass_mark = record["pass_mark"]
            assessment.conclusion = record["conclusion"]
            assessment.recorded_at = timezone.now()
            assessment.save()
            record["passed"] = assessment.passed
        elif name == "designate":
            return [lambda: tasks.render_title_pdf.delay(case.pk)]
        elif name == "withdraw_title":
            end_enterprise_titles(case, actor)
        return []

    def on_recorded(self, entry) -> list:
        """The notice to the zone's local government, delivered once committed."""
        return _delivery(notices.zone_notice_for(entry))

    # Reporting (HQ's dashboard, the bureaus' annual summaries): read by the selectors.
    def figure_labels(self, *, year=None):
        from .selectors import ZONE_FIGURES, ZONE_YEAR_FIGURES

        return ZONE_FIGURES if year is None else ZONE_YEAR_FIGURES

    def figures_by_bureau(self, *, year=None):
        from .selectors import zone_counts_by_bureau, zone_year_counts_by_bureau

        return zone_counts_by_bureau() if year is None else zone_year_counts_by_bureau(year)


DEMONSTRATION = register(Demonstration())


def end_enterprise_titles(zone: DemonstrationZone, actor) -> None:
    """The zone's title is withdrawn: so are the titles of its 示范企业, each through the engine
    with its own history row, by whoever withdrew the zone's and with the zone's reason."""
    granted = (
        ZoneEnterprise.objects.select_for_update(of=("self",))
        .filter(zone=zone, state=EnterpriseState.GRANTED)
        .order_by("pk")
    )
    for enterprise in granted:
        case_transition(
            programme=DEMONSTRATION_ENTERPRISE,
            case=enterprise,
            name="end_title",
            actor=actor,
            reason=zone.withdrawal_reason,
        )


def enterprise_title_number(zone: DemonstrationZone) -> str:
    """示范企业编号: QSE-<the zone's title number>-001, one running number per zone."""
    seq = next_number(f"demonstration:enterprise:{zone.number}")
    return f"QSE-{zone.number}-{seq:03d}"


class DemonstrationEnterprise(Programme):
    """入区企业 and their 示范企业 title (§三.5, §六.3)."""

    code = "demonstration_enterprise"
    label = gettext_lazy("示范区入区企业与示范企业")
    case_model = ZoneEnterprise
    history_model = EnterpriseHistory
    history_case_field = "enterprise"
    rules = wf.ENTERPRISE_RULES
    method_names = wf.ENTERPRISE_METHOD_NAMES
    lock_related = ("zone",)

    def condition_refused(self, case, name):
        if name == "end_title":
            return TransitionNotAllowed(_("示范区称号未撤销。"))
        if not wf.zone_designated(case):
            return TransitionNotAllowed(_("示范区称号有效时才能办理企业入区和示范企业称号。"))
        if name == "grant" and wf.has_malice(case):
            return TransitionNotAllowed(_("该企业质量档案中有恶意违法记录，不能授予示范企业称号。"))
        if name == "grant":
            return TransitionNotAllowed(_("评估不合格，不能授予示范企业称号。"))
        return TransitionNotAllowed()

    def prepare(self, name, case, actor, *, comment, **data):
        if name == "assess":
            passed = data.get("passed")
            if not isinstance(passed, bool):
                raise InvalidTransitionInput(
                    field_errors={"passed": [_("请选择评估结论：合格或不合格。")]}
                )
            return {"passed": passed}, {"passed": passed}
        if name == "grant":
            arguments = {
                "number": enterprise_title_number(case.zone),
                "granted_at": timezone.localdate(),
            }
            return arguments, {
                "number": arguments["number"],
                "granted_at": arguments["granted_at"].isoformat(),
            }
        if name == "withdraw_title" and data.get("archive_event"):
            return {}, {"archive_event": data["archive_event"]}
        if name == "end_title":
            return {}, {"zone_withdrawn": True}
        if name == "propose_withdrawal":
            return {}, {"reference": data["reference"], "proposed_by": data.get("proposed_by")}
        return {}, {}

    def after_transition(self, case, name, actor, arguments, record) -> list:
        if name in credit_facts.MOVES:
            # A withdrawn title is a fact of the enterprise's quality credit.
            notify_credit_facts_changed(usccs=[case.credit_code])
        return []

    def on_recorded(self, entry) -> list:
        """The notice to the zone's local government, delivered once committed."""
        return _delivery(notices.enterprise_notice_for(entry))


class DemonstrationArchive(Programme):
    """质量档案与责任追溯 (§六.6): an event of an enterprise's quality file."""

    code = "demonstration_archive"
    label = gettext_lazy("示范区企业质量档案")
    case_model = ArchiveEvent
    history_model = ArchiveEventHistory
    history_case_field = "event"
    rules = wf.ARCHIVE_RULES
    lock_related = ("enterprise__zone",)

    def prepare(self, name, case, actor, *, comment, **data):
        if name == "investigate":
            findings = (data.get("findings") or "").strip()
            if not findings:
                raise InvalidTransitionInput(field_errors={"findings": [_("请填写调查情况。")]})
            return {"findings": findings}, {}
        if name == "classify":
            cause = data.get("cause")
            if cause not in Cause.values:
                raise InvalidTransitionInput(field_errors={"cause": [_("请选择问题原因。")]})
            return {"cause": cause}, {"cause": cause}
        if name == "record_actions":
            actions, errors = {}, {}
            for field in wf.ACTION_FIELDS[case.cause]:
                value = (data.get(field) or "").strip()
                if not value:
                    errors[field] = [_("请填写此项。")]
                actions[field] = value
            if errors:
                raise InvalidTransitionInput(field_errors=errors)
            cancel_zone = case.cause == Cause.MALICIOUS and bool(data.get("cancel_zone_title"))
            return {"actions": actions, "cancel_zone_title": cancel_zone}, {
                "cause": case.cause,
                "cancel_zone_title": cancel_zone,
            }
        if name == "close":
            conclusion = (data.get("conclusion") or "").strip()
            if not conclusion:
                raise InvalidTransitionInput(field_errors={"conclusion": [_("请填写结案意见。")]})
            return {"conclusion": conclusion}, {}
        return {}, {}

    def after_transition(self, case, name, actor, arguments, record) -> list:
        """恶意违法: the enterprise's 示范企业 title, and if the bureau said so the zone's title,
        are cancelled through the engine with the announced reason (§六.6)."""
        if name != "record_actions" or case.cause != Cause.MALICIOUS:
            return []
        # Zone first, then enterprise: the order every enterprise transition takes.
        zone = DemonstrationZone.objects.select_for_update(of=("self",)).get(
            pk=case.enterprise.zone_id
        )
        enterprise = ZoneEnterprise.objects.get(pk=case.enterprise_id)
        reason = case.announcement
        record["enterprise_title_withdrawn"] = enterprise.state == EnterpriseState.GRANTED
        if record["enterprise_title_withdrawn"]:
            case_transition(
                programme=DEMONSTRATION_ENTERPRISE,
                case=enterprise,
                name="withdraw_title",
                actor=actor,
                reason=reason,
                archive_event=case.pk,
            )
        record["zone_title_withdrawn"] = case.cancel_zone_title and zone.state == State.DESIGNATED
        if record["zone_title_withdrawn"]:
            case_transition(
                programme=DEMONSTRATION,
                case=zone,
                name="withdraw_title",
                actor=actor,
                reason=reason,
                archive_event=case.pk,
            )
        return []


DEMONSTRATION_ENTERPRISE = register(DemonstrationEnterprise())
DEMONSTRATION_ARCHIVE = register(DemonstrationArchive())

"""出口工业产品质量安全示范区 as a programme of the case engine (casework): the arguments of
its transitions, the assessment and the numbered title beside the zone. The kernel's service
checks the caller, locks the zone and writes the history (docs/programmes.md)."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.exceptions import InvalidTransitionInput, TransitionNotAllowed
from casework.numbering import next_number
from casework.programmes import Programme, register

from . import workflow as wf
from .models import (
    NATIONAL_PASS_MARK,
    AssessmentStandard,
    DemonstrationZone,
    ZoneAssessment,
    ZoneHistory,
)
from .workflow import Level


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


class Demonstration(Programme):
    code = "demonstration"
    label = gettext_lazy("出口工业产品质量安全示范区")
    case_model = DemonstrationZone
    history_model = ZoneHistory
    history_case_field = "zone"
    rules = wf.RULES
    method_names = wf.METHOD_NAMES
    lock_related = ("bureau", "applicant", "assessment", "standard")

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
        return []


DEMONSTRATION = register(Demonstration())

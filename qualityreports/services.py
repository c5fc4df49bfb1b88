"""Every write of the quality status reports: a place's bureau clerk or quality authority staff
member drafts the place's report of a year and edits it while it is a draft (or returned); the
submission and HQ's return go through the case engine (casework.services.case_transition).

Figures are checked here against figures.FIGURES (range and decimals), whoever calls: a form, the
API or the demo data; an out-of-range figure is a field error (400), never a database error."""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User
from accounts.services import audit_record
from casework import services as casework
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions.cooperation import place_of

from .figures import FIGURES, SECTION_LIMIT, SECTIONS
from .models import QualityStatusReport
from .programme import QUALITY_REPORTS
from .workflow import EDITABLE_STATES, FIRST_YEAR, is_filing_place, may_draft


def refusal_to_draft() -> str:
    return _("只有京津冀三地直属局和质监部门可以起草本地的质量状况分析报告。")


def _figure(figure, value, errors: dict):
    """The figure as stored (Decimal or int), None if empty; a field error otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        errors[figure.key] = [_("请输入数字。")]
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors[figure.key] = [_("请输入数字。")]
        return None
    if not number.is_finite():
        errors[figure.key] = [_("请输入数字。")]
        return None
    if not figure.minimum <= number <= figure.maximum:
        errors[figure.key] = [
            _("应在 %(minimum)s 至 %(maximum)s %(unit)s之间。")
            % {"minimum": figure.minimum, "maximum": figure.maximum, "unit": figure.unit}
        ]
        return None
    if number != number.quantize(figure.step):
        if figure.decimal_places:
            message = _("最多保留 %(places)s 位小数。") % {"places": figure.decimal_places}
        else:
            message = _("请输入整数。")
        errors[figure.key] = [message]
        return None
    return number.quantize(figure.step) if figure.decimal_places else int(number)


def _checked(values: dict) -> dict:
    """The given figures and sections, checked; keys not given are left out (a partial edit)."""
    errors: dict[str, list] = {}
    checked = {}
    for figure in FIGURES:
        if figure.key in values:
            checked[figure.key] = _figure(figure, values[figure.key], errors)
    for key in SECTIONS:
        if key not in values:
            continue
        text = values[key].strip() if isinstance(values[key], str) else ""
        if len(text) > SECTION_LIMIT:
            errors[key] = [_("不能超过 %(limit)s 个字。") % {"limit": SECTION_LIMIT}]
        checked[key] = text
    if errors:
        raise InvalidInput(field_errors=errors)
    return checked


def _checked_year(year) -> int:
    latest = timezone.localdate().year
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= latest:
        raise InvalidInput(
            field_errors={
                "year": [
                    _("年度应在 %(first)s 至 %(latest)s 之间。")
                    % {"first": FIRST_YEAR, "latest": latest}
                ]
            }
        )
    return year


def _plain(values: dict) -> dict:
    return {
        key: str(value) if isinstance(value, Decimal) else value for key, value in values.items()
    }


def report_create(*, actor: User, year: int, **values) -> QualityStatusReport:
    """起草: the actor's place's report of `year` (one per place and year), as a draft; the place
    is the actor's, never input."""
    if not may_draft(actor):
        raise NotPermitted(refusal_to_draft())
    year = _checked_year(year)
    checked = _checked(values)
    place = place_of(actor)
    taken = InvalidInput(field_errors={"year": [_("本地该年度的质量状况分析报告已经存在。")]})
    if QualityStatusReport.objects.filter(place=place, year=year).exists():
        raise taken
    try:
        with transaction.atomic():
            report = QualityStatusReport.objects.create(
                place=place, year=year, drafted_by=actor, **checked
            )
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                instance=report,
                changes={"place": place, "year": year, **_plain(checked)},
                source="web",
            )
    except IntegrityError:
        # Another clerk of the place created it between the check and the insert.
        raise taken from None
    return report


def report_update(*, report: QualityStatusReport, actor: User, **values) -> QualityStatusReport:
    """修改: the filing place's drafters change the figures and sections they send, while the
    report is a draft or returned; a submitted report is read-only (409)."""
    if not is_filing_place(report, actor):
        raise NotPermitted(_("只有报送地的直属局和质监部门可以修改本报告。"))
    checked = _checked(values)
    with transaction.atomic():
        locked = QualityStatusReport.objects.select_for_update().get(pk=report.pk)
        if locked.state not in EDITABLE_STATES:
            raise Conflict(_("报告已报送，不能再修改。"))
        changed = {key: value for key, value in checked.items() if getattr(locked, key) != value}
        if not changed:
            return locked
        for key, value in changed.items():
            setattr(locked, key, value)
        locked.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=locked,
            changes=_plain(changed),
            source="web",
        )
    return locked


def report_transition(
    *, report: QualityStatusReport, name: str, actor: User | None, reason: str = "", **data
) -> QualityStatusReport:
    """Fire `name` (submit, return) through the case engine (403 → lock → 409 → 400, history)."""
    return casework.case_transition(
        programme=QUALITY_REPORTS, case=report, name=name, actor=actor, reason=reason, **data
    )


def report_submit(*, report: QualityStatusReport, actor: User) -> QualityStatusReport:
    """报送: shared with every member and read-only from now; every figure and section must be
    filled in (400 names the missing ones)."""
    return report_transition(report=report, name="submit", actor=actor)


def report_return(*, report: QualityStatusReport, actor: User, reason: str) -> QualityStatusReport:
    """退回修改 (HQ): back to the place, with the reason, for revision and a new submission."""
    return report_transition(report=report, name="return", actor=actor, reason=reason or "")

"""The report's states through the case engine, one test per allowed and refused transition, and
the checks of its figures (range, decimals, numbers), sections and year."""

from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from casework.exceptions import InvalidTransitionInput, TransitionNotAllowed
from ecoorigin.exceptions import Conflict, InvalidInput
from qualityreports import services
from qualityreports.figures import FIGURE_KEYS, SECTION_LIMIT
from qualityreports.models import QualityStatusReport, QualityStatusReportHistory
from qualityreports.workflow import State

from .conftest import COMPLETE, FIGURES, last_year

pytestmark = pytest.mark.django_db


def _history(report):
    return list(
        QualityStatusReportHistory.objects.filter(report=report)
        .order_by("pk")
        .values_list("transition", "actor__username", "reason")
    )


def test_an_incomplete_report_is_not_submitted_and_says_what_is_missing(actors, draft):
    partial = draft(**FIGURES, overview="总体平稳。")
    with pytest.raises(InvalidInput) as refused:
        services.report_submit(report=partial, actor=actors["tianjin_authority"])
    assert set(refused.value.field_errors) == {"problems", "measures"}
    assert QualityStatusReport.objects.get(pk=partial.pk).state == State.DRAFT
    assert not QualityStatusReportHistory.objects.exists()


def test_an_empty_draft_misses_every_figure_and_section(actors, draft):
    empty = draft()
    with pytest.raises(InvalidInput) as refused:
        services.report_submit(report=empty, actor=actors["tianjin_bureau"])
    assert set(refused.value.field_errors) == {*FIGURE_KEYS, "overview", "problems", "measures"}


def test_submit_shares_it_and_records_who(actors, report):
    done = services.report_submit(report=report, actor=actors["tianjin_bureau"])
    assert done.state == State.SUBMITTED and done.submitted_at is not None
    assert _history(report) == [("submit", "qr-tianjin-clerk", "")]


def test_a_submitted_report_is_read_only(actors, submitted):
    with pytest.raises(Conflict):
        services.report_update(
            report=submitted, actor=actors["tianjin_authority"], leading_industries=1
        )
    assert QualityStatusReport.objects.get(pk=submitted.pk).leading_industries == 12


def test_submitting_twice_is_409(actors, submitted):
    with pytest.raises(TransitionNotAllowed):
        services.report_submit(report=submitted, actor=actors["tianjin_authority"])
    assert len(_history(submitted)) == 1


def test_a_draft_cannot_be_returned(actors, report):
    with pytest.raises(TransitionNotAllowed):
        services.report_return(report=report, actor=actors["hq"], reason="尚未报送。")
    assert QualityStatusReport.objects.get(pk=report.pk).state == State.DRAFT


def test_a_return_needs_a_reason(actors, submitted):
    with pytest.raises(InvalidTransitionInput) as refused:
        services.report_return(report=submitted, actor=actors["hq"], reason="   ")
    assert "reason" in refused.value.field_errors
    assert QualityStatusReport.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_returned_revised_and_submitted_again(actors, submitted):
    place, hq = actors["tianjin_authority"], actors["hq"]
    returned = services.report_return(report=submitted, actor=hq, reason="口径不一致。")
    assert (returned.state, returned.return_reason) == (State.RETURNED, "口径不一致。")
    with pytest.raises(TransitionNotAllowed):
        services.report_return(report=returned, actor=hq, reason="再次。")
    revised = services.report_update(
        report=returned, actor=place, export_failure_rate=Decimal("0.70")
    )
    assert revised.export_failure_rate == Decimal("0.70")
    again = services.report_submit(report=revised, actor=place)
    assert (again.state, again.return_reason) == (State.SUBMITTED, "")
    assert _history(submitted) == [
        ("submit", "qr-tianjin-zj", ""),
        ("return", "qr-hq", "口径不一致。"),
        ("submit", "qr-tianjin-zj", ""),
    ]


def test_one_report_per_place_and_year(actors, draft):
    draft("tianjin_authority")
    with pytest.raises(InvalidInput) as refused:
        draft("tianjin_bureau")  # the same place through its bureau
    assert "year" in refused.value.field_errors
    assert draft("hebei_bureau").place == "hebei"  # another place, the same year
    assert draft("tianjin_bureau", year=last_year() - 1).place == "tianjin"


@pytest.mark.parametrize("year", [2016, timezone.localdate().year + 1, "2025", True, None])
def test_a_year_outside_the_cooperation_is_refused(actors, year):
    with pytest.raises(InvalidInput) as refused:
        services.report_create(actor=actors["beijing_bureau"], year=year)
    assert "year" in refused.value.field_errors
    assert not QualityStatusReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("supervision_pass_rate", Decimal("100.01")),
        ("supervision_pass_rate", -1),
        ("competitiveness_index", "101"),
        ("export_failure_rate", "abc"),
        ("export_failure_rate", Decimal("0.555")),
        ("export_failure_rate", "NaN"),
        ("industrial_enterprises", Decimal("1.5")),
        ("industrial_enterprises", -1),
        ("certified_enterprises", 1_000_001),
        ("leading_industries", 101),
        ("standards_led", True),
    ],
)
def test_a_figure_out_of_range_or_not_a_number_is_a_field_error(actors, report, field, value):
    with pytest.raises(InvalidInput) as refused:
        services.report_update(report=report, actor=actors["tianjin_authority"], **{field: value})
    assert list(refused.value.field_errors) == [field]
    assert getattr(QualityStatusReport.objects.get(pk=report.pk), field) == COMPLETE[field]
    with pytest.raises(InvalidInput):
        services.report_create(actor=actors["beijing_bureau"], year=last_year(), **{field: value})


def test_figures_at_the_bounds_are_kept(actors, draft):
    made = draft(supervision_pass_rate="100", export_failure_rate=0, competitiveness_index="99.5")
    assert made.supervision_pass_rate == Decimal("100.00")
    assert made.export_failure_rate == Decimal("0.00")
    assert made.competitiveness_index == Decimal("99.50")


def test_a_section_too_long_is_a_field_error(actors, report):
    with pytest.raises(InvalidInput) as refused:
        services.report_update(
            report=report, actor=actors["tianjin_authority"], overview="字" * (SECTION_LIMIT + 1)
        )
    assert list(refused.value.field_errors) == ["overview"]


def test_an_edit_changes_what_it_sends_and_is_audited(actors, report):
    services.report_update(
        report=report, actor=actors["tianjin_bureau"], standards_led=150, problems="  新问题。 "
    )
    fresh = QualityStatusReport.objects.get(pk=report.pk)
    assert (fresh.standards_led, fresh.problems) == (150, "新问题。")
    assert fresh.leading_industries == 12 and fresh.overview == COMPLETE["overview"]
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.changes == {"standards_led": 150, "problems": "新问题。"}
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE).count() == 1


def test_a_figure_can_be_emptied_in_a_draft(actors, report):
    done = services.report_update(
        report=report, actor=actors["tianjin_bureau"], supervision_pass_rate=None
    )
    assert done.supervision_pass_rate is None

"""Who may draft, read, edit, submit and return a quality status report (written first): one
test per allowed and per refused actor."""

import pytest
from django.contrib.auth.models import AnonymousUser

from casework.exceptions import TransitionForbidden
from ecoorigin.exceptions import NotPermitted
from qualityreports import selectors, services
from qualityreports.models import QualityStatusReport, QualityStatusReportHistory
from qualityreports.programme import QUALITY_REPORTS
from qualityreports.workflow import State

from .conftest import COMPLETE, PLACES, last_year

ACTORS = [
    *(f"{code}_{role}" for code in PLACES for role in ("bureau", "inspector", "authority")),
    "jiangsu_bureau",
    "jiangsu_authority",
    "renjianwei",
    "biaozhunwei",
    "hq",
    "enterprise",
    "agency",
    "anonymous",
]
# Anonymous never reaches a write: pages and API ask for a login first (test_api.py).
SIGNED_IN = ACTORS[:-1]
DRAFTERS = {f"{code}_{role}" for code in PLACES for role in ("bureau", "authority")}
# The fixture's report is Tianjin's.
TIANJIN = {"tianjin_bureau", "tianjin_inspector", "tianjin_authority"}
TIANJIN_DRAFTERS = {"tianjin_bureau", "tianjin_authority"}
MEMBERS = {
    *(f"{code}_{role}" for code in PLACES for role in ("bureau", "inspector", "authority")),
    "renjianwei",
    "biaozhunwei",
    "hq",
}


def _user(actors, name):
    return actors[name] or AnonymousUser()


def _sees(actors, actor, report) -> bool:
    visible = selectors.reports_visible_to(user=_user(actors, actor))
    return visible.filter(pk=report.pk).exists()


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_drafts(actors, actor):
    user = actors[actor]
    if actor in DRAFTERS:
        made = services.report_create(actor=user, year=last_year())
        assert (made.place, made.state, made.drafted_by) == (
            actor.split("_")[0],
            State.DRAFT,
            user,
        )
    else:
        with pytest.raises(NotPermitted):
            services.report_create(actor=user, year=last_year())
        assert not QualityStatusReport.objects.exists()


def test_the_place_is_never_taken_from_input(actors):
    made = services.report_create(
        actor=actors["hebei_bureau"], year=last_year(), place="beijing", state="submitted"
    )
    assert (made.place, made.state) == ("hebei", State.DRAFT)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_a_draft(actors, report, actor):
    assert _sees(actors, actor, report) is (actor in TIANJIN)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_a_submitted_report(actors, submitted, actor):
    assert _sees(actors, actor, submitted) is (actor in MEMBERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_a_returned_report(actors, submitted, actor):
    returned = services.report_return(report=submitted, actor=actors["hq"], reason="口径不一致。")
    assert _sees(actors, actor, returned) is (actor in TIANJIN | {"hq"})


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_edits(actors, report, actor):
    user = actors[actor]
    if actor in TIANJIN_DRAFTERS:
        done = services.report_update(report=report, actor=user, leading_industries=13)
        assert done.leading_industries == 13
    else:
        with pytest.raises(NotPermitted):
            services.report_update(report=report, actor=user, leading_industries=13)
        assert QualityStatusReport.objects.get(pk=report.pk).leading_industries == 12


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_submits(actors, report, actor):
    user = actors[actor]
    if actor in TIANJIN_DRAFTERS:
        assert QUALITY_REPORTS.transitions_for(case=report, actor=user) == ["submit"]
        done = services.report_submit(report=report, actor=user)
        assert (done.state, done.submitted_by) == (State.SUBMITTED, user)
        row = QualityStatusReportHistory.objects.get(report=report)
        assert (row.transition, row.actor, row.to_state) == ("submit", user, "submitted")
    else:
        assert QUALITY_REPORTS.transitions_for(case=report, actor=user) == []
        with pytest.raises(TransitionForbidden):
            services.report_submit(report=report, actor=user)
        assert QualityStatusReport.objects.get(pk=report.pk).state == State.DRAFT
        assert not QualityStatusReportHistory.objects.exists()


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_returns(actors, submitted, actor):
    user = actors[actor]
    if actor == "hq":
        assert QUALITY_REPORTS.transitions_for(case=submitted, actor=user) == ["return"]
        done = services.report_return(report=submitted, actor=user, reason="数据口径不一致。")
        assert (done.state, done.return_reason) == (State.RETURNED, "数据口径不一致。")
    else:
        assert QUALITY_REPORTS.transitions_for(case=submitted, actor=user) == []
        with pytest.raises(TransitionForbidden):
            services.report_return(report=submitted, actor=user, reason="无权退回。")
        assert QualityStatusReport.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_a_place_sees_its_own_drafts_and_every_submitted_report(actors, draft):
    own = draft("beijing_bureau")
    other_draft = draft("hebei_authority")
    other = draft("tianjin_bureau", **COMPLETE)
    services.report_submit(report=other, actor=actors["tianjin_bureau"])
    seen = set(selectors.reports_visible_to(user=actors["beijing_inspector"]))
    assert seen == {own, other}
    assert other_draft not in seen

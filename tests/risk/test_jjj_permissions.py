"""Who may do what in 京津冀区域风险信息共享 (written first): one test per member and outsider for
recording, reading, notifying, escalating and acknowledging an emergency, and for reading a
warning shared with the cooperation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.exceptions import TransitionForbidden, TransitionNotAllowed
from ecoorigin.exceptions import Conflict, NotPermitted
from regions.models import Bureau
from risk import selectors, services
from risk.models import EmergencyAcknowledgement, EmergencyHistory, EmergencyReport
from risk.programme import RISK_EMERGENCIES, RISK_WARNINGS
from risk.workflow import EmergencyState, Scope

from .jjj_fixtures import *  # noqa: F403  (actors, record, emergency, notified, make_warning …)
from .jjj_fixtures import ACTORS, CLERKS, HANDLING, SHARED_READERS, emergency_body

# 天津局 recorded the fixture's emergency: who reads it before and after it is notified.
READ_BEFORE = {"tianjin_bureau", "hq"}
READ_AFTER = {"tianjin_bureau", "beijing_bureau", "hebei_bureau", "beijing_inspector", "hq"}


@pytest.mark.parametrize("actor", ACTORS)
def test_who_records_an_emergency(actors, actor):
    if actor in CLERKS:
        report = services.emergency_record(actor=actors[actor], **emergency_body())
        assert report.bureau == actors[actor].bureau
        assert report.state == EmergencyState.RECORDED
        assert report.number.startswith("JJJWS-")
    else:
        with pytest.raises(NotPermitted):
            services.emergency_record(actor=actors[actor], **emergency_body())
        assert not EmergencyReport.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_an_emergency_before_it_is_notified(actors, emergency, actor):
    visible = selectors.emergencies_visible_to(user=actors[actor]).filter(pk=emergency.pk)
    assert visible.exists() is (actor in READ_BEFORE)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_an_emergency_once_notified(actors, notified, actor):
    visible = selectors.emergencies_visible_to(user=actors[actor]).filter(pk=notified.pk)
    assert visible.exists() is (actor in READ_AFTER)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_notifies(actors, emergency, actor):
    if actor == "tianjin_bureau":
        done = services.emergency_transition(
            report=emergency, name="notify", actor=actors[actor], handling=HANDLING
        )
        assert done.state == EmergencyState.NOTIFIED and done.notified_at is not None
        entry = EmergencyHistory.objects.get(report=done)
        assert (entry.transition, entry.actor, entry.data["late"]) == (
            "notify",
            actors[actor],
            False,
        )
        assert entry.data["notified"] == ["beijing", "hebei"]
        # One acknowledgement per other place's bureau, none for the reporting one.
        codes = set(done.acknowledgements.values_list("bureau__code", flat=True))
        assert codes == {"beijing", "hebei"}
    else:
        with pytest.raises(TransitionForbidden):
            services.emergency_transition(
                report=emergency, name="notify", actor=actors[actor], handling=HANDLING
            )
        emergency.refresh_from_db()
        assert emergency.state == EmergencyState.RECORDED
        assert not EmergencyAcknowledgement.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_nobody_escalates_by_hand(actors, record, actor):
    """Even past the six hours, only the sweep (actor None) escalates."""
    now = timezone.now()
    late = record(occurred_at=now - timedelta(hours=8), learnt_at=now - timedelta(hours=7))
    with pytest.raises(TransitionForbidden):
        services.emergency_transition(report=late, name="escalate", actor=actors[actor])
    late.refresh_from_db()
    assert late.escalated_at is None


@pytest.mark.parametrize("actor", ACTORS)
def test_who_acknowledges(actors, notified, actor):
    rows = {row.bureau.code: row for row in notified.acknowledgements.select_related("bureau")}
    if actor in ("beijing_bureau", "hebei_bureau"):
        row = rows[actor.split("_")[0]]
        done = services.emergency_acknowledge(acknowledgement=row, actor=actors[actor])
        assert done.acknowledged_by == actors[actor] and done.acknowledged_at is not None
        with pytest.raises(Conflict):
            services.emergency_acknowledge(acknowledgement=row, actor=actors[actor])
    else:
        for row in rows.values():
            with pytest.raises(NotPermitted):
                services.emergency_acknowledge(acknowledgement=row, actor=actors[actor])
        assert not EmergencyAcknowledgement.objects.filter(acknowledged_at__isnull=False).exists()


def test_transitions_offered(actors, emergency):
    assert RISK_EMERGENCIES.transitions_for(case=emergency, actor=actors["tianjin_bureau"]) == [
        "notify"
    ]
    for name in ("beijing_bureau", "hq", "hebei_authority"):
        assert RISK_EMERGENCIES.transitions_for(case=emergency, actor=actors[name]) == []


def test_notify_twice_is_refused(actors, notified):
    with pytest.raises(TransitionNotAllowed):
        services.emergency_transition(
            report=notified, name="notify", actor=actors["tianjin_bureau"], handling=HANDLING
        )
    assert EmergencyAcknowledgement.objects.filter(report=notified).count() == 2


def test_escalate_refused_before_six_hours(emergency):
    with pytest.raises(TransitionNotAllowed):
        services.emergency_transition(report=emergency, name="escalate", actor=None)
    emergency.refresh_from_db()
    assert emergency.escalated_at is None


def test_escalate_refused_once_notified(notified):
    with pytest.raises(TransitionNotAllowed):
        services.emergency_transition(report=notified, name="escalate", actor=None)


# --- shared warnings --------------------------------------------------------------------------

# A warning of HQ's for 京津冀专区: the bureaus in it are notified, every other member reads it.
WARNING_READERS = {*CLERKS, "beijing_inspector", *SHARED_READERS, "hq"}


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_a_warning_for_jingjinji(actors, jjj_warning, actor):
    visible = selectors.warnings_visible_to(user=actors[actor]).filter(pk=jjj_warning.pk)
    assert visible.exists() is (actor in WARNING_READERS)


@pytest.mark.parametrize("actor", sorted(SHARED_READERS))
def test_a_draft_is_shared_with_nobody(actors, make_warning, actor):
    draft = make_warning(issued=False)
    assert not selectors.warnings_visible_to(user=actors[actor]).filter(pk=draft.pk).exists()


@pytest.mark.parametrize("actor", sorted(SHARED_READERS))
def test_shared_readers_never_act_on_a_warning(actors, jjj_warning, actor):
    assert RISK_WARNINGS.transitions_for(case=jjj_warning, actor=actors[actor]) == []


def test_hebei_authority_reads_it_with_its_targets_jiangsu_does_not(actors, jjj_warning):
    hebei, jiangsu = actors["hebei_authority"], actors["jiangsu_authority"]
    assert selectors.warnings_visible_to(user=hebei).filter(pk=jjj_warning.pk).exists()
    targets = selectors.warning_targets(warning=jjj_warning, user=hebei)
    assert [t.enterprise_name for t in targets] == ["天津某冷链物流有限公司"]
    assert not selectors.warnings_visible_to(user=jiangsu).exists()


def test_which_scopes_are_shared(actors, make_warning):
    national = make_warning(scope=Scope.NATIONAL)
    northeast = make_warning(zone="northeast")  # 东北片区 takes in all three places
    central_west = make_warning(zone="central_west")
    own_area = make_warning(scope=Scope.BUREAU, scope_bureau=Bureau.objects.get(code="hebei").pk)
    seen = set(selectors.warnings_visible_to(user=actors["hebei_authority"]))
    assert national in seen and northeast in seen
    assert central_west not in seen and own_area not in seen


def test_a_lifted_warning_stays_shared(actors, jjj_warning):
    lifted = services.warning_transition(
        warning=jjj_warning, name="lift", actor=actors["hq"], reason="风险已消除。"
    )
    assert selectors.warnings_visible_to(user=actors["renjianwei"]).filter(pk=lifted.pk).exists()


def test_bureaus_see_what_they_saw_before(actors, jjj_warning, make_warning):
    """A non-member bureau sees no 京津冀 warning; a place's bureau sees it as notified."""
    assert not selectors.warnings_visible_to(user=actors["jiangsu_bureau"]).exists()
    national = make_warning(scope=Scope.NATIONAL)
    assert selectors.warnings_visible_to(user=actors["jiangsu_bureau"]).get() == national
    beijing = set(selectors.warnings_visible_to(user=actors["beijing_bureau"]))
    assert beijing == {jjj_warning, national}

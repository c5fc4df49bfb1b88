"""Who may record, read and withdraw a recognised approval (written first): one test per
allowed and per refused actor."""

import pytest
from django.contrib.auth.models import AnonymousUser

from casework.exceptions import TransitionForbidden
from ecoorigin.exceptions import NotPermitted
from recognition import selectors, services
from recognition.models import Recognition, RecognitionHistory
from recognition.programme import RECOGNITION
from recognition.workflow import State

from .conftest import PLACES, body

ACTORS = [
    *(f"{code}_{role}" for code in PLACES for role in ("bureau", "inspector", "authority")),
    "jiangsu_bureau",
    "jiangsu_authority",
    "renjianwei",
    "biaozhunwei",
    "hq",
    "holder",
    "other_enterprise",
    "agency",
    "anonymous",
]
# Anonymous never reaches a write: pages and API ask for a login first (test_api.py).
SIGNED_IN = ACTORS[:-1]
RECORDERS = {f"{code}_{role}" for code in PLACES for role in ("bureau", "authority")}
READERS = {
    *(f"{code}_{role}" for code in PLACES for role in ("bureau", "inspector", "authority")),
    "renjianwei",
    "biaozhunwei",
    "hq",
    "holder",
}
# The recognition of the fixture was granted in Tianjin.
WITHDRAWERS = {"tianjin_bureau", "tianjin_authority"}


def _user(actors, name):
    return actors[name] or AnonymousUser()


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_records(actors, holder, actor):
    if actor in RECORDERS:
        made = services.recognition_record(actor=actors[actor], **body(holder))
        assert made.recorded_by == actors[actor]
        assert made.place == actor.split("_")[0]
        unit = made.granting_bureau if actor.endswith("bureau") else made.granting_authority
        expected = actors[actor].bureau if actor.endswith("bureau") else actors[actor].organisation
        assert unit == expected
        assert made.state == State.IN_FORCE
    else:
        with pytest.raises(NotPermitted):
            services.recognition_record(actor=actors[actor], **body(holder))
        assert not Recognition.objects.exists()


def test_the_granting_unit_is_never_taken_from_input(actors, holder):
    made = services.recognition_record(
        actor=actors["hebei_authority"],
        **body(holder),
        granting_bureau=actors["beijing_bureau"].bureau,
        place="beijing",
    )
    assert made.place == "hebei"
    assert made.granting_authority == actors["hebei_authority"].organisation
    assert made.granting_bureau is None


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads(actors, recognition, actor):
    visible = (
        selectors.recognitions_visible_to(user=_user(actors, actor))
        .filter(pk=recognition.pk)
        .exists()
    )
    assert visible is (actor in READERS)


def test_an_enterprise_sees_only_what_it_holds(actors, record, other_enterprise):
    own = record()
    record(holder_uscc=other_enterprise.uscc, holder_name=other_enterprise.name)
    assert list(selectors.recognitions_visible_to(user=actors["holder"])) == [own]


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_withdraws(actors, recognition, actor):
    user = actors[actor]
    if actor in WITHDRAWERS:
        assert RECOGNITION.transitions_for(case=recognition, actor=user) == ["withdraw"]
        done = services.recognition_withdraw(
            recognition=recognition, actor=user, reason="审批地依法撤销原许可。"
        )
        assert done.state == State.WITHDRAWN
        row = RecognitionHistory.objects.get(recognition=recognition)
        assert (row.actor, row.reason, row.to_state) == (
            user,
            "审批地依法撤销原许可。",
            "withdrawn",
        )
    else:
        assert RECOGNITION.transitions_for(case=recognition, actor=user) == []
        with pytest.raises(TransitionForbidden):
            services.recognition_withdraw(
                recognition=recognition, actor=user, reason="无权撤回的尝试。"
            )
        fresh = Recognition.objects.get(pk=recognition.pk)
        assert fresh.state == State.IN_FORCE
        assert not RecognitionHistory.objects.exists()

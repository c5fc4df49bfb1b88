"""Demonstration zones: every transition × every actor × every state, national and provincial,
through the API.

The expected table is written out here from seed 001 §七.2 (not imported from the workflow), so
a wrong rule in the code fails a test. Every allowed edge answers 200, moves the zone and writes
one history row with its actor and reason; every other combination is refused (404 not visible,
403 not yours or not signed in, 409 not from this state) and changes nothing.
"""

import pytest
from django.db import transaction

from casework.models import NumberSequence
from demonstration.models import DemonstrationZone, ZoneAssessment, ZoneHistory

from .conftest import PASSING

pytestmark = pytest.mark.django_db

STATES = [
    "draft", "submitted", "returned", "recommended", "assessing", "assessed", "designated",
    "refused", "withdrawn",
]  # fmt: skip
# A provincial zone is never recommended (its bureau assesses it straight away).
LEVEL_STATES = [("national", s) for s in STATES] + [
    ("provincial", s) for s in STATES if s != "recommended"
]

# transition: level → (states it may be fired from, the one role that may fire it, target)
NATIONAL = {
    "submit": ({"draft", "returned"}, "applicant", "submitted"),
    "return": ({"submitted"}, "bureau", "returned"),
    "recommend": ({"submitted"}, "bureau", "recommended"),
    "organise_assessment": ({"recommended"}, "hq", "assessing"),
    "record_assessment": ({"assessing"}, "hq", "assessed"),
    "designate": ({"assessed"}, "hq", "designated"),
    "refuse": ({"recommended", "assessing", "assessed"}, "hq", "refused"),
    "withdraw_title": ({"designated"}, "hq", "withdrawn"),
}
PROVINCIAL = {
    "submit": ({"draft", "returned"}, "applicant", "submitted"),
    "return": ({"submitted"}, "bureau", "returned"),
    "recommend": (set(), "bureau", "recommended"),  # the bureau's own: nothing to recommend
    "organise_assessment": ({"submitted"}, "bureau", "assessing"),
    "record_assessment": ({"assessing"}, "bureau", "assessed"),
    "designate": ({"assessed"}, "bureau", "designated"),
    "refuse": ({"assessing", "assessed"}, "bureau", "refused"),
    "withdraw_title": ({"designated"}, "bureau", "withdrawn"),
}
ALLOWED = {"national": NATIONAL, "provincial": PROVINCIAL}

ROLES = [
    "applicant", "other_government", "bureau", "other_bureau", "hq", "enterprise", "agency",
    "inspector", "hq_department", "anonymous",
]  # fmt: skip
SEES_THE_ZONE = {"applicant", "bureau", "hq"}

BODIES = {
    "return": {"reason": "请补充出口数据"},
    "organise_assessment": {"team": "王五（组长）、赵六"},
    "record_assessment": {**PASSING, "comment": "四项基本条件均符合"},
    "designate": {"valid_years": 3},
    "refuse": {"reason": "出口规模不足"},
    "withdraw_title": {"reason": "区内企业恶意违法（§六.6）"},
}


def expected_code(level: str, name: str, role: str, state: str) -> int:
    states, allowed_role, _target = ALLOWED[level][name]
    if role == "anonymous":
        return 403  # not signed in
    if role not in SEES_THE_ZONE:
        return 404
    if role != allowed_role:
        return 403
    return 200 if state in states else 409


def snapshot(zone_id: int) -> tuple:
    return (
        DemonstrationZone.objects.filter(pk=zone_id).values().get(),
        list(ZoneAssessment.objects.filter(zone_id=zone_id).values()),
        ZoneHistory.objects.filter(zone_id=zone_id).count(),
        list(NumberSequence.objects.values()),
    )


@pytest.mark.parametrize(("level", "state"), LEVEL_STATES)
def test_transition_matrix(api_for, people, make_zone, level, state):
    zone = make_zone(state, level=level)
    before = snapshot(zone.pk)
    for name, (states, allowed_role, target) in ALLOWED[level].items():
        body = BODIES.get(name, {})
        url = f"/api/v1/demonstration-zones/{zone.pk}/transitions/{name}/"
        with transaction.atomic():
            for role in ROLES:
                code = expected_code(level, name, role, state)
                if code == 200:
                    continue
                response = api_for(people[role]).post(url, body, format="json")
                assert response.status_code == code, (name, role, response.content)
                assert set(response.json()) == {"detail"}, (name, role)
                assert snapshot(zone.pk) == before, (name, role)
            if state in states:
                actor = people[allowed_role]
                response = api_for(actor).post(url, body, format="json")
                assert response.status_code == 200, (name, response.content)
                assert response.json()["state"] == target, name
                entry = ZoneHistory.objects.get(zone_id=zone.pk)
                assert (entry.transition, entry.from_state, entry.to_state) == (
                    name,
                    state,
                    target,
                )
                assert entry.actor == actor
                assert entry.reason == body.get("reason", "")
            transaction.set_rollback(True)  # the next transition starts from `state` again
        assert snapshot(zone.pk) == before


def test_an_unknown_transition_is_404(api_for, gov_beijing, make_zone):
    zone = make_zone("draft")
    response = api_for(gov_beijing).post(
        f"/api/v1/demonstration-zones/{zone.pk}/transitions/teleport/", {}, format="json"
    )
    assert response.status_code == 404
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "draft"


@pytest.mark.parametrize(
    ("state", "role", "names"),
    [
        ("draft", "applicant", ["submit"]),
        ("draft", "bureau", []),
        ("submitted", "bureau", ["return", "recommend"]),
        ("recommended", "hq", ["organise_assessment", "refuse"]),
        ("assessed", "hq", ["designate", "refuse"]),
        ("designated", "hq", ["withdraw_title"]),
        ("designated", "applicant", []),
    ],
)
def test_transitions_lists_what_the_caller_may_fire_now(
    api_for, people, make_zone, state, role, names
):
    zone = make_zone(state)
    response = api_for(people[role]).get(f"/api/v1/demonstration-zones/{zone.pk}/transitions/")
    assert response.status_code == 200
    assert [t["name"] for t in response.json()] == names


def test_transition_options_say_what_each_needs(api_for, bureau_beijing, hq, make_zone):
    zone = make_zone("submitted", level="provincial")
    listed = (
        api_for(bureau_beijing).get(f"/api/v1/demonstration-zones/{zone.pk}/transitions/").json()
    )
    assert listed == [
        {"name": "return", "label": "退回修改", "needs_reason": True, "fields": []},
        {"name": "organise_assessment", "label": "组织评估", "needs_reason": False,
         "fields": ["team"]},
    ]  # fmt: skip
    zone = make_zone("assessing")
    options = {
        t["name"]: t
        for t in api_for(hq).get(f"/api/v1/demonstration-zones/{zone.pk}/transitions/").json()
    }
    assert options["record_assessment"]["fields"] == [
        "score_cluster",
        "score_export",
        "score_quality",
        "score_organisation",
    ]
    assert options["refuse"]["needs_reason"] is True

"""Roles × transitions × states, through the API.

The expected table is written out here from SPEC §3 (not imported from the workflow), so a
wrong rule in the code fails a test. Every allowed edge answers 200 and moves the case; every
other combination is refused with the right code (404 not visible, 403 not yours, 409 not from
this state) and changes nothing: no state change, no history row, no certificate, no notice.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from applications.models import Application, CaseHistory, Certificate, Notice
from tests import factories

from .factories import ApplicationFactory, PlanFactory, attach_required_materials

pytestmark = pytest.mark.django_db

STATES = [
    "draft", "submitted", "returned", "refused", "accepted", "pre_evaluated", "recommended",
    "approved", "not_approved", "evaluating", "evaluated", "failed", "protected", "suspended",
    "revoked", "expired", "withdrawn",
]  # fmt: skip

BEFORE_EVALUATION = {
    "draft", "submitted", "returned", "accepted", "pre_evaluated", "recommended", "approved"
}  # fmt: skip

# transition: (states it may be fired from, the one role that may fire it, target)
ALLOWED = {
    "submit": ({"draft", "returned"}, "owner", "submitted"),
    "accept": ({"submitted"}, "bureau", "accepted"),
    "return": ({"submitted", "accepted"}, "bureau", "returned"),
    "refuse": ({"submitted", "accepted"}, "bureau", "refused"),
    "pre_evaluate": ({"accepted"}, "bureau", "pre_evaluated"),
    "recommend": ({"pre_evaluated"}, "bureau", "recommended"),
    "approve": ({"recommended"}, "hq", "approved"),
    "not_approve": ({"recommended", "evaluated"}, "hq", "not_approved"),
    "reevaluate": ({"evaluated"}, "hq", "evaluating"),
    "choose_agency": ({"approved"}, "owner", "evaluating"),
    "evaluate": ({"evaluating"}, "agency", "evaluated"),
    "certify": ({"evaluated"}, "hq", "protected"),
    "suspend": ({"protected"}, "hq", "suspended"),
    "submit_rectification": ({"suspended"}, "owner", "suspended"),
    "reinstate": ({"suspended"}, "hq", "protected"),
    "revoke": ({"protected", "suspended"}, "hq", "revoked"),
    "withdraw": (BEFORE_EVALUATION, "owner", "withdrawn"),
}

ROLES = [
    "owner", "other_enterprise", "bureau", "zone_lead", "other_bureau", "hq", "agency",
    "other_agency", "inspector",
]  # fmt: skip

WITH_AGENCY = {"evaluating", "evaluated", "failed", "protected", "suspended", "revoked", "expired"}
WITH_CERTIFICATE = {"protected", "suspended", "revoked", "expired"}


def body_for(name: str, plan) -> dict:
    return {
        "return": {"reason": "补正理由"},
        "refuse": {"reason": "不予受理理由"},
        "not_approve": {"reason": "不予批准理由"},
        "reevaluate": {"reason": "退回重新评定理由"},
        "revoke": {"reason": "撤销理由"},
        "suspend": {
            "reason": "暂停理由",
            "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
        "choose_agency": {"agency": plan.agency_id},
        "evaluate": {"score": "90"},
        "submit_rectification": {"comment": "已整改"},
    }.get(name, {})


@pytest.fixture
def world():
    """A case of a 湖北 enterprise; 重庆 leads 西南片区 (so sees it), 北京 does not."""
    plan = PlanFactory()
    enterprise = factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), confirmed_at=timezone.now()
    )
    people = {
        "owner": factories.enterprise_staff(enterprise, username="owner"),
        "other_enterprise": factories.enterprise_staff(username="stranger"),
        "bureau": factories.bureau_staff("hubei", username="hubei-clerk"),
        "zone_lead": factories.bureau_staff("chongqing", username="chongqing-clerk"),
        "other_bureau": factories.bureau_staff("beijing", username="beijing-clerk"),
        "hq": factories.hq(username="hq-matrix"),
        "agency": factories.agency_staff(plan.agency, username="chosen-agency"),
        "other_agency": factories.agency_staff(username="other-agency"),
        "inspector": factories.inspector("hubei", username="inspector-hb"),
    }
    return {"plan": plan, "enterprise": enterprise, "people": people}


def make_case(world, state: str) -> Application:
    """A case put straight into `state` (test set-up only), with what that state implies."""
    plan = world["plan"]
    case = ApplicationFactory(enterprise=world["enterprise"], category=plan.category)
    attach_required_materials(case)
    fields = {"state": state}
    if state != "draft":
        fields["submitted_at"] = timezone.now()  # every state but a draft was submitted once
    if state in WITH_AGENCY:
        fields.update(agency=plan.agency, plan=plan, score=90)
    if state == "suspended":
        fields["rectification_deadline"] = timezone.localdate() + timedelta(days=10)
    Application.objects.filter(pk=case.pk).update(**fields)
    if state in WITH_CERTIFICATE:
        from applications.models import CertificateNumberRule

        Certificate.objects.create(
            application_id=case.pk,
            number=f"T-{case.pk}",
            rule=CertificateNumberRule.objects.get(version=1),
            year=2026,
            seq=case.pk,
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate() + timedelta(days=365),
            marks_issued=100,
            issued_by=world["people"]["hq"],
        )
    return Application.objects.get(pk=case.pk)


def visible(role: str, state: str) -> bool:
    if role == "owner":
        return True
    if role in ("bureau", "zone_lead", "hq"):
        # An unsubmitted draft is the enterprise's own until it shares it for 一对一指导
        # (seed 000 §6; tests/applications/test_guidance_share.py): none is shared here.
        return state != "draft"
    return role == "agency" and state in WITH_AGENCY


def expected_code(name: str, role: str, state: str) -> int:
    states, allowed_role, _target = ALLOWED[name]
    if not visible(role, state):
        return 404
    if role != allowed_role:
        return 403
    return 200 if state in states else 409


def snapshot(case_id: int) -> tuple:
    return (
        Application.objects.get(pk=case_id).state,
        CaseHistory.objects.filter(application_id=case_id).count(),
        Certificate.objects.filter(application_id=case_id).count(),
        Notice.objects.filter(application_id=case_id).count(),
    )


def fire_via_service(case, name, user, body):
    """The service the API calls, with the API's body turned into its arguments."""
    from applications.models import Agency
    from applications.services import case_transition

    data = dict(body)
    if "agency" in data:
        data["agency"] = Agency.objects.get(pk=data["agency"])
    if "deadline" in data:
        data["deadline"] = timezone.localdate() + timedelta(days=30)
    case_transition(case=case, name=name, actor=user, **data)


# The API is exercised for every edge by the allowed role, one role that cannot see the case and
# one that sees it but may not fire; the other roles go through the service the API calls.
API_SAMPLE = {"other_enterprise", "hq", "owner"}


@pytest.mark.parametrize("state", STATES)
def test_transition_matrix(api_for, world, state):
    from ecoorigin.exceptions import Conflict, NotPermitted

    case = make_case(world, state)
    before = snapshot(case.pk)
    for name, (states, allowed_role, target) in ALLOWED.items():
        body = body_for(name, world["plan"])
        url = f"/api/v1/applications/{case.pk}/transitions/{name}/"
        with transaction.atomic():
            for role in ROLES:
                code = expected_code(name, role, state)
                if code == 200:
                    continue
                user = world["people"][role]
                if role in API_SAMPLE or role == allowed_role:
                    response = api_for(user).post(url, body, format="json")
                    assert response.status_code == code, (name, role, response.content)
                else:
                    kind = Conflict if code == 409 else NotPermitted
                    with pytest.raises(kind):
                        fire_via_service(Application.objects.get(pk=case.pk), name, user, body)
                assert snapshot(case.pk) == before, (name, role)
            if state in states:
                response = api_for(world["people"][allowed_role]).post(url, body, format="json")
                assert response.status_code == 200, (name, response.content)
                assert response.json()["state"] == target, name
                entry = CaseHistory.objects.get(application_id=case.pk)
                assert (entry.transition, entry.from_state, entry.to_state) == (name, state, target)
                assert entry.actor == world["people"][allowed_role]
            transaction.set_rollback(True)  # the next transition starts from `state` again
        assert snapshot(case.pk) == before


def test_unknown_transition_is_404(api_for, world):
    case = make_case(world, "draft")
    response = api_for(world["people"]["owner"]).post(
        f"/api/v1/applications/{case.pk}/transitions/teleport/", {}, format="json"
    )
    assert response.status_code == 404


def test_expiry_is_never_fired_by_a_user(api_for, world):
    case = make_case(world, "protected")
    for role in ("hq", "owner", "bureau"):
        response = api_for(world["people"][role]).post(
            f"/api/v1/applications/{case.pk}/transitions/expire/", {}, format="json"
        )
        assert response.status_code in (403, 404)
    assert Application.objects.get(pk=case.pk).state == "protected"

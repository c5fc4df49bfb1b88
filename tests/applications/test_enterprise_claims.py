"""Competing claims on one 统一社会信用代码 (ADR 0003, issue 12 point 3): a registration that no
bureau has confirmed does not block the real enterprise, which registers the same code with its
business licence; the bureau of the jurisdiction (or HQ) confirms one claim and rejects the
others with a reason, each decision written to the audit log. Confirmed enterprises stay as
they are: one confirmed enterprise per code."""

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import AuditEntry, User
from applications.exceptions import (
    InvalidTransitionInput,
    TransitionForbidden,
    TransitionNotAllowed,
)
from applications.models import Enterprise
from applications.services import enterprise_confirm, enterprise_reject
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CODE = factories.valid_uscc(5150)
PAGE = "/cases/enterprises/"


@pytest.fixture(autouse=True)
def _room_to_register(settings):
    settings.PUBLIC_RATE_LIMITS = {**django_settings.PUBLIC_RATE_LIMITS, "registration": "50/hour"}


def register(client, *, username, name, bureau="hubei", uscc=CODE, email=None):
    return client.post(
        "/register/",
        {
            "name": name,
            "uscc": uscc,
            "bureau": factories.bureau(bureau).pk,
            "address": "湖北省恩施州",
            "contact_name": "王五",
            "contact_phone": "0718-1234567",
            "email": email or f"{username}@example.com",
            "username": username,
            "password": "Ecological-Tea-2026!",
            "password_again": "Ecological-Tea-2026!",
            "licence": SimpleUploadedFile("licence.pdf", PDF, content_type="application/pdf"),
        },
    )


def claim(*, username, name, bureau="hubei", uscc=CODE) -> Enterprise:
    """A pending claim with its account and licence, as a registration leaves it."""
    enterprise = factories.EnterpriseFactory(
        name=name,
        uscc=uscc,
        bureau=factories.bureau(bureau),
        contact_email=f"{username}@example.com",
    )
    enterprise.licence.save("licence.pdf", ContentFile(PDF))
    factories.enterprise_staff(enterprise, username=username)
    return enterprise


@pytest.fixture
def squatter():
    """Registered first, with somebody else's code, and never confirmed."""
    return claim(username="squatter", name="冒名茶业有限公司")


@pytest.fixture
def real():
    return claim(username="real-owner", name="恩施玉露茶业有限公司")


def resolve(client, enterprise, action, reason=""):
    return client.post(PAGE, {"id": enterprise.pk, "action": action, "reason": reason})


def fresh(enterprise) -> Enterprise:
    return Enterprise.objects.get(pk=enterprise.pk)


# ---------------------------------------------------------------- registering a claimed code


def test_an_unconfirmed_claim_does_not_block_the_real_enterprise(client, squatter):
    response = register(client, username="real-owner", name="恩施玉露茶业有限公司")
    assert response.status_code == 302
    real = User.objects.get(username="real-owner").enterprise
    assert real.uscc == CODE and real.pk != squatter.pk
    assert real.licence.read() == PDF
    assert sorted(Enterprise.objects.filter(uscc=CODE).values_list("name", flat=True)) == [
        "冒名茶业有限公司",
        "恩施玉露茶业有限公司",
    ]
    assert fresh(squatter).confirmed_at is None and fresh(squatter).rejected_at is None


def test_a_confirmed_enterprise_is_unchanged_by_a_registration_of_its_code(client):
    confirmed = factories.EnterpriseFactory(uscc=CODE, confirmed_at=timezone.now(), name="正牌")
    owner = factories.enterprise_staff(confirmed, username="owner")
    before = Enterprise.objects.filter(pk=confirmed.pk).values().get()
    register(client, username="late", name="后来者")
    assert Enterprise.objects.filter(pk=confirmed.pk).values().get() == before
    owner.refresh_from_db()
    assert owner.enterprise_id == confirmed.pk and owner.is_active
    assert User.objects.get(username="late").enterprise.confirmed_at is None


def test_the_database_keeps_one_confirmed_enterprise_per_code():
    factories.EnterpriseFactory(uscc=CODE, confirmed_at=timezone.now())
    factories.EnterpriseFactory(uscc=CODE)  # a claim: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.EnterpriseFactory(uscc=CODE, confirmed_at=timezone.now())


# ---------------------------------------------------------------- the bureau's page


def test_the_bureau_sees_both_claims_marked_as_competing(client_for, bureau_user, squatter, real):
    response = client_for(bureau_user).get(PAGE)
    assert response.status_code == 200
    pending = {e.pk: e for e in response.context["pending"]}
    assert set(pending) == {squatter.pk, real.pk}
    assert pending[real.pk].rivals == 1
    page = response.content.decode()
    assert f"/cases/enterprises/{real.pk}/licence/" in page


def test_the_bureau_downloads_a_claims_licence(client_for, bureau_user, real):
    response = client_for(bureau_user).get(f"/cases/enterprises/{real.pk}/licence/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


# ---------------------------------------------------------------- resolving


def test_the_bureau_confirms_the_real_claim_and_rejects_the_other_with_a_reason(
    client_for, bureau_user, squatter, real, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = resolve(client_for(bureau_user), real, "confirm", "营业执照与企业名称不符")
    assert response.status_code == 302
    real, squatter = fresh(real), fresh(squatter)
    assert (real.confirmed_by, real.rejected_at) == (bureau_user, None)
    assert squatter.confirmed_at is None
    assert (squatter.rejected_by, squatter.rejection_reason) == (
        bureau_user,
        "营业执照与企业名称不符",
    )
    assert squatter.rejected_at is not None
    # The rejected claim's account no longer signs in; the real one's does.
    assert not User.objects.get(username="squatter").is_active
    assert User.objects.get(username="real-owner").is_active
    audit = AuditEntry.objects.filter(object_type="applications.enterprise")
    assert {(e.object_id, e.actor_id) for e in audit} == {
        (str(real.pk), bureau_user.pk),
        (str(squatter.pk), bureau_user.pk),
    }
    rejected_entry = audit.get(object_id=str(squatter.pk))
    assert rejected_entry.changes["rejection_reason"] == "营业执照与企业名称不符"
    # The rejected claimant is told why, at the address it registered with.
    [message] = mail.outbox
    assert message.to == ["squatter@example.com"]
    assert "营业执照与企业名称不符" in message.body


def test_confirming_a_competing_claim_needs_a_reason_for_the_others(
    client_for, bureau_user, squatter, real
):
    response = resolve(client_for(bureau_user), real, "confirm", "  ")
    assert response.status_code == 400
    assert fresh(real).confirmed_at is None and fresh(squatter).rejected_at is None
    assert not AuditEntry.objects.exists()


def test_the_bureau_rejects_a_single_claim_with_a_reason(client_for, bureau_user, squatter):
    response = resolve(client_for(bureau_user), squatter, "reject", "无法核实营业执照")
    assert response.status_code == 302
    squatter = fresh(squatter)
    assert squatter.rejection_reason == "无法核实营业执照" and squatter.confirmed_at is None
    assert not User.objects.get(username="squatter").is_active
    assert AuditEntry.objects.get(object_id=str(squatter.pk)).actor == bureau_user


def test_a_rejection_needs_a_reason(client_for, bureau_user, squatter):
    assert resolve(client_for(bureau_user), squatter, "reject", "").status_code == 400
    assert fresh(squatter).rejected_at is None


def test_a_rejected_claim_leaves_the_pending_list_and_the_count(client_for, bureau_user, squatter):
    client = client_for(bureau_user)
    resolve(client, squatter, "reject", "无法核实营业执照")
    response = client.get(PAGE)
    assert response.context["pending"] == []
    assert response.context["pending_enterprises"] == 0


def test_a_claim_on_a_confirmed_code_can_only_be_rejected(client_for, bureau_user):
    factories.EnterpriseFactory(
        uscc=CODE, confirmed_at=timezone.now(), bureau=factories.bureau("hubei")
    )
    late = claim(username="late", name="后来者")
    response = resolve(client_for(bureau_user), late, "confirm")
    assert response.status_code == 409
    assert fresh(late).confirmed_at is None
    assert (
        resolve(client_for(bureau_user), late, "reject", "该代码已有确认的企业").status_code == 302
    )


def test_a_rejected_claim_cannot_be_confirmed_later(bureau_user, squatter):
    enterprise_reject(enterprise=squatter, actor=bureau_user, reason="无法核实")
    with pytest.raises(TransitionNotAllowed):
        enterprise_confirm(enterprise=fresh(squatter), actor=bureau_user)


def test_a_confirmed_enterprise_cannot_be_rejected(bureau_user, real):
    enterprise_confirm(enterprise=real, actor=bureau_user)
    with pytest.raises(TransitionNotAllowed):
        enterprise_reject(enterprise=fresh(real), actor=bureau_user, reason="改主意")
    assert fresh(real).rejected_at is None


# ---------------------------------------------------------------- who may resolve


def test_hq_resolves_competing_claims_of_any_bureau(client_for, hq_user, squatter):
    real = claim(username="real-owner", name="恩施玉露茶业有限公司", bureau="beijing")
    client = client_for(hq_user)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert {e.pk for e in page.context["pending"]} == {squatter.pk, real.pk}
    assert client.get(f"/cases/enterprises/{real.pk}/licence/").status_code == 200
    assert resolve(client, real, "confirm", "经核对营业执照").status_code == 302
    assert fresh(real).confirmed_by == hq_user
    assert fresh(squatter).rejected_by == hq_user


def test_hq_sees_only_contested_claims(client_for, hq_user, squatter):
    quiet = claim(username="quiet", name="无争议企业", uscc=factories.valid_uscc(6160))
    real = claim(username="real-owner", name="恩施玉露茶业有限公司")
    pending = client_for(hq_user).get(PAGE).context["pending"]
    assert {e.pk for e in pending} == {squatter.pk, real.pk}
    assert quiet.pk not in {e.pk for e in pending}


def test_a_bureau_cannot_settle_a_contest_with_another_bureaus_claim(
    client_for, lead_bureau_user, squatter
):
    # The squatter named 湖北局; the real enterprise 重庆局. Only HQ decides between them.
    real = claim(username="real-owner", name="恩施玉露茶业有限公司", bureau="chongqing")
    response = resolve(client_for(lead_bureau_user), real, "confirm", "经核对营业执照")
    assert response.status_code == 403
    assert fresh(real).confirmed_at is None and fresh(squatter).rejected_at is None
    assert not AuditEntry.objects.exists()


def test_a_bureau_may_still_reject_its_own_claim_in_a_contest_with_another_bureau(
    client_for, lead_bureau_user, squatter
):
    real = claim(username="real-owner", name="恩施玉露茶业有限公司", bureau="chongqing")
    assert resolve(client_for(lead_bureau_user), real, "reject", "重复注册").status_code == 302
    assert fresh(squatter).rejected_at is None


@pytest.mark.parametrize("action", ["confirm", "reject"])
def test_another_bureau_gets_404_and_changes_nothing(client_for, lead_bureau_user, real, action):
    response = resolve(client_for(lead_bureau_user), real, action, "理由")
    assert response.status_code == 404
    assert fresh(real).confirmed_at is None and fresh(real).rejected_at is None


def test_another_bureau_cannot_download_the_licence(client_for, lead_bureau_user, real):
    response = client_for(lead_bureau_user).get(f"/cases/enterprises/{real.pk}/licence/")
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["enterprise", "agency", "inspector", "claimant"])
def test_other_roles_get_404(client_for, real, who):
    user = {
        "enterprise": lambda: factories.enterprise_staff(username="someone-else"),
        "agency": lambda: factories.agency_staff(username="an-agency"),
        "inspector": lambda: factories.inspector(username="an-inspector"),
        "claimant": lambda: User.objects.get(username="real-owner"),
    }[who]()
    client = client_for(user)
    assert client.get(PAGE).status_code == 404
    assert resolve(client, real, "confirm").status_code == 404
    assert client.get(f"/cases/enterprises/{real.pk}/licence/").status_code == 404
    assert fresh(real).confirmed_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client, real):
    assert resolve(client, real, "confirm")["Location"].startswith("/accounts/login/")
    assert fresh(real).confirmed_at is None


@pytest.mark.parametrize("role", ["enterprise", "other-bureau", "agency"])
def test_the_services_refuse_everyone_but_the_jurisdiction_and_hq(real, role):
    actor = {
        "enterprise": lambda: User.objects.get(username="real-owner"),
        "other-bureau": lambda: factories.bureau_staff("beijing", username="bj"),
        "agency": lambda: factories.agency_staff(username="an-agency"),
    }[role]()
    with pytest.raises(TransitionForbidden):
        enterprise_confirm(enterprise=real, actor=actor)
    with pytest.raises(TransitionForbidden):
        enterprise_reject(enterprise=real, actor=actor, reason="理由")
    assert fresh(real).confirmed_at is None and fresh(real).rejected_at is None


def test_a_competing_confirm_without_a_reason_is_invalid_input(bureau_user, squatter, real):
    with pytest.raises(InvalidTransitionInput):
        enterprise_confirm(enterprise=real, actor=bureau_user)


def test_an_unknown_action_is_404(client_for, bureau_user, real):
    assert resolve(client_for(bureau_user), real, "delete", "理由").status_code == 404
    assert fresh(real).pending


def test_a_reason_with_control_characters_is_refused(client_for, bureau_user, squatter):
    response = resolve(client_for(bureau_user), squatter, "reject", "冒名\x1b[2J注册")
    assert response.status_code == 400
    assert fresh(squatter).pending

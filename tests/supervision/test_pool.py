"""检查人员库: HQ maintains the whole pool, a bureau only its own inspectors and experts."""

import pytest

from accounts.models import AuditEntry
from supervision.models import PoolMember
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_bureau_adds_its_own_inspector_and_it_is_audited(client_for):
    clerk = factories.bureau_staff("jiangsu", username="pool-clerk")
    inspector = factories.inspector("jiangsu", username="pool-js")
    response = client_for(clerk).post(
        "/supervision/pool/", {"user": inspector.pk, "kind": "inspector", "available": "on"}
    )
    assert response.status_code == 302
    member = PoolMember.objects.get(user=inspector)
    assert (member.bureau_id, member.available) == (inspector.bureau_id, True)
    assert AuditEntry.objects.filter(object_type="supervision.poolmember").count() == 1


def test_a_bureau_cannot_add_another_bureaus_inspector(client_for):
    clerk = factories.bureau_staff("jiangsu", username="pool-clerk2")
    other = factories.inspector("beijing", username="pool-bj")
    response = client_for(clerk).post("/supervision/pool/", {"user": other.pk, "kind": "inspector"})
    assert response.status_code == 400
    assert not PoolMember.objects.exists()


def test_hq_sees_and_maintains_everyone_bureaus_only_their_own(client_for):
    hq = factories.hq(username="pool-hq")
    for code in ("beijing", "jiangsu"):
        user = factories.inspector(code, username=f"pool-{code}")
        PoolMember.objects.create(user=user, bureau=user.bureau, kind="inspector")
    hq_page = client_for(hq).get("/supervision/pool/")
    assert len(hq_page.context["members"]) == 2
    clerk = factories.bureau_staff("beijing", username="pool-bj-clerk")
    own = client_for(clerk).get("/supervision/pool/")
    assert [m.user.username for m in own.context["members"]] == ["pool-beijing"]


def test_taking_an_inspector_out_of_the_draws(client_for):
    hq = factories.hq(username="pool-hq2")
    inspector = factories.inspector("henan", username="pool-hn")
    PoolMember.objects.create(user=inspector, bureau=inspector.bureau, kind="inspector")
    response = client_for(hq).post("/supervision/pool/", {"user": inspector.pk, "kind": "expert"})
    assert response.status_code == 302
    member = PoolMember.objects.get(user=inspector)
    assert (member.kind, member.available) == ("expert", False)


@pytest.mark.parametrize("who", ["enterprise", "agency", "inspector", "anonymous"])
def test_others_cannot_reach_the_pool(client, client_for, who):
    users = {
        "enterprise": lambda: factories.enterprise_staff(username="pool-ent"),
        "agency": lambda: factories.agency_staff(username="pool-agency"),
        "inspector": lambda: factories.inspector("hubei", username="pool-hb"),
    }
    browser = client if who == "anonymous" else client_for(users[who]())
    response = browser.get("/supervision/pool/")
    assert response.status_code in (302, 404)

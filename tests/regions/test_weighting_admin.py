"""HQ maintains the ranking weighting in the admin: versioned, validated, never rewritten once
used, and audited."""

import pytest
from django.contrib.auth.models import Permission

from accounts.models import AuditEntry
from regions.models import RankingWeighting
from regions.services import ranking_compute
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq_admin(client):
    user = factories.hq(username="weights-hq", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "add_rankingweighting",
                "change_rankingweighting",
                "view_rankingweighting",
            ]
        )
    )
    client.force_login(user)
    return client


def test_hq_adds_a_version(hq_admin):
    response = hq_admin.post(
        "/admin/regions/rankingweighting/add/",
        {"version": 2, "weights": '{"newly_protected": 30, "lectures": 5}', "note": "2027"},
    )
    assert response.status_code == 302
    assert RankingWeighting.objects.get(version=2).weights == {"newly_protected": 30, "lectures": 5}
    assert AuditEntry.objects.filter(object_type="regions.rankingweighting").count() == 1


@pytest.mark.parametrize("weights", ['{"no_such_indicator": 1}', '{"lectures": "many"}', "[1, 2]"])
def test_bad_weights_are_a_form_error(hq_admin, weights):
    response = hq_admin.post(
        "/admin/regions/rankingweighting/add/", {"version": 3, "weights": weights}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not RankingWeighting.objects.filter(version=3).exists()


def test_a_version_that_produced_a_ranking_cannot_be_edited(hq_admin):
    ranking_compute(year=2026)
    used = RankingWeighting.objects.get(version=1)
    response = hq_admin.post(
        f"/admin/regions/rankingweighting/{used.pk}/change/",
        {"version": 1, "weights": '{"lectures": 100}'},
    )
    assert response.status_code == 403
    assert RankingWeighting.objects.get(version=1).weights != {"lectures": 100}

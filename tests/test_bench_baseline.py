"""`make bench` compares the case detail API with a bare view of the same reads
(bench/baseline.py): the baseline must read and answer what the API does, or its ratio measures
a difference of work rather than the framework's cost."""

import pytest
from rest_framework.test import APIClient

from accounts.services import token_obtain
from tests.applications.factories import (
    ApplicationFactory,
    attach_required_materials,
    certified_case,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


@pytest.mark.parametrize("certified", [False, True], ids=["submitted", "certified"])
def test_the_case_detail_baseline_answers_what_the_api_does(hq_user, certified):
    case = certified_case(hq=hq_user) if certified else ApplicationFactory(state="submitted")
    attach_required_materials(case)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token_obtain(user=hq_user).key}")
    api = client.get(f"/api/v1/applications/{case.pk}/").json()
    bare = client.get(f"/__bench__/applications/{case.pk}/").json()
    assert bare["materials_checklist"] == api["materials_checklist"]
    assert bare["materials_checklist"]  # the checklist has items: the same query ran
    for key in ("id", "product_name", "state", "score", "renewal_of"):
        assert bare[key] == api[key]
    assert (bare["certificate"] is None) == (api["certificate"] is None) == (not certified)

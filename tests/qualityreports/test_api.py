"""The API's answers (SPEC §9): 201/200 for who may, 403 before the body for who may not, 404
for what one cannot see, 400 with field messages, 409 for the wrong state; nothing changes on a
non-2xx answer."""

import pytest

from qualityreports.models import QualityStatusReport, QualityStatusReportHistory
from qualityreports.workflow import State

from .conftest import COMPLETE, last_year

pytestmark = pytest.mark.django_db

URL = "/api/v1/quality-status-reports/"


def _json(values: dict) -> dict:
    return {
        key: float(value) if hasattr(value, "quantize") else value for key, value in values.items()
    }


def test_draft_edit_submit_return_through_the_api(api_for, actors):
    place = api_for(actors["hebei_authority"])
    made = place.post(URL, {"year": last_year(), "overview": "总体平稳。"}, format="json")
    assert made.status_code == 201, made.content
    report = made.json()
    assert (report["place"], report["state"], report["supervision_pass_rate"]) == (
        "hebei",
        "draft",
        None,
    )
    rid = report["id"]
    incomplete = place.post(f"{URL}{rid}/submit/", {}, format="json")
    assert incomplete.status_code == 400
    assert {"supervision_pass_rate", "problems", "measures"} <= set(incomplete.json())
    edited = place.patch(f"{URL}{rid}/", _json(COMPLETE), format="json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["supervision_pass_rate"] == 93.8
    assert edited.json()["industrial_enterprises"] == 5600
    done = place.post(f"{URL}{rid}/submit/", {}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "submitted"
    assert place.post(f"{URL}{rid}/submit/", {}, format="json").status_code == 409
    assert place.patch(f"{URL}{rid}/", {"standards_led": 1}, format="json").status_code == 409
    # Another place reads it now; HQ returns it.
    assert api_for(actors["beijing_inspector"]).get(f"{URL}{rid}/").status_code == 200
    hq = api_for(actors["hq"])
    assert [o["name"] for o in hq.get(f"{URL}{rid}/transitions/").json()] == ["return"]
    assert hq.post(f"{URL}{rid}/return/", {"reason": ""}, format="json").status_code == 400
    returned = hq.post(f"{URL}{rid}/return/", {"reason": "请核实抽查合格率。"}, format="json")
    assert returned.status_code == 200
    assert (returned.json()["state"], returned.json()["return_reason"]) == (
        "returned",
        "请核实抽查合格率。",
    )
    history = place.get(f"{URL}{rid}/history/").json()
    assert [(row["transition"], row["actor"]) for row in history] == [
        ("submit", "qr-hebei-zj"),
        ("return", "qr-hq"),
    ]


def test_the_kernels_transition_action_submits_too(api_for, actors, report):
    client = api_for(actors["tianjin_bureau"])
    done = client.post(f"{URL}{report.pk}/transitions/submit/", {}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "submitted"
    hq = api_for(actors["hq"])
    empty = hq.post(f"{URL}{report.pk}/transitions/return/", {}, format="json")
    assert empty.status_code == 400 and "reason" in empty.json()


@pytest.mark.parametrize(
    "actor",
    [
        "beijing_inspector",
        "jiangsu_bureau",
        "jiangsu_authority",
        "renjianwei",
        "biaozhunwei",
        "hq",
        "enterprise",
        "agency",
    ],
)
def test_who_may_not_draft_is_403_whatever_the_body(api_for, actors, actor):
    response = api_for(actors[actor]).post(URL, {"year": "nonsense"}, format="json")
    assert response.status_code == 403
    assert not QualityStatusReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("supervision_pass_rate", 100.5),
        ("export_failure_rate", -0.1),
        ("export_failure_rate", 0.555),
        ("competitiveness_index", "high"),
        ("industrial_enterprises", 1.5),
        ("leading_industries", 101),
        ("year", 2016),
        ("year", 9000),
    ],
)
def test_bad_input_is_400_with_the_fields_message(api_for, actors, field, value):
    body = {"year": last_year(), field: value}
    response = api_for(actors["beijing_bureau"]).post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not QualityStatusReport.objects.exists()


def test_a_second_report_of_the_year_is_400(api_for, actors, report):
    response = api_for(actors["tianjin_bureau"]).post(URL, {"year": report.year}, format="json")
    assert response.status_code == 400 and "year" in response.json()


def test_an_edit_out_of_range_is_400_and_changes_nothing(api_for, actors, report):
    response = api_for(actors["tianjin_authority"]).patch(
        f"{URL}{report.pk}/", {"supervision_pass_rate": 120}, format="json"
    )
    assert response.status_code == 400 and "supervision_pass_rate" in response.json()
    assert (
        QualityStatusReport.objects.get(pk=report.pk).supervision_pass_rate
        == COMPLETE["supervision_pass_rate"]
    )


def test_another_places_member_may_not_edit_or_submit_a_shared_report(api_for, actors, submitted):
    client = api_for(actors["beijing_authority"])
    assert client.patch(f"{URL}{submitted.pk}/", {}, format="json").status_code == 403
    assert client.post(f"{URL}{submitted.pk}/return/", {"reason": "x"}).status_code == 403


def test_only_hq_returns(api_for, actors, submitted):
    response = api_for(actors["renjianwei"]).post(
        f"{URL}{submitted.pk}/return/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 403
    assert QualityStatusReport.objects.get(pk=submitted.pk).state == State.SUBMITTED
    assert QualityStatusReportHistory.objects.count() == 1


@pytest.mark.parametrize("actor", ["beijing_bureau", "hq", "jiangsu_bureau", "enterprise"])
def test_a_draft_is_its_places_own(api_for, actors, report, actor):
    client = api_for(actors[actor])
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{report.pk}/").status_code == 404
    assert client.patch(f"{URL}{report.pk}/", {}, format="json").status_code == 404
    assert client.post(f"{URL}{report.pk}/submit/").status_code == 404


def test_anonymous_is_refused(api_client, report):
    assert api_client.get(URL).status_code in (401, 403)
    assert api_client.get(f"{URL}{report.pk}/").status_code in (401, 403)
    assert api_client.get(f"{URL}comparison/").status_code in (401, 403)
    assert api_client.post(URL, {"year": last_year()}, format="json").status_code in (401, 403)


def test_the_list_filters(api_for, actors, submitted, draft):
    draft("beijing_bureau")
    client = api_for(actors["beijing_bureau"])
    assert len(client.get(URL).json()["results"]) == 2
    states = [r["state"] for r in client.get(URL, {"state": "submitted"}).json()["results"]]
    assert states == ["submitted"]
    assert client.get(URL, {"place": "hebei"}).json()["results"] == []
    assert client.get(URL, {"year": "2016"}).status_code == 400
    assert client.get(URL, {"year": ""}).status_code == 400


def test_the_comparison(api_for, actors, submitted):
    client = api_for(actors["biaozhunwei"])
    answer = client.get(f"{URL}comparison/", {"year": submitted.year})
    assert answer.status_code == 200
    data = answer.json()
    assert [(c["place"], c["report"]) for c in data["columns"]] == [
        ("beijing", None),
        ("tianjin", submitted.pk),
        ("hebei", None),
    ]
    rate = data["rows"][0]
    assert (rate["figure"], rate["unit"], rate["cells"][1]["value"]) == (
        "supervision_pass_rate",
        "%",
        93.8,
    )
    assert client.get(f"{URL}comparison/").json()["year"] == last_year()
    assert client.get(f"{URL}comparison/", {"year": "x"}).status_code == 400
    outsider = api_for(actors["jiangsu_bureau"]).get(f"{URL}comparison/").json()
    assert outsider["columns"] == [] and outsider["rows"] == []

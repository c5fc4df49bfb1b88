"""The annual summaries in the REST API (SPEC §5, §9): who sees which bureau's summary, the seven
sections with their figures, drafting on demand (HQ, through Celery after commit), and the PDF
rendered by Celery and read back with poppler."""

import re
import shutil
import subprocess

import pytest

from regions import dashboard_cache, services
from regions.models import AnnualSummary, Bureau, ZoneMembership
from regions.services import SECTION_KEYS
from tests import factories

pytestmark = pytest.mark.django_db

SUMMARIES = "/api/v1/summaries/"
GENERATE = "/api/v1/summaries/generate/"
YEAR = 2026
SOUTHWEST = {"chongqing", "hubei", "hunan", "guangxi", "sichuan", "guizhou", "yunnan", "xizang"}


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None  # 35 bureaus fit on one page
    return body["results"]


def codes(response) -> set[str]:
    return {row["bureau"] for row in rows(response)}


@pytest.fixture
def drafted(db):
    services.summaries_draft(year=YEAR)
    # An earlier year's summary, which a request for YEAR must not show.
    AnnualSummary.objects.create(bureau=factories.bureau("hubei"), year=YEAR - 1)
    return YEAR


def test_a_bureau_sees_its_own_summary(drafted, api_for, bureau_user):
    assert codes(api_for(bureau_user).get(SUMMARIES, {"year": YEAR})) == {"hubei"}
    every_year = rows(api_for(bureau_user).get(SUMMARIES))
    assert sorted(row["year"] for row in every_year) == [YEAR - 1, YEAR]


def test_a_zone_lead_sees_the_bureaus_of_the_zones_it_leads(drafted, api_for, lead_bureau_user):
    assert (
        set(
            ZoneMembership.objects.filter(zone__code="southwest").values_list(
                "bureau__code", flat=True
            )
        )
        == SOUTHWEST
    )
    assert codes(api_for(lead_bureau_user).get(SUMMARIES, {"year": YEAR})) == SOUTHWEST


def test_hq_sees_all_35(drafted, api_for, hq_user):
    found = rows(api_for(hq_user).get(SUMMARIES, {"year": YEAR}))
    assert len(found) == 35
    assert {row["bureau"] for row in found} == set(Bureau.objects.values_list("code", flat=True))
    assert {row["year"] for row in found} == {YEAR}


@pytest.mark.parametrize("who", ["enterprise_user", "agency_user", "inspector_user"])
def test_enterprises_agencies_and_inspectors_see_none(request, drafted, api_for, who):
    assert rows(api_for(request.getfixturevalue(who)).get(SUMMARIES, {"year": YEAR})) == []


def test_every_summary_has_its_seven_sections_with_figures(drafted, api_for, hq_user):
    for row in rows(api_for(hq_user).get(SUMMARIES, {"year": YEAR})):
        assert [section["key"] for section in row["sections"]] == SECTION_KEYS
        assert SECTION_KEYS == [
            "intake",
            "evaluation",
            "supervision",
            "rectification",
            "exit",
            "research",
            "outreach",
        ]
        stored = AnnualSummary.objects.get(pk=row["id"])
        for section in row["sections"]:
            assert section["label"]
            assert section["data"] == stored.figures[section["key"]]
            assert section["figures"]  # label → number
            assert all(isinstance(v, int | float) for v in section["figures"].values())
            assert sorted(section["figures"].values()) == sorted(section["data"].values())
        assert row["status"] == "draft" and row["late"] is False
    labels = [
        s["label"] for s in rows(api_for(hq_user).get(SUMMARIES, {"year": YEAR}))[0]["sections"]
    ]
    assert labels == [
        "受理申报",
        "组织评定",
        "实施监管",
        "整改结果",
        "产品退出",
        "科学研究",
        "巡讲宣贯",
    ]


def test_the_narratives_written_by_the_bureau_are_shown(drafted, api_for, bureau_user):
    summary = AnnualSummary.objects.get(bureau__code="hubei", year=YEAR)
    services.summary_update(
        summary=summary,
        actor=bureau_user,
        narratives={"research": "参加西南片区课题"},
        next_year_plan="继续开展宣讲",
    )
    (row,) = rows(api_for(bureau_user).get(SUMMARIES, {"year": YEAR}))
    research = next(s for s in row["sections"] if s["key"] == "research")
    assert research["narrative"] == "参加西南片区课题"
    assert row["next_year_plan"] == "继续开展宣讲"
    assert row["bureau_name"] == "湖北出入境检验检疫局"


@pytest.mark.parametrize("year", ["abc", "", "20.26", "-2026", "²", "2026 "])
def test_a_bad_year_is_400(drafted, api_for, hq_user, year):
    response = api_for(hq_user).get(SUMMARIES, {"year": year})
    assert response.status_code == 400, response.content
    assert "year" in response.json()


# ---------------------------------------------------------------- generate on demand


def test_hq_generates_a_year_s_summaries_through_celery(
    api_for, hq_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_for(hq_user).post(GENERATE, {"year": YEAR}, format="json")
    assert response.status_code == 202, response.content
    assert response.json() == {"year": YEAR}
    # The task is queued once the request's transaction committed (beside the dashboard's
    # refresh: regions.dashboard_cache).
    assert len([c for c in callbacks if c is not dashboard_cache._new_generation]) == 1
    assert AnnualSummary.objects.filter(year=YEAR).count() == 35

    with django_capture_on_commit_callbacks(execute=True):
        again = api_for(hq_user).post(GENERATE, {"year": YEAR}, format="json")
    assert again.status_code == 202
    assert AnnualSummary.objects.filter(year=YEAR).count() == 35  # nothing twice


@pytest.mark.parametrize(
    "who", ["bureau_user", "lead_bureau_user", "enterprise_user", "agency_user", "inspector_user"]
)
def test_only_hq_generates(request, api_for, who, django_capture_on_commit_callbacks):
    client = api_for(request.getfixturevalue(who))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(GENERATE, {"year": YEAR}, format="json")
    assert response.status_code == 403, response.content
    assert callbacks == []
    assert not AnnualSummary.objects.exists()


@pytest.mark.parametrize("body", [{}, {"year": "abc"}, {"year": 1999}, {"year": None}])
def test_generate_with_a_bad_body_is_400(
    api_for, hq_user, body, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_for(hq_user).post(GENERATE, body, format="json")
    assert response.status_code == 400, response.content
    assert "year" in response.json()
    assert callbacks == []


# ---------------------------------------------------------------- the PDF


def _poppler(tool: str, path) -> str:
    return subprocess.run([tool, str(path), "-"] if tool == "pdftotext" else [tool, str(path)],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip


@pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils not installed",
)
def test_the_pdf_is_rendered_by_celery_then_served(
    drafted, api_for, bureau_user, tmp_path, django_capture_on_commit_callbacks
):
    summary = AnnualSummary.objects.get(bureau__code="hubei", year=YEAR)
    services.summary_update(
        summary=summary,
        actor=bureau_user,
        narratives={"outreach": "全年开展专家巡讲两场"},
        next_year_plan="下一年度继续推进",
    )
    url = f"{SUMMARIES}{summary.pk}/pdf/"
    client = api_for(bureau_user)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pending = client.get(url)
    assert pending.status_code == 202, pending.content
    assert pending["Retry-After"]
    assert len(callbacks) == 1
    summary.refresh_from_db()
    assert summary.pdf  # rendered by the (eager) task once the request committed

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    path = tmp_path / "summary.pdf"
    path.write_bytes(content)

    text = re.sub(r"\s+", "", _poppler("pdftotext", path))
    assert "湖北出入境检验检疫局" in text
    assert f"{YEAR}年度生态原产地产品保护工作总结" in text
    assert "巡讲宣贯" in text and "全年开展专家巡讲两场" in text

    fonts = _poppler("pdffonts", path).splitlines()[2:]  # two header lines
    assert fonts, "the PDF has no fonts"
    for line in fonts:
        emb, _sub, _uni = line.split()[-5:-2]
        assert emb == "yes", line


def test_the_pdf_of_another_bureau_is_404(drafted, api_for, bureau_user, enterprise_user):
    beijing = AnnualSummary.objects.get(bureau__code="beijing", year=YEAR)
    url = f"{SUMMARIES}{beijing.pk}/pdf/"
    assert api_for(bureau_user).get(url).status_code == 404
    assert api_for(enterprise_user).get(url).status_code == 404
    assert not AnnualSummary.objects.get(pk=beijing.pk).pdf


def test_a_zone_lead_may_fetch_a_member_s_pdf(
    drafted, api_for, lead_bureau_user, django_capture_on_commit_callbacks
):
    hubei = AnnualSummary.objects.get(bureau__code="hubei", year=YEAR)
    with django_capture_on_commit_callbacks(execute=False):
        assert api_for(lead_bureau_user).get(f"{SUMMARIES}{hubei.pk}/pdf/").status_code == 202

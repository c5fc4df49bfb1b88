"""The pages: the comparison with the reports one may read, a report with its history (404 for
what one may not see), the draft and edit forms (bad input as readable field messages, never a
500), 报送 (what is missing, said in a sentence) and HQ's 退回修改; the section tab."""

from decimal import Decimal

import pytest

from qualityreports import services
from qualityreports.models import QualityStatusReport
from qualityreports.workflow import State
from tests.test_i18n import compiled_catalogues  # noqa: F401 - the compiled .mo files

from .conftest import COMPLETE, last_year

pytestmark = pytest.mark.django_db

INDEX = "/cooperation/quality-reports/"


def _form(**overrides) -> dict:
    values = {key: str(value) for key, value in COMPLETE.items()}
    return {**values, **overrides}


@pytest.mark.parametrize(
    "actor",
    ["beijing_bureau", "tianjin_inspector", "hebei_authority", "renjianwei", "biaozhunwei", "hq"],
)
def test_members_see_the_comparison_and_read_a_report(client_for, actors, submitted, actor):
    client = client_for(actors[actor])
    page = client.get(INDEX)
    assert page.status_code == 200
    text = page.content.decode()
    assert "产品质量监督抽查合格率" in text and "93.80" in text
    assert text.count("未报送") == 2  # Beijing and Hebei have not filed
    assert f'href="{INDEX}" aria-current="page"' in text  # the section tab
    detail = client.get(f"{INDEX}{submitted.pk}/")
    assert detail.status_code == 200
    assert "流转记录" in detail.content.decode() and "实施质量提升行动。" in detail.content.decode()


@pytest.mark.parametrize("actor", ["jiangsu_bureau", "jiangsu_authority", "enterprise", "agency"])
def test_outsiders_get_404(client_for, actors, submitted, actor):
    client = client_for(actors[actor])
    for tail in ("", f"{submitted.pk}/", "new/", f"{submitted.pk}/edit/"):
        assert client.get(f"{INDEX}{tail}").status_code == 404
    assert client.get(f"{INDEX}{submitted.pk}/submit/").status_code == 404
    assert client.get(f"{INDEX}{submitted.pk}/return/").status_code == 404


def test_another_places_draft_is_404(client_for, actors, report):
    client = client_for(actors["beijing_authority"])
    assert client.get(f"{INDEX}{report.pk}/").status_code == 404
    assert client.post(f"{INDEX}{report.pk}/edit/", _form()).status_code == 404
    assert client.post(f"{INDEX}{report.pk}/submit/").status_code == 404


def test_a_member_without_a_place_may_not_draft(client_for, actors):
    page = client_for(actors["renjianwei"]).get(f"{INDEX}new/")
    assert page.status_code == 403
    assert "只有京津冀三地直属局和质监部门" in page.content.decode()


def test_draft_from_the_form(client_for, actors):
    client = client_for(actors["hebei_bureau"])
    assert client.get(f"{INDEX}new/").status_code == 200
    response = client.post(f"{INDEX}new/", {"year": last_year(), **_form()})
    made = QualityStatusReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{INDEX}{made.pk}/"
    assert (made.place, made.state, made.supervision_pass_rate) == (
        "hebei",
        State.DRAFT,
        Decimal("93.80"),
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("supervision_pass_rate", "100.5"),
        ("export_failure_rate", "0.555"),
        ("industrial_enterprises", "abc"),
        ("leading_industries", "-1"),
    ],
)
def test_a_bad_figure_is_a_readable_message_on_its_field(client_for, actors, field, value):
    client = client_for(actors["hebei_bureau"])
    page = client.post(f"{INDEX}new/", {"year": last_year(), **_form(**{field: value})})
    assert page.status_code == 400
    assert page.context["form"].errors[field]
    assert not QualityStatusReport.objects.exists()


def test_a_year_taken_is_a_message_on_the_year(client_for, actors, report):
    page = client_for(actors["tianjin_bureau"]).post(
        f"{INDEX}new/", {"year": report.year, **_form()}
    )
    assert page.status_code == 400
    assert "本地该年度的质量状况分析报告已经存在" in str(page.context["form"].errors["year"])


def test_edit_then_submit_then_read_only(client_for, actors, draft):
    made = draft("beijing_authority", **{**COMPLETE, "measures": ""})
    client = client_for(actors["beijing_bureau"])
    detail = client.get(f"{INDEX}{made.pk}/").content.decode()
    assert f'href="{INDEX}{made.pk}/submit/"' in detail and "对策建议" in detail
    refused = client.post(f"{INDEX}{made.pk}/submit/")
    assert refused.status_code == 400
    assert "请先填写：对策建议" in refused.content.decode()
    edited = client.post(f"{INDEX}{made.pk}/edit/", _form(measures="加强标准引领。"))
    assert edited.status_code == 302
    assert client.post(f"{INDEX}{made.pk}/submit/").status_code == 302
    assert QualityStatusReport.objects.get(pk=made.pk).state == State.SUBMITTED
    assert client.get(f"{INDEX}{made.pk}/edit/").status_code == 409
    assert client.post(f"{INDEX}{made.pk}/submit/").status_code == 409  # submitted already


def test_hq_returns_with_a_reason(client_for, actors, submitted):
    client = client_for(actors["hq"])
    assert client.get(f"{INDEX}{submitted.pk}/return/").status_code == 200
    empty = client.post(f"{INDEX}{submitted.pk}/return/", {"reason": ""})
    assert empty.status_code == 400
    done = client.post(f"{INDEX}{submitted.pk}/return/", {"reason": "请补充主导产业分析。"})
    assert done.status_code == 302
    fresh = QualityStatusReport.objects.get(pk=submitted.pk)
    assert (fresh.state, fresh.return_reason) == (State.RETURNED, "请补充主导产业分析。")
    place = client_for(actors["tianjin_inspector"]).get(f"{INDEX}{submitted.pk}/")
    assert "请补充主导产业分析。" in place.content.decode()


def test_a_place_may_not_return_its_own(client_for, actors, submitted):
    client = client_for(actors["tianjin_authority"])
    assert client.get(f"{INDEX}{submitted.pk}/return/").status_code == 403
    assert client.post(f"{INDEX}{submitted.pk}/return/", {"reason": "x"}).status_code == 403
    assert QualityStatusReport.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_a_bad_year_shows_the_default_year(client_for, actors, submitted):
    page = client_for(actors["hq"]).get(INDEX, {"year": "abc"})
    assert page.status_code == 200
    assert page.context["comparison"]["year"] == last_year()


def test_marks_on_the_page(client_for, actors, submitted, draft):
    other = draft("hebei_bureau", **{**COMPLETE, "supervision_pass_rate": Decimal("91.20")})
    services.report_submit(report=other, actor=actors["hebei_bureau"])
    text = client_for(actors["hq"]).get(INDEX).content.decode()
    assert "▲ 最高" in text and "▼ 最低" in text

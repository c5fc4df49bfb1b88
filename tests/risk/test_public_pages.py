"""The public pages of 风险预警与快速反应 under /public/risk/ (no sign-in): the warnings issued and
lifted, and the failed product assessments with their advice. Nothing confidential: never the
enterprises a warning names, a draft, the finding or the experts' opinions."""

import pytest

from risk import services
from risk.workflow import SignalState

from .page_fixtures import TARGET, html, queries, rows

pytestmark = pytest.mark.django_db


def test_the_public_sees_issued_and_lifted_warnings_without_their_targets(
    client, make_warning, bureau_qinghai
):
    issued = make_warning(targets=[TARGET, {"name": "西宁某贸易有限公司", "uscc": ""}])
    lifted = make_warning(title="沙棘汁风险预警", products="沙棘汁", targets=[TARGET])
    services.warning_transition(
        warning=lifted, name="lift", actor=bureau_qinghai, reason="风险已消除。"
    )
    draft = make_warning(issued=False, title="尚未发布的预警")
    response = client.get("/public/risk/")
    assert {w.pk for w in rows(response)} == {issued.pk, lifted.pk}
    page = html(response)
    assert issued.number in page
    assert "请勿购买颜色异常鲜红的枸杞。" in page
    assert '<span class="grade g-III">Ⅲ级（黄色）</span>' in page
    assert "生效中" in page
    assert draft.title not in page
    assert TARGET["name"] not in page
    assert TARGET["uscc"] not in page
    assert "西宁某贸易有限公司" not in page


def test_the_public_sees_failed_assessments_without_the_enterprise_or_the_finding(
    client, make_signal
):
    failed = make_signal(SignalState.CONCLUDED)
    open_signal = make_signal(product="牦牛肉")
    response = client.get("/public/risk/assessments/")
    assert [s.pk for s in rows(response)] == [failed.pk]
    page = html(response)
    assert failed.number in page
    assert "选购色泽自然的枸杞。" in page
    assert "Ⅲ级风险" in page
    assert failed.enterprise_name not in page  # 青海柴达木枸杞有限公司
    assert "抽检批次超标，风险可控。" not in page  # the finding
    assert "风险较低。" not in page  # an expert's opinion
    assert open_signal.product not in page


def test_the_public_pages_are_linked_from_the_footer(client):
    page = html(client.get("/public/risk/"))
    assert 'href="/public/risk/"' in page
    assert 'href="/public/risk/assessments/"' in page


def test_the_public_lists_read_a_constant_number_of_queries(client, make_warning, make_signal):
    make_warning()
    make_signal(SignalState.CONCLUDED)
    client.get("/public/risk/")
    warnings_one = queries(lambda: client.get("/public/risk/"))
    assessments_one = queries(lambda: client.get("/public/risk/assessments/"))
    for _ in range(19):
        make_warning(by="hq")
    for _ in range(4):
        make_signal(SignalState.CONCLUDED)
    assert len(rows(client.get("/public/risk/"))) == 20
    assert queries(lambda: client.get("/public/risk/")) == warnings_one
    assert queries(lambda: client.get("/public/risk/assessments/")) == assessments_one


def test_a_page_past_the_end_is_404(client):
    assert client.get("/public/risk/?page=5").status_code == 404
    assert client.get("/public/risk/assessments/?page=abc").status_code == 200

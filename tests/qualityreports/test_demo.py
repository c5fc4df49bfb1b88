"""The demo data (qualityreports/demo.py): last year's reports of all three places submitted
(Hebei's returned once and submitted again), the year before Hebei's missing; running it twice
writes nothing twice."""

import pytest

from qualityreports import demo, selectors
from qualityreports.models import QualityStatusReport, QualityStatusReportHistory
from qualityreports.workflow import State
from tests import factories

from .conftest import authority, last_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts():
    factories.organisation_staff(authority("beijing"), username="zj-beijing")
    factories.organisation_staff(authority("tianjin"), username="zj-tianjin")
    factories.bureau_staff("hebei", username="bureau-hebei")
    return factories.hq(username="hq")


def test_the_demo_fills_the_comparison_and_is_idempotent(demo_accounts):
    assert demo.seed_quality_reports() == len(demo.REPORTS)
    assert demo.seed_quality_reports() == 0
    assert set(QualityStatusReport.objects.values_list("state", flat=True)) == {State.SUBMITTED}
    comparison = selectors.comparison(user=demo_accounts, year=last_year())
    assert all(column["report"] for column in comparison["columns"])
    assert all(c["value"] is not None for row in comparison["rows"] for c in row["cells"])
    before = selectors.comparison(user=demo_accounts, year=last_year() - 1)
    assert [c["report"] is None for c in before["columns"]] == [False, False, True]
    hebei = QualityStatusReport.objects.get(place="hebei")
    assert list(hebei.history.values_list("transition", flat=True)) == [
        "submit",
        "return",
        "submit",
    ]
    assert QualityStatusReportHistory.objects.count() == len(demo.REPORTS) + 2

"""The demo action plans (cooperation/demo.py): one in each state but the last, with progress,
an overdue milestone and HQ's and the units' waiting work; running it twice writes nothing twice."""

import pytest
import time_machine

from cooperation import demo, selectors
from cooperation.models import ActionPlan, ProgressReport
from regions.models import Organisation
from tests import factories

from .conftest import authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts():
    factories.bureau_staff("beijing", username="bureau-beijing")
    factories.organisation_staff(authority("tianjin"), username="zj-tianjin")
    factories.organisation_staff(authority("hebei"), username="zj-hebei")
    factories.organisation_staff(
        Organisation.objects.get(code="biaozhunwei"), username="hq-biaozhunwei"
    )
    return factories.hq(username="hq")


def test_the_demo_shows_each_step_and_is_idempotent(demo_accounts):
    with time_machine.travel("2026-12-07 10:00 +0800", tick=False):
        assert demo.seed_action_plans() == len(demo.PLANS)
        assert demo.seed_action_plans() == 0
        states = dict(
            ActionPlan.objects.values_list("drafted_by__username", "state").order_by("pk")
        )
        assert states == {
            "bureau-beijing": "approved",
            "zj-tianjin": "submitted",
            "zj-hebei": "returned",
            "hq-biaozhunwei": "draft",
        }
        assert ProgressReport.objects.count() == 4
        beijing = selectors.plans_filtered(user=demo_accounts, year=2026, state="approved").get()
        assert (beijing.completed_count, beijing.overdue_count) == (1, 1)

"""The demo data (recognition/demo.py): recorded by zj-tianjin, bureau-beijing and zj-hebei, one
withdrawn, one expired, one held by the demo enterprise; running it twice writes nothing twice."""

import pytest
from django.utils import timezone

from recognition import demo, selectors
from recognition.models import Recognition, RecognitionHistory
from recognition.workflow import Status
from tests import factories

from .conftest import authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts():
    factories.bureau_staff("beijing", username="bureau-beijing")
    factories.organisation_staff(authority("tianjin"), username="zj-tianjin")
    factories.organisation_staff(authority("hebei"), username="zj-hebei")
    code = demo.HOLDER_BEIJING[1]
    enterprise = factories.EnterpriseFactory(uscc=code, confirmed_at=timezone.now())
    return factories.enterprise_staff(enterprise, username="ent-beijing")


def test_the_demo_shows_every_status_and_is_idempotent(demo_accounts):
    assert demo.seed_recognitions() == len(demo.RECOGNITIONS)
    assert demo.seed_recognitions() == 0
    assert Recognition.objects.count() == len(demo.RECOGNITIONS)
    statuses = {r.status for r in Recognition.objects.all()}
    assert statuses == {Status.IN_FORCE, Status.EXPIRED, Status.WITHDRAWN}
    assert set(Recognition.objects.values_list("place", flat=True)) == {
        "beijing",
        "tianjin",
        "hebei",
    }
    assert RecognitionHistory.objects.count() == 1
    own = selectors.recognitions_visible_to(user=demo_accounts)
    assert [r.holder_uscc for r in own] == [demo.HOLDER_BEIJING[1]]

"""What the risk API's tests share beside the personas of conftest.py: answers checked by status,
a committee member nobody assigned, a complaint of 青海局 and a file to upload. Imported
explicitly by the test modules (`from .api_fixtures import …`)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from supervision.models import Complaint
from tests import factories
from tests.experts.factories import admitted

SIGNALS = "/api/v1/risk-signals/"
WARNINGS = "/api/v1/risk-warnings/"
NOTIFICATIONS = "/api/v1/risk-notifications/"
MEASURES = "/api/v1/risk-measures/"
CATALOGUE = "/api/v1/risk-catalogue/"
STANDARD = "/api/v1/risk-standard/"
PUBLIC_WARNINGS = "/api/v1/public/risk-warnings/"
PUBLIC_ASSESSMENTS = "/api/v1/public/risk-assessments/"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Bodies no client should send: every one is a 400, never a 500.
ODD_TEXT = [["枸杞"], {"a": 1}, 12, True, None]
ODD_IDS = [True, 1.5, "abc", 2**70, -1, [1], {"id": 1}]

# The actors every scoping test goes through, by fixture name ("anonymous": nobody).
ACTORS = [
    "hq", "bureau_qinghai", "bureau_gansu", "inspector_qinghai", "expert_assigned",
    "expert_unassigned", "enterprise_qinghai", "enterprise_other", "agency", "anonymous",
]  # fmt: skip


def ok(response, code: int = 200):
    assert response.status_code == code, response.content
    return response.json()


def refused(response, code: int) -> dict:
    assert response.status_code == code, response.content
    return response.json()


def ids(response) -> set[int]:
    return {row["id"] for row in ok(response)["results"]}


def upload(name: str = "证据.pdf", data: bytes = PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


@pytest.fixture
def expert_assigned(expert_a):
    """李专家's account (甘肃局): assigned to the signals make_signal sends to assessment."""
    return expert_a[1]


@pytest.fixture
def expert_unassigned(db):
    """A committee member of 湖北局 whom no signal names."""
    account = factories.UserFactory(
        role=Role.EXPERT, bureau=factories.bureau("hubei"), username="risk-expert-c"
    )
    admitted(name="赵专家", account=account, products="蜂蜜")
    return account


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def actor(request):
    """actor(name) → the persona of that fixture name (None: anonymous)."""
    return request.getfixturevalue


@pytest.fixture
def complaint_qinghai(db):
    """A public complaint routed to 青海局."""
    return Complaint.objects.create(
        tracking_code="RISKQH000001",
        product_text="柴达木枸杞",
        bureau=factories.bureau("qinghai"),
        content="购买的枸杞颜色异常鲜红，泡水后掉色，怀疑硫熏。",
        due_date=timezone.localdate() + timedelta(days=15),
    )

"""What the risk pages' tests share beside the personas of conftest.py: a complaint of 青海局, a
committee member nobody assigned, a local government's staff (no risk pages), a file to upload
and helpers that read a page. Imported explicitly by the page tests (`from .page_fixtures
import …`)."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from regions.models import Organisation
from supervision.models import Complaint
from tests import factories
from tests.experts.factories import admitted

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TARGET = {"name": "青海柴达木枸杞有限公司", "uscc": factories.valid_uscc(4_004_001)}
FIELD_ERROR = re.compile(r'<p class="field-error">([^<]+)</p>')


def html(response) -> str:
    return response.content.decode()


def field_errors(response) -> list[str]:
    return FIELD_ERROR.findall(html(response))


def shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def rows(response) -> list:
    assert response.status_code == 200, html(response)[:800]
    return response.context["page"]["rows"]


def upload(name: str = "证据.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


@pytest.fixture(name="expert_assigned")
def fixture_expert_assigned(expert_a):
    """李专家's account (甘肃局): assigned to the signals make_signal sends to assessment."""
    return expert_a[1]


@pytest.fixture(name="expert_unassigned")
def fixture_expert_unassigned(db):
    """A committee member of 湖北局 whom no signal names."""
    account = factories.UserFactory(
        role=Role.EXPERT, bureau=factories.bureau("hubei"), username="risk-page-expert-c"
    )
    admitted(name="赵专家", account=account, products="蜂蜜")
    return account


@pytest.fixture
def government(db):
    """A local government's staff: the risk pages are not theirs."""
    organisation = factories.OrganisationFactory(
        kind=Organisation.Kind.LOCAL_GOVERNMENT,
        bureau=factories.bureau("qinghai"),
        name="西宁市人民政府",
        code="gov-xining-risk",
    )
    return factories.organisation_staff(organisation, username="risk-page-gov")


@pytest.fixture
def association(db):
    organisation = factories.OrganisationFactory(
        kind=Organisation.Kind.ASSOCIATION,
        bureau=factories.bureau("qinghai"),
        name="青海省枸杞协会",
        code="assoc-gouqi-risk",
    )
    return factories.organisation_staff(organisation, username="risk-page-assoc")


@pytest.fixture(name="complaint_qinghai")
def fixture_complaint_qinghai(db):
    """A public complaint routed to 青海局."""
    return Complaint.objects.create(
        tracking_code="RISKPG000001",
        product_text="柴达木枸杞",
        bureau=factories.bureau("qinghai"),
        content="购买的枸杞颜色异常鲜红，泡水后掉色，怀疑硫熏。",
        due_date=timezone.localdate() + timedelta(days=15),
    )

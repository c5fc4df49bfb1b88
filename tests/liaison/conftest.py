"""HQ's tasks and the bureaus' reports: the personas of the permission matrix and a task addressed
to 西南片区 (lead 重庆, members 湖北 湖南 广西 …) and to 江苏局."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liaison import services
from liaison.models import Assignment
from regions.models import Bureau, Zone
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def addressed(db):
    """江苏局 clerk: the task goes to 江苏局 directly."""
    return factories.bureau_staff("jiangsu", username="clerk-jiangsu")


@pytest.fixture
def zone_lead(lead_bureau_user):
    """重庆局 clerk: 重庆局 leads 西南片区, to which the task goes."""
    return lead_bureau_user


@pytest.fixture
def zone_member(db):
    """广西局 clerk: a member of 西南片区 only."""
    return factories.bureau_staff("guangxi", username="clerk-guangxi")


@pytest.fixture
def other_bureau(db):
    """北京局 clerk: neither addressed nor in 西南片区."""
    return factories.bureau_staff("beijing", username="clerk-beijing")


@pytest.fixture
def personas(
    hq_user, addressed, zone_lead, zone_member, other_bureau, enterprise_user, agency_user
):
    return {
        "hq": hq_user,
        "addressed": addressed,
        "zone_lead": zone_lead,
        "zone_member": zone_member,
        "other_bureau": other_bureau,
        # Accounts of a bureau that are not the bureau's own (SPEC §1 检查员, 专家): the addressed
        # bureau's inspector and the zone lead's expert act for neither bureau.
        "inspector": factories.inspector("jiangsu", username="inspector-jiangsu"),
        "expert": factories.UserFactory(
            role="expert", bureau=factories.bureau("chongqing"), username="expert-chongqing"
        ),
        "enterprise": enterprise_user,
        "agency": agency_user,
        "anonymous": None,
    }


@pytest.fixture
def task(hq_user):
    return services.task_assign(
        actor=hq_user,
        title="组织编制片区生态原产地保护产品资源清单",
        requirements="摸清片区内可申报产品资源，形成清单报通关司。",
        due_date=timezone.localdate() + timedelta(days=30),
        zones=[Zone.objects.get(code="southwest")],
        bureaus=[Bureau.objects.get(code="jiangsu")],
    )


@pytest.fixture
def zone_assignment(task) -> Assignment:
    return task.assignments.get(zone__code="southwest")


@pytest.fixture
def bureau_assignment(task) -> Assignment:
    return task.assignments.get(bureau__code="jiangsu")

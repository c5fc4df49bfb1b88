"""Fixtures shared by the protection-case tests (a module's own fixture of the same name wins)."""

import pytest
from django.utils import timezone

from tests import factories

from .factories import certified_case


@pytest.fixture
def hubei_enterprise():
    """A confirmed 湖北 enterprise: in the jurisdiction of the clerk personas (bureau_user)."""
    return factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), confirmed_at=timezone.now()
    )


@pytest.fixture
def certified(hq_user):
    """A 湖北 enterprise's 恩施玉露, certified by HQ."""
    enterprise = factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), confirmed_at=timezone.now(), name="恩施硒茶有限公司"
    )
    return certified_case(hq=hq_user, enterprise=enterprise, product_name="恩施玉露")

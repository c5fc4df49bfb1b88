"""A zone from the local government's application to its operation, through the services."""

import pytest

from pilotzones import services
from pilotzones.models import AcceptanceOpinion
from pilotzones.workflow import State

pytestmark = pytest.mark.django_db


def test_walk_to_operation(make_zone, operator_jiangxi):
    zone = make_zone(State.OPERATING, objection=True)
    assert zone.state == State.OPERATING
    assert zone.number.startswith("GJSYQ-")
    assert zone.operator_id == operator_jiangxi.organisation_id
    assert [h.transition for h in zone.history.order_by("pk")] == [
        "submit",
        "recommend",
        "open_acceptance",
        "approve",
        "start_operation",
    ]
    objection = AcceptanceOpinion.objects.get(zone=zone, verdict="object")
    assert objection.response == "已要求补充卫生检疫设施。"
    assert zone.notices.count() == 3  # recommendation, approval, operation


def test_the_name_must_read_xx_pilot_zone(gov_jiangxi):
    from casework.exceptions import InvalidTransitionInput

    from .conftest import ZONE_BODY

    with pytest.raises(InvalidTransitionInput) as refused:
        services.zone_create(actor=gov_jiangxi, **{**ZONE_BODY, "name": "南昌试验区"})
    assert "name" in refused.value.field_errors

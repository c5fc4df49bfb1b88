"""Experts of the committee (seed 000 §12) for tests: made as the services leave them."""

import factory
from django.utils import timezone

from accounts.models import Role
from experts.models import Expert
from tests import factories
from tests.applications.factories import category


def expert_account(code: str = "hubei", **kwargs):
    """A portal account of role 专家 at bureau `code`."""
    return factories.UserFactory(role=Role.EXPERT, bureau=factories.bureau(code), **kwargs)


class ExpertFactory(factory.django.DjangoModelFactory):
    """A recommendation of 湖北局, awaiting HQ (status recommended) unless told."""

    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"专家{n}")
    organisation = "湖北出入境检验检疫局技术中心"
    speciality = factory.LazyFunction(category)
    products = "绿茶、青砖茶"
    contact = factory.Sequence(lambda n: f"027-8000{n:04d}")
    reason = "长期从事茶叶检验。"
    bureau = factory.LazyFunction(lambda: factories.bureau("hubei"))
    recommended_by = factory.LazyAttribute(
        lambda o: factories.bureau_staff(o.bureau.code, username=f"rec-{o.bureau.code}")
    )


def admitted(**kwargs) -> Expert:
    hq = factories.hq(username="admitting-hq")
    return ExpertFactory(
        status=Expert.Status.ADMITTED, decided_by=hq, decided_at=timezone.now(), **kwargs
    )

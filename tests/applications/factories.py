"""Factories and helpers for protection cases."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from applications.models import Application, EvaluationPlan, ProductCategory
from tests.factories import AgencyFactory, EnterpriseFactory


def category(code: str = "tea") -> ProductCategory:
    return ProductCategory.objects.get(code=code)


class PlanFactory(factory.django.DjangoModelFactory):
    """A filed evaluation plan valid today."""

    class Meta:
        model = EvaluationPlan

    agency = factory.SubFactory(AgencyFactory)
    category = factory.LazyFunction(category)
    title = "评定方案"
    pass_threshold = 80
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    enterprise = factory.SubFactory(
        EnterpriseFactory, confirmed_at=factory.LazyFunction(timezone.now)
    )
    bureau = factory.LazyAttribute(lambda o: o.enterprise.bureau)
    category = factory.LazyFunction(category)
    product_name = factory.Sequence(lambda n: f"生态茶叶{n}号")
    origin_place = "北京市门头沟区"


def far_future() -> date:
    return timezone.localdate() + timedelta(days=60)

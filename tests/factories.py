"""Factories for test data. Organisation data (bureaus, zones) comes from the data migration."""

import factory
from stdnum.cn import uscc

from accounts.models import ORGANISATION_ROLES, Role, User
from applications.models import Agency, Enterprise
from regions.models import Bureau, BureauDepartment, Organisation

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def valid_uscc(n: int) -> str:
    """A valid 统一社会信用代码 derived from n (distinct n give distinct codes)."""
    digits = ""
    while len(digits) < 9:
        n, r = divmod(n, len(_USCC_ALPHABET))
        digits = _USCC_ALPHABET[r] + digits
    base = "91110000" + digits
    return base + uscc.calc_check_digit(base)


def bureau(code: str) -> Bureau:
    return Bureau.objects.get(code=code)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试生态企业{n}有限公司")
    uscc = factory.Sequence(lambda n: valid_uscc(n + 1000))
    bureau = factory.LazyFunction(lambda: bureau("beijing"))
    address = "北京市东城区"
    contact_name = "张三"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"agency{n}")
    name = factory.Sequence(lambda n: f"测试评定机构{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests-2026")
    role = Role.HQ


def hq(**kwargs) -> User:
    return UserFactory(role=Role.HQ, **kwargs)


def bureau_staff(code: str, **kwargs) -> User:
    return UserFactory(role=Role.BUREAU, bureau=bureau(code), **kwargs)


def enterprise_staff(enterprise: Enterprise | None = None, **kwargs) -> User:
    return UserFactory(role=Role.ENTERPRISE, enterprise=enterprise or EnterpriseFactory(), **kwargs)


def agency_staff(agency: Agency | None = None, **kwargs) -> User:
    return UserFactory(role=Role.AGENCY, agency=agency or AgencyFactory(), **kwargs)


def inspector(code: str = "jiangsu", **kwargs) -> User:
    return UserFactory(role=Role.INSPECTOR, bureau=bureau(code), **kwargs)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An industry association under 北京局 unless told otherwise (an HQ department under none, a
    local government at province level)."""

    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"测试组织机构{n}")
    kind = Organisation.Kind.ASSOCIATION
    bureau = factory.LazyAttribute(
        lambda o: None if o.kind == Organisation.Kind.HQ_DEPARTMENT else bureau("beijing")
    )
    level = factory.LazyAttribute(
        lambda o: (
            Organisation.Level.PROVINCE if o.kind == Organisation.Kind.LOCAL_GOVERNMENT else ""
        )
    )


def organisation_staff(organisation: Organisation | None = None, **kwargs) -> User:
    """A staff member of `organisation`, with the role its kind calls for."""
    organisation = organisation or OrganisationFactory()
    return UserFactory(
        role=ORGANISATION_ROLES[organisation.kind], organisation=organisation, **kwargs
    )


def department(code: str, name: str = "通关处", **kwargs) -> BureauDepartment:
    """One of a bureau's 内设机构 (a 处 unless told otherwise), created once per name."""
    kwargs.setdefault("kind", BureauDepartment.Kind.DIVISION)
    made, _created = BureauDepartment.objects.get_or_create(
        bureau=bureau(code), name=name, defaults=kwargs
    )
    return made

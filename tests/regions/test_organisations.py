"""组织机构 of the sibling programmes (SPEC §8, issue 13 point 3): local governments, HQ departments,
industry associations, zone operators and local quality authorities. Who registers which kind
where, the kind ↔ jurisdiction / level rules, staff accounts, scope, the pages and the API."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from stdnum.cn import uscc

from accounts.models import ORGANISATION_ROLES, AuditEntry, Role, User
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions import selectors, services
from regions.models import Organisation
from regions.organisation import HQ_DEPARTMENTS
from tests import factories

pytestmark = pytest.mark.django_db

KINDS = list(Organisation.Kind.values)
GOVERNMENT = Organisation.Kind.LOCAL_GOVERNMENT
DEPARTMENT = Organisation.Kind.HQ_DEPARTMENT
LIST = "/regions/organisations/"
API = "/api/v1/organisations/"
PASSWORD = "Initial-pass-2026"


def credit_code(n: int) -> str:
    """A valid 统一社会信用代码 of a social organisation (51…), distinct for distinct n."""
    base = f"5111000050{n:07d}"
    return base + uscc.calc_check_digit(base)


def fields(kind: str, bureau: str | None = "hubei", **extra) -> dict:
    """What registering an organisation of `kind` in `bureau`'s jurisdiction takes."""
    data = {"code": f"new-{kind.replace('_', '-')}", "name": f"新登记的{kind}", "kind": kind}
    if kind != DEPARTMENT and bureau:
        data["bureau"] = factories.bureau(bureau)
    if kind == GOVERNMENT:
        data["level"] = Organisation.Level.CITY
    return {**data, **extra}


def register(actor, kind, bureau="hubei", **extra):
    return services.organisation_register(actor=actor, **fields(kind, bureau, **extra))


def api_body(kind: str, bureau: str | None = "hubei", **extra) -> dict:
    data = fields(kind, bureau, **extra)
    if "bureau" in data:
        data["bureau"] = data["bureau"].code
    return data


# Who acts: every role of SPEC §1, the five new ones, and nobody. The bureau ones work in 湖北局's
# jurisdiction or elsewhere; 重庆局 leads 西南片区, whose member 湖北 is not its jurisdiction.
def _actor(name: str):
    if name == "anonymous":
        return AnonymousUser()
    if name == "hq":
        return factories.hq(username="a-hq")
    if name == "bureau":
        return factories.bureau_staff("hubei", username="a-hubei")
    if name == "bureau_elsewhere":
        return factories.bureau_staff("jiangsu", username="a-jiangsu")
    if name == "zone_lead":
        return factories.bureau_staff("chongqing", username="a-chongqing")
    if name == "enterprise":
        return factories.enterprise_staff(username="a-ent")
    if name == "agency":
        return factories.agency_staff(username="a-agency")
    if name == "inspector":
        return factories.inspector("hubei", username="a-inspector")
    kind = next(k for k, role in ORGANISATION_ROLES.items() if role == name)
    organisation = factories.OrganisationFactory(
        kind=kind, bureau=None if kind == DEPARTMENT else factories.bureau("hubei")
    )
    return factories.organisation_staff(organisation, username=f"a-{name}")


NEW_ROLES = list(ORGANISATION_ROLES.values())
ACTORS = [
    "hq",
    "bureau",
    "bureau_elsewhere",
    "zone_lead",
    "enterprise",
    "agency",
    "inspector",
    "anonymous",
    *NEW_ROLES,
]


def may_register(actor: str, kind: str) -> bool:
    """The rule under test: HQ any kind anywhere; a bureau all but HQ departments, in its own
    jurisdiction (湖北 here); nobody else."""
    return actor == "hq" or (actor == "bureau" and kind != DEPARTMENT)


# Shipped data -----------------------------------------------------------------------------------


def test_the_hq_departments_ship_with_the_migrations():
    departments = Organisation.objects.filter(kind=DEPARTMENT)
    assert {d.code for d in departments} == {
        "tongguan",
        "renjianwei",
        "weisheng",
        "dongzhi",
        "jianyan",
        "shipin",
        "biaozhunwei",
    }
    assert {(d.code, d.name) for d in departments} == set(HQ_DEPARTMENTS)
    assert all(d.bureau_id is None and d.level == "" and d.is_active for d in departments)


def test_the_kinds_have_their_chinese_names():
    assert dict(Organisation.Kind.choices) == {
        "local_government": "地方人民政府",
        "hq_department": "总局内设司局",
        "association": "行业协会",
        "zone_operator": "试验区运营企业",
        "quality_authority": "地方质监部门",
    }


# Who registers which kind where -----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_who_may_register_which_kind(actor_name, kind):
    actor = _actor(actor_name)
    before = Organisation.objects.count()
    if may_register(actor_name, kind):
        organisation = register(actor, kind)
        assert organisation.kind == kind
        assert organisation.created_by == actor
        assert organisation.bureau_id == (
            None if kind == DEPARTMENT else factories.bureau("hubei").pk
        )
    else:
        with pytest.raises(NotPermitted):
            register(actor, kind)
        assert Organisation.objects.count() == before


@pytest.mark.parametrize("kind", [k for k in KINDS if k != DEPARTMENT])
def test_a_bureau_registers_in_its_own_jurisdiction_only(kind):
    jiangsu = factories.bureau_staff("jiangsu")
    with pytest.raises(NotPermitted):
        register(jiangsu, kind, bureau="hubei")
    assert register(jiangsu, kind, bureau="jiangsu").bureau.code == "jiangsu"


def test_a_zone_lead_registers_in_its_own_jurisdiction_not_in_its_zone():
    chongqing = factories.bureau_staff("chongqing")  # leads 西南片区, where 湖北 sits
    with pytest.raises(NotPermitted):
        register(chongqing, GOVERNMENT, bureau="hubei")
    assert register(chongqing, GOVERNMENT, bureau="chongqing").bureau.code == "chongqing"


@pytest.mark.parametrize("kind", [k for k in KINDS if k != DEPARTMENT])
def test_hq_registers_any_kind_in_any_jurisdiction(hq_user, kind):
    for code in ("xizang", "ningbo"):
        organisation = register(hq_user, kind, bureau=code, code=f"{kind[:5]}-{code}")
        assert organisation.bureau.code == code


def test_a_bureau_cannot_register_an_hq_department_even_without_a_bureau(bureau_user):
    with pytest.raises(NotPermitted):
        services.organisation_register(
            actor=bureau_user, code="fagui", name="法规司", kind=DEPARTMENT
        )


def test_registration_is_audited(bureau_user):
    organisation = register(bureau_user, GOVERNMENT, credit_code=credit_code(1))
    entry = AuditEntry.objects.get(
        object_type="regions.organisation", object_id=str(organisation.pk)
    )
    assert entry.actor == bureau_user
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.changes["kind"] == GOVERNMENT
    assert entry.changes["bureau"] == "hubei"
    assert entry.changes["credit_code"] == credit_code(1)


def test_a_refused_registration_leaves_no_audit_row(bureau_user):
    with pytest.raises(NotPermitted):
        register(bureau_user, GOVERNMENT, bureau="jiangsu")
    assert not AuditEntry.objects.filter(object_type="regions.organisation").exists()


# The kind ↔ jurisdiction / level rules ------------------------------------------------------------


def _create(**kwargs):
    with transaction.atomic():
        Organisation.objects.create(code="raw", name="直接写入", **kwargs)


def test_the_database_refuses_an_hq_department_in_a_jurisdiction():
    with pytest.raises(IntegrityError):
        _create(kind=DEPARTMENT, bureau=factories.bureau("beijing"))


@pytest.mark.parametrize("kind", [k for k in KINDS if k != DEPARTMENT])
def test_the_database_refuses_any_other_kind_outside_a_jurisdiction(kind):
    with pytest.raises(IntegrityError):
        _create(kind=kind, level="province" if kind == GOVERNMENT else "")


def test_the_database_refuses_a_government_without_a_level():
    with pytest.raises(IntegrityError):
        _create(kind=GOVERNMENT, bureau=factories.bureau("beijing"))


@pytest.mark.parametrize("kind", [k for k in KINDS if k != GOVERNMENT])
def test_the_database_refuses_a_level_for_any_other_kind(kind):
    bureau = None if kind == DEPARTMENT else factories.bureau("beijing")
    with pytest.raises(IntegrityError):
        _create(kind=kind, bureau=bureau, level="city")


def test_the_database_refuses_a_credit_code_twice_but_not_two_blanks():
    factories.OrganisationFactory(credit_code=credit_code(7))
    factories.OrganisationFactory(credit_code="")
    factories.OrganisationFactory(credit_code="")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.OrganisationFactory(credit_code=credit_code(7))


def test_the_model_validates_the_credit_code():
    organisation = factories.OrganisationFactory.build(credit_code="91110108MA01ABCD1X")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "credit_code" in error.value.message_dict


def _field_errors(actor, **data) -> dict:
    with pytest.raises(InvalidInput) as error:
        services.organisation_register(actor=actor, **data)
    return error.value.field_errors


def test_an_hq_department_given_a_bureau_is_400_on_the_bureau(hq_user):
    errors = _field_errors(hq_user, **fields(DEPARTMENT), bureau=factories.bureau("beijing"))
    assert list(errors) == ["bureau"]


@pytest.mark.parametrize("kind", [k for k in KINDS if k != DEPARTMENT])
def test_any_other_kind_without_a_bureau_is_400_on_the_bureau(hq_user, kind):
    assert list(_field_errors(hq_user, **fields(kind, bureau=None))) == ["bureau"]


def test_a_government_without_a_level_is_400_on_the_level(hq_user):
    assert list(_field_errors(hq_user, **fields(GOVERNMENT, level=""))) == ["level"]


@pytest.mark.parametrize("kind", [k for k in KINDS if k != GOVERNMENT])
def test_a_level_for_any_other_kind_is_400_on_the_level(hq_user, kind):
    assert list(_field_errors(hq_user, **fields(kind, level="city"))) == ["level"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("code", ""),
        ("code", "has space"),
        ("code", "tongguan"),  # taken by a shipped department
        ("code", "new"),  # the address of the register form
        ("code", "x" * 33),
        ("name", "  "),
        ("name", "名" * 101),
        ("kind", "ministry"),
        ("credit_code", "91110108MA01ABCD1X"),
    ],
)
def test_bad_input_is_400_naming_the_field(hq_user, field, value):
    errors = _field_errors(hq_user, **{**fields(Organisation.Kind.ASSOCIATION), field: value})
    assert field in errors
    assert Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION).count() == 0


def test_a_credit_code_registered_before_is_400(hq_user):
    register(hq_user, Organisation.Kind.ASSOCIATION, credit_code=credit_code(3))
    errors = _field_errors(
        hq_user, **fields(Organisation.Kind.ZONE_OPERATOR, credit_code=credit_code(3).lower())
    )
    assert list(errors) == ["credit_code"]


def test_the_credit_code_is_kept_upper_case_and_trimmed(hq_user):
    organisation = register(hq_user, GOVERNMENT, credit_code=f" {credit_code(4).lower()} ")
    assert organisation.credit_code == credit_code(4)


def test_a_city_government_sits_under_its_province(bureau_user):
    province = register(bureau_user, GOVERNMENT, code="gov-hb", level="province")
    city = register(bureau_user, GOVERNMENT, code="gov-wh", level="city", parent=province)
    county = register(bureau_user, GOVERNMENT, code="gov-jx", level="county", parent=city)
    assert (county.parent, city.parent, list(province.children.all())) == (city, province, [city])


@pytest.mark.parametrize(
    ("parent_kwargs", "child_level"),
    [
        ({"level": "city"}, "province"),  # a province under a city
        ({"level": "city"}, "city"),  # a city under a city
        ({"level": "province", "bureau": "jiangsu"}, "city"),  # another jurisdiction
        ({"kind": "association"}, "city"),  # a government under an association
    ],
)
def test_a_parent_that_does_not_fit_is_400_on_the_parent(hq_user, parent_kwargs, child_level):
    kind = parent_kwargs.get("kind", GOVERNMENT)
    parent = factories.OrganisationFactory(
        kind=kind,
        level=parent_kwargs.get("level", "") if kind == GOVERNMENT else "",
        bureau=factories.bureau(parent_kwargs.get("bureau", "hubei")),
    )
    errors = _field_errors(hq_user, **fields(GOVERNMENT, level=child_level, parent=parent))
    assert list(errors) == ["parent"]


# Users of the new roles ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_its_staff_role(kind):
    assert ORGANISATION_ROLES[kind] in Role.values


def test_the_new_roles_have_their_chinese_names():
    labels = dict(Role.choices)
    assert [labels[role] for role in NEW_ROLES] == [
        "地方政府",
        "总局司局",
        "行业协会",
        "运营企业",
        "质监部门",
    ]


def _user(**kwargs):
    with transaction.atomic():
        User.objects.create(username="raw-user", **kwargs)


@pytest.mark.parametrize("role", NEW_ROLES)
def test_the_database_refuses_a_new_role_without_an_organisation(role):
    with pytest.raises(IntegrityError):
        _user(role=role)


@pytest.mark.parametrize("role", NEW_ROLES)
def test_the_database_refuses_a_new_role_with_a_bureau_as_well(role):
    organisation = factories.OrganisationFactory()
    with pytest.raises(IntegrityError):
        _user(role=role, organisation=organisation, bureau=factories.bureau("beijing"))


@pytest.mark.parametrize("role", [Role.HQ, Role.BUREAU, Role.INSPECTOR, Role.EXPERT])
def test_the_database_refuses_an_organisation_for_the_existing_roles(role):
    bureau = None if role == Role.HQ else factories.bureau("beijing")
    with pytest.raises(IntegrityError):
        _user(role=role, bureau=bureau, organisation=factories.OrganisationFactory())


def test_the_existing_roles_are_unchanged():
    factories.hq(username="still-hq")
    factories.bureau_staff("beijing", username="still-bureau")
    factories.enterprise_staff(username="still-ent")
    factories.agency_staff(username="still-agency")
    factories.inspector("beijing", username="still-inspector")
    assert User.objects.filter(organisation__isnull=False).count() == 0


def test_the_user_form_check_compares_the_role_with_the_kind():
    user = User(
        username="mismatch",
        role=Role.GOVERNMENT,
        organisation=factories.OrganisationFactory(kind=Organisation.Kind.ASSOCIATION),
    )
    with pytest.raises(ValidationError) as error:
        user.clean()
    assert "organisation" in error.value.message_dict


# Staff accounts -----------------------------------------------------------------------------------


def add_staff(actor, organisation, **extra):
    data = {"username": "new-staff", "password": PASSWORD, "first_name": "张敏", **extra}
    return services.organisation_staff_add(actor=actor, organisation=organisation, **data)


def sign_in(username, password):
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request=request, username=username, password=password)


@pytest.mark.parametrize("kind", KINDS)
def test_hq_adds_staff_with_the_role_of_the_kind_who_then_sign_in(hq_user, kind):
    organisation = factories.OrganisationFactory(kind=kind)
    user = add_staff(hq_user, organisation, email="staff@example.com")
    assert (user.role, user.organisation, user.bureau_id) == (
        ORGANISATION_ROLES[kind],
        organisation,
        None,
    )
    assert sign_in("new-staff", PASSWORD) == user


def test_a_bureau_adds_staff_in_its_jurisdiction_only(bureau_user):
    own = factories.OrganisationFactory(bureau=factories.bureau("hubei"))
    other = factories.OrganisationFactory(bureau=factories.bureau("jiangsu"))
    assert add_staff(bureau_user, own).organisation == own
    with pytest.raises(NotPermitted):
        add_staff(bureau_user, other, username="other-staff")
    assert not User.objects.filter(username="other-staff").exists()


def test_only_hq_adds_staff_to_an_hq_department(bureau_user, hq_user):
    department = Organisation.objects.get(code="tongguan")
    with pytest.raises(NotPermitted):
        add_staff(bureau_user, department)
    assert add_staff(hq_user, department).role == Role.HQ_DEPARTMENT


@pytest.mark.parametrize(
    "actor_name",
    ["enterprise", "agency", "inspector", "zone_lead", "anonymous", *NEW_ROLES],
)
def test_nobody_else_adds_staff(actor_name):
    organisation = factories.OrganisationFactory(bureau=factories.bureau("hubei"))
    actor = _actor(actor_name)
    before = User.objects.count()
    with pytest.raises(NotPermitted):
        add_staff(actor, organisation)
    assert User.objects.count() == before


def test_an_organisations_own_staff_cannot_add_colleagues():
    organisation = factories.OrganisationFactory()
    colleague = factories.organisation_staff(organisation)
    with pytest.raises(NotPermitted):
        add_staff(colleague, organisation)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"password": "123"}, "password"),
        ({"password": "new-staff"}, "password"),  # like the user name
        ({"username": ""}, "username"),
        ({"username": "has space"}, "username"),
        ({"username": "HQ-Officer"}, "username"),  # taken, in other capitals
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_bad_staff_input_is_400_naming_the_field(hq_user, extra, field):
    organisation = factories.OrganisationFactory()
    before = User.objects.count()
    with pytest.raises(InvalidInput) as error:
        add_staff(hq_user, organisation, **extra)
    assert field in error.value.field_errors
    assert User.objects.count() == before


def test_staff_of_an_inactive_organisation_cannot_be_added(hq_user):
    organisation = factories.OrganisationFactory(is_active=False)
    with pytest.raises(Conflict):
        add_staff(hq_user, organisation)


def test_adding_staff_is_audited_without_the_password(bureau_user):
    organisation = factories.OrganisationFactory(bureau=factories.bureau("hubei"), code="assoc-hb")
    user = add_staff(bureau_user, organisation)
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert entry.actor == bureau_user
    assert entry.changes["organisation"] == "assoc-hb"
    assert entry.changes["role"] == Role.ASSOCIATION
    assert PASSWORD not in str(entry.changes)


# Scope ----------------------------------------------------------------------------------------------


@pytest.fixture
def spread():
    """One organisation of each registrable kind in 湖北 and in 江苏, plus the shipped departments."""
    made = {}
    for code in ("hubei", "jiangsu"):
        for kind in KINDS:
            if kind != DEPARTMENT:
                made[(code, kind)] = factories.OrganisationFactory(
                    kind=kind, bureau=factories.bureau(code), code=f"{code}-{kind[:6]}"
                )
    return made


def in_scope(user) -> set[str]:
    return set(selectors.organisations_in_scope(user=user).values_list("code", flat=True))


def test_hq_sees_every_organisation(hq_user, spread):
    assert in_scope(hq_user) == set(Organisation.objects.values_list("code", flat=True))
    assert len(in_scope(hq_user)) == len(HQ_DEPARTMENTS) + 8


def test_a_bureau_sees_the_organisations_of_its_jurisdiction(bureau_user, spread):
    assert in_scope(bureau_user) == {o.code for (b, _k), o in spread.items() if b == "hubei"}


def test_a_zone_lead_sees_its_own_jurisdiction_not_its_zones(lead_bureau_user, spread):
    assert in_scope(lead_bureau_user) == set()


def test_an_organisations_staff_sees_its_own_organisation_only(spread):
    own = spread[("hubei", GOVERNMENT)]
    assert in_scope(factories.organisation_staff(own)) == {own.code}
    department = factories.organisation_staff(Organisation.objects.get(code="weisheng"))
    assert in_scope(department) == {"weisheng"}


@pytest.mark.parametrize("actor_name", ["enterprise", "agency", "inspector", "anonymous"])
def test_the_other_roles_see_no_organisation(actor_name, spread):
    assert in_scope(_actor(actor_name)) == set()


# Pages ------------------------------------------------------------------------------------------------


def test_the_list_page_shows_a_bureau_its_jurisdiction(client_for, bureau_user, spread):
    content = client_for(bureau_user).get(LIST).content.decode()
    assert spread[("hubei", GOVERNMENT)].name in content
    assert spread[("jiangsu", GOVERNMENT)].name not in content
    assert "动植物检疫监管司" not in content  # (通关业务司 is in every page's footer)


def test_the_list_page_filters_by_kind(client_for, hq_user, spread):
    content = client_for(hq_user).get(LIST, {"kind": DEPARTMENT}).content.decode()
    assert "动植物检疫监管司" in content
    assert spread[("hubei", GOVERNMENT)].name not in content


def test_an_unknown_kind_on_the_list_page_filters_nothing(client_for, hq_user, spread):
    response = client_for(hq_user).get(LIST, {"kind": "ministry"})
    assert response.status_code == 200
    assert spread[("jiangsu", "association")].name in response.content.decode()


@pytest.mark.parametrize(
    "actor_name", ["enterprise", "agency", "inspector", "government", "hq_department"]
)
def test_the_list_and_register_pages_are_for_hq_and_bureaus(client_for, actor_name):
    client = client_for(_actor(actor_name))
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}new/").status_code == 403


def test_the_pages_send_anonymous_to_sign_in(client):
    for url in (LIST, f"{LIST}new/", f"{LIST}tongguan/", f"{LIST}tongguan/staff/new/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_detail_page_shows_the_staff(client_for, bureau_user, spread):
    organisation = spread[("hubei", "zone_operator")]
    factories.organisation_staff(organisation, username="op-staff", first_name="李运营")
    content = client_for(bureau_user).get(f"{LIST}{organisation.code}/").content.decode()
    assert organisation.name in content
    assert "op-staff" in content and "李运营" in content
    assert f"{LIST}{organisation.code}/staff/new/" in content


def test_the_detail_page_of_another_jurisdiction_is_404(client_for, bureau_user, spread):
    other = spread[("jiangsu", "zone_operator")]
    client = client_for(bureau_user)
    assert client.get(f"{LIST}{other.code}/").status_code == 404
    assert client.get(f"{LIST}{other.code}/staff/new/").status_code == 404
    assert client.get(f"{LIST}tongguan/").status_code == 404


def test_the_register_form_of_a_bureau_offers_its_own_jurisdiction_only(client_for, bureau_user):
    content = client_for(bureau_user).get(f"{LIST}new/").content.decode()
    assert "湖北出入境检验检疫局" in content
    assert "江苏出入境检验检疫局" not in content
    assert 'value="hq_department"' not in content
    assert 'value="local_government"' in content


def test_the_register_form_registers_and_shows_the_organisation(client_for, bureau_user):
    client = client_for(bureau_user)
    response = client.post(
        f"{LIST}new/",
        {
            "code": "gov-wuhan",
            "name": "武汉市人民政府",
            "kind": GOVERNMENT,
            "level": "city",
            "bureau": factories.bureau("hubei").pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}gov-wuhan/"
    organisation = Organisation.objects.get(code="gov-wuhan")
    assert (organisation.created_by, organisation.bureau.code) == (bureau_user, "hubei")


def test_the_register_form_shows_what_is_wrong(client_for, hq_user):
    response = client_for(hq_user).post(
        f"{LIST}new/", {"code": "gov-x", "name": "某市人民政府", "kind": GOVERNMENT}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "请选择所在直属局辖区。" in content
    assert "请选择行政级别。" in content
    assert not Organisation.objects.filter(code="gov-x").exists()


def test_the_add_staff_form_creates_the_account(client_for, bureau_user, spread):
    organisation = spread[("hubei", "quality_authority")]
    response = client_for(bureau_user).post(
        f"{LIST}{organisation.code}/staff/new/",
        {
            "username": "zj-hubei",
            "first_name": "周质",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}{organisation.code}/"
    user = User.objects.get(username="zj-hubei")
    assert (user.role, user.organisation) == (Role.QUALITY_AUTHORITY, organisation)


def test_the_add_staff_form_wants_the_password_twice_alike(client_for, hq_user):
    organisation = factories.OrganisationFactory()
    response = client_for(hq_user).post(
        f"{LIST}{organisation.code}/staff/new/",
        {"username": "typo", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="typo").exists()


def test_an_organisations_staff_opens_its_own_detail_but_cannot_add_staff(client_for):
    organisation = factories.OrganisationFactory()
    client = client_for(factories.organisation_staff(organisation))
    assert client.get(f"{LIST}{organisation.code}/").status_code == 200
    assert client.get(f"{LIST}{organisation.code}/staff/new/").status_code == 403


def test_the_navigation_offers_the_organisations_to_hq_and_bureaus(client_for, bureau_user):
    assert f'href="{LIST}"' in client_for(bureau_user).get("/").content.decode()


# API ----------------------------------------------------------------------------------------------


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


def test_the_api_lists_the_organisations_in_scope(api_for, bureau_user, hq_user, spread):
    assert codes(api_for(bureau_user).get(API)) == in_scope(bureau_user)
    assert codes(api_for(hq_user).get(API)) == in_scope(hq_user)


def test_the_api_list_filters_by_kind_and_bureau(api_for, hq_user, spread):
    client = api_for(hq_user)
    assert codes(client.get(API, {"kind": DEPARTMENT})) == {c for c, _n in HQ_DEPARTMENTS}
    assert codes(client.get(API, {"bureau": "jiangsu", "kind": GOVERNMENT})) == {
        spread[("jiangsu", GOVERNMENT)].code
    }
    bad = client.get(API, {"kind": "ministry"})
    assert bad.status_code == 400 and "kind" in bad.json()


@pytest.mark.parametrize("actor_name", ["enterprise", "agency", "inspector", "zone_lead"])
def test_the_api_lists_nothing_to_the_other_roles(api_for, actor_name, spread):
    assert codes(api_for(_actor(actor_name)).get(API)) == set()


def test_the_api_shows_one_organisation(api_for, hq_user):
    province = factories.OrganisationFactory(
        kind=GOVERNMENT, code="gov-hubei", name="湖北省人民政府", bureau=factories.bureau("hubei")
    )
    city = factories.OrganisationFactory(
        kind=GOVERNMENT,
        level="city",
        parent=province,
        code="gov-yichang",
        name="宜昌市人民政府",
        bureau=factories.bureau("hubei"),
        credit_code=credit_code(9),
    )
    body = api_for(hq_user).get(f"{API}{city.code}/").json()
    assert body == {
        "code": "gov-yichang",
        "name": "宜昌市人民政府",
        "name_en": "",
        "kind": GOVERNMENT,
        "kind_display": "地方人民政府",
        "level": "city",
        "level_display": "市级",
        "bureau": "hubei",
        "bureau_name": "湖北出入境检验检疫局",
        "parent": "gov-hubei",
        "credit_code": credit_code(9),
        "is_active": True,
        "created_at": body["created_at"],
    }


def test_the_api_hides_others_organisations(api_for, bureau_user, spread):
    client = api_for(bureau_user)
    assert client.get(f"{API}{spread[('jiangsu', GOVERNMENT)].code}/").status_code == 404
    assert client.get(f"{API}tongguan/").status_code == 404
    assert client.get(f"{API}{spread[('hubei', GOVERNMENT)].code}/").status_code == 200


def test_the_api_shows_its_own_organisation_to_its_staff(api_for):
    staff = factories.organisation_staff(Organisation.objects.get(code="shipin"))
    client = api_for(staff)
    assert client.get(f"{API}shipin/").status_code == 200
    assert client.get(f"{API}jianyan/").status_code == 404


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_the_api_registers_as_the_rule_says(api_for, actor_name, kind):
    actor = _actor(actor_name)
    client = api_for(None if actor_name == "anonymous" else actor)
    response = client.post(API, api_body(kind), format="json")
    if may_register(actor_name, kind):
        assert response.status_code == 201, response.content
        assert response.json()["kind"] == kind
        assert Organisation.objects.filter(code=response.json()["code"]).exists()
    else:
        assert response.status_code in ((401, 403) if actor_name == "anonymous" else (403,))
        assert not Organisation.objects.filter(code=api_body(kind)["code"]).exists()


def test_the_api_refuses_a_bureau_outside_its_jurisdiction_with_403(api_for, bureau_user):
    response = api_for(bureau_user).post(API, api_body(GOVERNMENT, "jiangsu"), format="json")
    assert response.status_code == 403


def test_the_api_answers_bad_input_with_400_naming_the_fields(api_for, hq_user):
    body = {"code": "bad code", "name": "", "kind": GOVERNMENT, "bureau": "nowhere"}
    response = api_for(hq_user).post(API, body, format="json")
    assert response.status_code == 400
    assert {"code", "name", "bureau"} <= set(response.json())


def test_the_api_answers_a_rule_broken_with_400_naming_the_field(api_for, hq_user):
    response = api_for(hq_user).post(API, api_body(GOVERNMENT, level=""), format="json")
    assert response.status_code == 400
    assert "level" in response.json()
    response = api_for(hq_user).post(
        API, {**api_body(DEPARTMENT), "bureau": "hubei"}, format="json"
    )
    assert response.status_code == 400
    assert "bureau" in response.json()


def test_the_api_takes_a_parent_in_scope_only(api_for, bureau_user, spread):
    jiangsu_gov = spread[("jiangsu", GOVERNMENT)]
    response = api_for(bureau_user).post(
        API, api_body(GOVERNMENT, parent=jiangsu_gov.code), format="json"
    )
    assert response.status_code == 400
    assert "parent" in response.json()


def test_the_api_refuses_control_characters_in_the_name(api_for, hq_user):
    response = api_for(hq_user).post(
        API, api_body("association", name="某某\r\n协会"), format="json"
    )
    assert response.status_code == 400 and "name" in response.json()


def test_the_api_offers_no_change_or_delete(api_for, hq_user):
    client = api_for(hq_user)
    assert client.patch(f"{API}tongguan/", {"name": "改名"}, format="json").status_code == 405
    assert client.delete(f"{API}tongguan/").status_code == 405


def test_the_schema_documents_the_organisations(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    assert {"get", "post"} <= set(schema["paths"][API])
    assert "get" in schema["paths"][f"{API}{{code}}/"]
    assert {"201", "400", "403"} <= set(schema["paths"][API]["post"]["responses"])

"""入区企业 and 示范企业 (seed 001 §三.5 动态管理, §六.3): the zone's local government proposes an
enterprise for admission, the zone's bureau admits it (or declines) and later records its exit;
the government nominates an enterprise of the zone for the title 示范企业, the zone's assessor
(HQ for a national zone, the bureau for a provincial one) assesses it, grants the numbered title
or refuses it, and may withdraw it with a published reason. All through the case engine, with a
history row per step. Withdrawing the zone's title ends its enterprises' titles.

The expected table is written out here from the seed (not imported from the workflow), so a
wrong rule in the code fails a test."""

import pytest
from django.db import transaction

from casework.models import NumberSequence
from demonstration.models import DemonstrationZone, EnterpriseHistory, ZoneEnterprise, ZoneHistory
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .conftest import enterprise_body

pytestmark = pytest.mark.django_db

ZONES = "/api/v1/demonstration-zones/"
PUBLIC = "/api/v1/public/demonstration-zones/"

ROLES = [
    "hq", "bureau", "other_bureau", "applicant", "other_government", "enterprise", "anonymous",
]  # fmt: skip
SEES_THE_ZONE = {"applicant", "bureau", "hq"}
STATES = [
    "proposed", "admitted", "declined", "nominated", "assessed", "granted", "title_withdrawn",
    "exited",
]  # fmt: skip
IN_ZONE = {"admitted", "nominated", "assessed", "granted", "title_withdrawn"}

# transition → (states it may be fired from, the roles that may fire it, target), per level.
COMMON = {
    "admit": ({"proposed"}, {"bureau"}, "admitted"),
    "decline": ({"proposed"}, {"bureau"}, "declined"),
    "nominate": ({"admitted"}, {"applicant"}, "nominated"),
    "exit": (IN_ZONE, {"bureau"}, "exited"),
}
NATIONAL = {
    **COMMON,
    "assess": ({"nominated"}, {"hq"}, "assessed"),
    "grant": ({"assessed"}, {"hq"}, "granted"),
    "refuse_title": ({"nominated", "assessed"}, {"hq"}, "admitted"),
    "withdraw_title": ({"granted"}, {"hq"}, "title_withdrawn"),
    # Only once the zone's title is withdrawn (never in a designated zone).
    "end_title": (set(), {"hq", "bureau"}, "title_withdrawn"),
}
PROVINCIAL = {
    **COMMON,
    "assess": ({"nominated"}, {"bureau"}, "assessed"),
    "grant": ({"assessed"}, {"bureau"}, "granted"),
    "refuse_title": ({"nominated", "assessed"}, {"bureau"}, "admitted"),
    "withdraw_title": ({"granted"}, {"bureau"}, "title_withdrawn"),
    "end_title": (set(), {"bureau"}, "title_withdrawn"),
}
ALLOWED = {"national": NATIONAL, "provincial": PROVINCIAL}
BODIES = {
    "decline": {"reason": "该企业未在本区登记注册"},
    "assess": {"passed": True, "comment": "质量管理体系完善，起到示范引领作用"},
    "refuse_title": {"reason": "示范引领作用不突出"},
    "withdraw_title": {"reason": "出口产品被国外通报，属恶意违法"},
    "end_title": {"reason": "示范区称号已撤销"},
    "exit": {"reason": "企业迁出示范区"},
}


@pytest.fixture
def everyone(people):
    return {role: people[role] for role in ROLES}


def expected_code(level: str, name: str, role: str, state: str) -> int:
    states, roles, _target = ALLOWED[level][name]
    if role == "anonymous":
        return 403
    if role not in SEES_THE_ZONE:
        return 404
    if role not in roles:
        return 403
    return 200 if state in states else 409


def url(zone, enterprise=None, tail: str = "") -> str:
    base = f"{ZONES}{zone.pk}/enterprises/"
    return f"{base}{enterprise.pk}/{tail}" if enterprise is not None else base + tail


def fire(api_for, user, enterprise, name: str, body: dict | None = None):
    return api_for(user).post(
        url(enterprise.zone, enterprise, f"transitions/{name}/"), body or {}, format="json"
    )


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def snapshot(enterprise_id: int) -> tuple:
    return (
        ZoneEnterprise.objects.filter(pk=enterprise_id).values().get(),
        EnterpriseHistory.objects.filter(enterprise_id=enterprise_id).count(),
        list(NumberSequence.objects.values()),
    )


# ---------------------------------------------------------------- the permission matrix


@pytest.mark.parametrize("level", ["national", "provincial"])
@pytest.mark.parametrize("state", STATES)
def test_transition_matrix(api_for, everyone, make_zone, make_enterprise, level, state):
    zone = make_zone("designated", level=level)
    enterprise = make_enterprise(zone, state)
    before = snapshot(enterprise.pk)
    for name, (states, roles, target) in ALLOWED[level].items():
        body = BODIES.get(name, {})
        with transaction.atomic():
            for role in ROLES:
                code = expected_code(level, name, role, state)
                if code == 200:
                    continue
                response = fire(api_for, everyone[role], enterprise, name, body)
                assert response.status_code == code, (name, role, response.content)
                assert set(response.json()) == {"detail"}, (name, role)
                assert snapshot(enterprise.pk) == before, (name, role)
            if state in states:
                (role,) = roles
                response = fire(api_for, everyone[role], enterprise, name, body)
                assert ok(response)["state"] == target, name
                entry = EnterpriseHistory.objects.get(enterprise_id=enterprise.pk)
                assert (entry.transition, entry.from_state, entry.to_state) == (
                    name,
                    state,
                    target,
                )
                assert entry.actor == everyone[role]
                assert entry.reason == body.get("reason", "")
            transaction.set_rollback(True)
        assert snapshot(enterprise.pk) == before


def test_an_unknown_transition_is_404(api_for, bureau_beijing, make_zone, make_enterprise):
    enterprise = make_enterprise(make_zone("designated"), "proposed")
    assert fire(api_for, bureau_beijing, enterprise, "teleport").status_code == 404


@pytest.mark.parametrize(
    ("state", "role", "names"),
    [
        ("proposed", "bureau", ["admit", "decline"]),
        ("proposed", "applicant", []),
        ("admitted", "applicant", ["nominate"]),
        ("admitted", "bureau", ["exit"]),
        ("assessed", "hq", ["grant", "refuse_title"]),
        ("granted", "hq", ["withdraw_title"]),
        ("granted", "bureau", ["exit"]),
    ],
)
def test_transitions_lists_what_the_caller_may_fire_now(
    api_for, people, make_zone, make_enterprise, state, role, names
):
    enterprise = make_enterprise(make_zone("designated"), state)
    listed = ok(api_for(people[role]).get(url(enterprise.zone, enterprise, "transitions/")))
    assert [t["name"] for t in listed] == names


# ---------------------------------------------------------------- proposing an enterprise


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("applicant", 201),
        ("hq", 403),
        ("bureau", 403),
        ("other_bureau", 404),
        ("other_government", 404),
        ("enterprise", 404),
        ("anonymous", 403),
    ],
)
def test_only_the_zones_government_proposes_an_enterprise(api_for, people, make_zone, role, code):
    zone = make_zone("designated")
    response = api_for(people[role]).post(url(zone), enterprise_body(), format="json")
    assert response.status_code == code, response.content
    assert ZoneEnterprise.objects.count() == (1 if code == 201 else 0)
    if code == 201:
        created = response.json()
        assert created["state"] == "proposed" and created["title"] is None
        assert created["proposed_by"] == people["applicant"].username


@pytest.mark.parametrize(
    "state", ["draft", "submitted", "recommended", "assessing", "assessed", "refused", "withdrawn"]
)
def test_enterprises_are_admitted_only_in_designated_zones(api_for, gov_beijing, make_zone, state):
    zone = make_zone(state)
    response = api_for(gov_beijing).post(url(zone), enterprise_body(), format="json")
    assert response.status_code == 409, response.content
    assert not ZoneEnterprise.objects.exists()


def test_a_proposal_left_when_the_zone_lost_its_title_cannot_be_admitted(
    api_for, bureau_beijing, make_zone, make_enterprise
):
    zone = make_zone("designated")
    enterprise = make_enterprise(zone, "proposed")
    DemonstrationZone.objects.filter(pk=zone.pk).update(state="withdrawn")
    response = fire(api_for, bureau_beijing, enterprise, "admit")
    assert response.status_code == 409
    assert "示范区" in response.json()["detail"]
    assert ZoneEnterprise.objects.get(pk=enterprise.pk).state == "proposed"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"credit_code": "91110000123456789X"}, "credit_code"),  # wrong check character
        ({"credit_code": "9111"}, "credit_code"),
        ({"name": "顺义\r\n精工"}, "name"),
        ({"name": ""}, "name"),
        ({"products": ""}, "products"),
    ],
)
def test_a_bad_proposal_is_400_naming_the_field(api_for, gov_beijing, make_zone, change, field):
    zone = make_zone("designated")
    response = api_for(gov_beijing).post(url(zone), {**enterprise_body(), **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ZoneEnterprise.objects.exists()


def test_an_enterprise_is_in_a_zone_once_but_may_come_back_after_it_left(
    api_for, gov_beijing, make_zone, make_enterprise
):
    zone = make_zone("designated")
    body = enterprise_body(7)
    present = make_enterprise(zone, "admitted", credit_code=body["credit_code"])
    response = api_for(gov_beijing).post(url(zone), body, format="json")
    assert response.status_code == 400 and "credit_code" in response.json()
    ZoneEnterprise.objects.filter(pk=present.pk).update(state="exited")
    assert api_for(gov_beijing).post(url(zone), body, format="json").status_code == 201
    # Another zone's enterprise of the same code is another zone's business.
    other = make_zone("designated")
    assert api_for(gov_beijing).post(url(other), body, format="json").status_code == 201


# ---------------------------------------------------------------- the walk, and numbering


def test_the_national_walk_from_proposal_to_withdrawn_title(
    api_for, gov_beijing, bureau_beijing, hq, make_zone
):
    zone = make_zone("designated")
    created = ok(api_for(gov_beijing).post(url(zone), enterprise_body(), format="json"), 201)
    enterprise = ZoneEnterprise.objects.get(pk=created["id"])
    admitted = ok(fire(api_for, bureau_beijing, enterprise, "admit", {"comment": "核查属实"}))
    assert admitted["admitted_by"] == bureau_beijing.username and admitted["admitted_at"]
    ok(fire(api_for, gov_beijing, enterprise, "nominate", {"comment": "行业龙头"}))
    # An assessment without its conclusion is 400 naming the field.
    missing = fire(api_for, hq, enterprise, "assess", {"comment": "?"})
    assert missing.status_code == 400 and "passed" in missing.json()
    ok(fire(api_for, hq, enterprise, "assess", BODIES["assess"]))
    granted = ok(fire(api_for, hq, enterprise, "grant"))
    assert granted["state"] == "granted"
    assert granted["title"]["number"] == f"QSE-{zone.number}-001"
    assert granted["title"]["granted_at"]
    withdrawn = ok(fire(api_for, hq, enterprise, "withdraw_title", BODIES["withdraw_title"]))
    assert withdrawn["state"] == "title_withdrawn"
    assert withdrawn["title"]["withdrawal_reason"] == BODIES["withdraw_title"]["reason"]
    history = ok(api_for(gov_beijing).get(url(zone, enterprise, "history/")))
    assert [(h["transition"], h["actor"]) for h in history] == [
        ("admit", bureau_beijing.username),
        ("nominate", gov_beijing.username),
        ("assess", hq.username),
        ("grant", hq.username),
        ("withdraw_title", hq.username),
    ]
    assert history[2]["data"] == {"passed": True}
    assert history[3]["data"]["number"] == f"QSE-{zone.number}-001"


def test_a_failed_assessment_cannot_be_granted_but_refused(api_for, hq, make_zone, make_enterprise):
    enterprise = make_enterprise(make_zone("designated"), "nominated")
    ok(fire(api_for, hq, enterprise, "assess", {"passed": False, "comment": "不具备示范作用"}))
    refused = fire(api_for, hq, enterprise, "grant")
    assert refused.status_code == 409
    assert "评估" in refused.json()["detail"]
    assert ok(fire(api_for, hq, enterprise, "refuse_title", BODIES["refuse_title"]))["state"] == (
        "admitted"
    )
    assert not NumberSequence.objects.exists()


def test_title_numbers_run_per_zone(api_for, hq, bureau_beijing, make_zone, make_enterprise):
    first_zone, second_zone = make_zone("designated"), make_zone("designated", level="provincial")
    numbers = []
    for zone, assessor in ((first_zone, hq), (first_zone, hq), (second_zone, bureau_beijing)):
        enterprise = make_enterprise(zone, "assessed")
        numbers.append(ok(fire(api_for, assessor, enterprise, "grant"))["title"]["number"])
    assert numbers == [
        f"QSE-{first_zone.number}-001",
        f"QSE-{first_zone.number}-002",
        f"QSE-{second_zone.number}-001",
    ]


def test_exit_records_who_when_and_why(api_for, bureau_beijing, make_zone, make_enterprise):
    enterprise = make_enterprise(make_zone("designated"), "granted")
    exited = ok(fire(api_for, bureau_beijing, enterprise, "exit", BODIES["exit"]))
    assert exited["state"] == "exited"
    assert exited["exited_by"] == bureau_beijing.username and exited["exited_at"]
    assert exited["exit_reason"] == "企业迁出示范区"
    missing = make_enterprise(enterprise.zone, "admitted")
    response = fire(api_for, bureau_beijing, missing, "exit", {})
    assert response.status_code == 400 and "reason" in response.json()


# ---------------------------------------------------------------- the zone's title withdrawn


@pytest.mark.parametrize(("level", "assessor"), [("national", "hq"), ("provincial", "bureau")])
def test_withdrawing_the_zones_title_ends_its_enterprises_titles(
    api_for, people, make_zone, make_enterprise, level, assessor
):
    zone = make_zone("designated", level=level)
    granted = [make_enterprise(zone, "granted") for _ in range(2)]
    nominated = make_enterprise(zone, "nominated")
    admitted = make_enterprise(zone, "admitted")
    already = make_enterprise(zone, "title_withdrawn")
    elsewhere = make_enterprise(make_zone("designated", level=level), "granted")
    reason = "示范区发生系统性质量安全事故"
    response = api_for(people[assessor]).post(
        f"{ZONES}{zone.pk}/transitions/withdraw_title/", {"reason": reason}, format="json"
    )
    assert ok(response)["state"] == "withdrawn"
    for enterprise in granted:
        enterprise.refresh_from_db()
        assert enterprise.state == "title_withdrawn"
        assert enterprise.withdrawal_reason == reason
        entry = EnterpriseHistory.objects.get(enterprise=enterprise)
        assert (entry.transition, entry.from_state, entry.to_state, entry.actor) == (
            "end_title",
            "granted",
            "title_withdrawn",
            people[assessor],
        )
        assert entry.reason == reason
        assert entry.data == {"zone_withdrawn": True}
    for untouched, state in ((nominated, "nominated"), (admitted, "admitted"), (already, None)):
        untouched.refresh_from_db()
        assert untouched.state == (state or "title_withdrawn")
        assert not EnterpriseHistory.objects.filter(enterprise=untouched).exists()
    elsewhere.refresh_from_db()
    assert elsewhere.state == "granted"
    # Nothing more can be granted in the zone.
    assert fire(api_for, people[assessor], nominated, "assess", BODIES["assess"]).status_code == 200
    assert fire(api_for, people[assessor], nominated, "grant").status_code == 409


def test_a_failing_cascade_leaves_the_zones_title_as_it_was(
    api_for, hq, make_zone, make_enterprise, monkeypatch
):
    from demonstration import programme

    zone = make_zone("designated")
    enterprise = make_enterprise(zone, "granted")

    def broken(self, *args, **kwargs):
        raise RuntimeError("cascade fails")

    monkeypatch.setattr(programme.DemonstrationEnterprise, "after_transition", broken)
    with pytest.raises(RuntimeError):
        api_for(hq).post(
            f"{ZONES}{zone.pk}/transitions/withdraw_title/", {"reason": "事故"}, format="json"
        )
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "designated"
    assert ZoneEnterprise.objects.get(pk=enterprise.pk).state == "granted"
    assert not ZoneHistory.objects.filter(zone=zone).exists()


# ---------------------------------------------------------------- scoping


def test_each_caller_sees_exactly_the_enterprises_of_zones_it_sees(
    api_for, people, make_zone, make_enterprise
):
    zone = make_zone("designated")
    enterprises = {make_enterprise(zone, s).pk for s in ("proposed", "admitted", "granted")}
    for role in ("hq", "bureau", "applicant"):
        listed = ok(api_for(people[role]).get(url(zone)))
        assert {row["id"] for row in listed["results"]} == enterprises, role
    filtered = ok(api_for(people["hq"]).get(url(zone), {"state": "granted"}))
    assert len(filtered["results"]) == 1
    enterprise = ZoneEnterprise.objects.get(state="granted")
    for role in ("other_bureau", "other_government", "enterprise"):
        for tail in ("", f"{enterprise.pk}/", f"{enterprise.pk}/history/"):
            response = api_for(people[role]).get(url(zone) + tail)
            assert response.status_code == 404, (role, tail)
        assert api_for(people[role]).get(url(zone, enterprise, "transitions/")).status_code == 404
    for tail in ("", f"{enterprise.pk}/"):
        assert api_for(None).get(url(zone) + tail).status_code == 403
    # An enterprise is found only under its own zone.
    other = make_zone("designated")
    assert api_for(people["hq"]).get(url(other, enterprise)).status_code == 404


def test_the_list_does_not_grow_in_queries_with_the_number_of_enterprises(
    api_for, hq, make_zone, make_enterprise, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    zone = make_zone("designated")
    make_enterprise(zone, "granted")
    api = api_for(hq)
    with CaptureQueriesContext(connection) as few:
        assert len(ok(api.get(url(zone)))["results"]) == 1
    for state in STATES * 3:
        make_enterprise(zone, state)
    with django_assert_max_num_queries(len(few)):
        assert len(ok(api.get(url(zone)))["results"]) == 25


# ---------------------------------------------------------------- public


def test_the_public_register_lists_the_zones_titled_enterprises_only(
    api_client, client, make_zone, make_enterprise
):
    zone = make_zone("designated")
    shown = {
        "granted": make_enterprise(zone, "granted", name="示范精工有限公司"),
        "withdrawn": make_enterprise(zone, "title_withdrawn", name="撤销称号有限公司"),
        "exited": make_enterprise(zone, "exited", titled=True, name="曾获称号已退出有限公司"),
    }
    hidden = [
        make_enterprise(zone, state, name=f"未获称号{state}有限公司")
        for state in ("proposed", "admitted", "declined", "nominated", "assessed", "exited")
    ]
    api_client.force_authenticate(None)
    row = ok(api_client.get(f"{PUBLIC}{zone.number}/"))
    listed = {e["number"]: e for e in row["enterprises"]}
    assert set(listed) == {e.number for e in shown.values()}
    assert {e["status"] for e in listed.values()} == {"valid", "revoked", "exited"}
    assert listed[shown["withdrawn"].number]["withdrawal_reason"] == "出口产品恶意违法"
    assert listed[shown["granted"].number]["credit_code"] == shown["granted"].credit_code
    text = api_client.get(f"{PUBLIC}{zone.number}/").content.decode()
    page = client.get(f"/public/demonstration-zones/verify/{zone.number}/").content.decode()
    for enterprise in shown.values():
        assert enterprise.name in page and enterprise.number in page
    assert "出口产品恶意违法" in page
    for enterprise in hidden:
        for answer in (text, page):
            assert enterprise.name not in answer and enterprise.credit_code not in answer
    listed_rows = ok(api_client.get(PUBLIC))["results"]
    assert {e["number"] for e in listed_rows[0]["enterprises"]} == set(listed)


# ---------------------------------------------------------------- pages


def html(response) -> str:
    return response.content.decode()


def test_the_government_proposes_and_the_bureau_admits_through_the_pages(
    client_for, make_zone, gov_beijing, bureau_beijing
):
    zone = make_zone("designated")
    client = client_for(gov_beijing)
    assert f'href="/demonstration/{zone.pk}/enterprises/"' in html(
        client.get(f"/demonstration/{zone.pk}/")
    )
    form = client.get(f"/demonstration/{zone.pk}/enterprises/new/")
    assert form.status_code == 200
    bad = client.post(
        f"/demonstration/{zone.pk}/enterprises/new/", {**enterprise_body(), "credit_code": "123"}
    )
    assert bad.status_code == 400 and not ZoneEnterprise.objects.exists()
    done = client.post(f"/demonstration/{zone.pk}/enterprises/new/", enterprise_body())
    enterprise = ZoneEnterprise.objects.get()
    assert done["Location"] == f"/demonstration/{zone.pk}/enterprises/{enterprise.pk}/"
    bureau = client_for(bureau_beijing)
    detail = html(bureau.get(f"/demonstration/{zone.pk}/enterprises/{enterprise.pk}/"))
    assert f'href="/demonstration/{zone.pk}/enterprises/{enterprise.pk}/do/admit/"' in detail
    bureau.post(f"/demonstration/{zone.pk}/enterprises/{enterprise.pk}/do/admit/", {})
    enterprise.refresh_from_db()
    assert enterprise.state == "admitted" and enterprise.admitted_by == bureau_beijing
    page = html(bureau.get(f"/demonstration/{zone.pk}/enterprises/"))
    assert enterprise.name in page and "已入区" in page
    history = html(bureau.get(f"/demonstration/{zone.pk}/enterprises/{enterprise.pk}/"))
    assert "准予入区" in history[history.index('class="timeline"') :]


def test_hq_grants_a_title_through_the_pages(client_for, make_zone, make_enterprise, hq):
    zone = make_zone("designated")
    enterprise = make_enterprise(zone, "nominated")
    client = client_for(hq)
    base = f"/demonstration/{zone.pk}/enterprises/{enterprise.pk}/do/"
    form = client.get(base + "assess/")
    assert set(form.context["form"].fields) == {"passed", "comment"}
    client.post(base + "assess/", {"passed": "true", "comment": "合格"})
    client.post(base + "grant/", {})
    enterprise.refresh_from_db()
    assert enterprise.state == "granted" and enterprise.number == f"QSE-{zone.number}-001"
    assert enterprise.number in html(client.get(f"/demonstration/{zone.pk}/enterprises/"))
    refused = client.post(base + "withdraw_title/", {"reason": ""})
    assert refused.status_code == 400
    client.post(base + "withdraw_title/", {"reason": "恶意违法"})
    enterprise.refresh_from_db()
    assert enterprise.state == "title_withdrawn" and enterprise.withdrawal_reason == "恶意违法"


def test_an_action_not_permitted_is_403_and_in_the_wrong_state_409(
    client_for, make_zone, make_enterprise, gov_beijing, bureau_beijing
):
    zone = make_zone("designated")
    enterprise = make_enterprise(zone, "admitted")
    base = f"/demonstration/{zone.pk}/enterprises/{enterprise.pk}/do/"
    assert client_for(gov_beijing).post(base + "admit/", {}).status_code == 403
    assert client_for(bureau_beijing).post(base + "admit/", {}).status_code == 409
    assert client_for(bureau_beijing).get(base + "teleport/").status_code == 404
    assert ZoneEnterprise.objects.get(pk=enterprise.pk).state == "admitted"


def test_a_stranger_gets_404_on_every_enterprise_page(
    client_for, client, make_zone, make_enterprise, gov_jiangsu, bureau_jiangsu, enterprise
):
    zone = make_zone("designated")
    member = make_enterprise(zone, "proposed")
    urls = [
        f"/demonstration/{zone.pk}/enterprises/",
        f"/demonstration/{zone.pk}/enterprises/new/",
        f"/demonstration/{zone.pk}/enterprises/{member.pk}/",
        f"/demonstration/{zone.pk}/enterprises/{member.pk}/do/admit/",
    ]
    for stranger in (gov_jiangsu, bureau_jiangsu, enterprise):
        signed_in = client_for(stranger)
        for address in urls:
            assert signed_in.get(address).status_code == 404, (stranger.username, address)
        assert signed_in.post(urls[-1], {}).status_code == 404
        assert signed_in.post(urls[1], enterprise_body(9)).status_code == 404
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to sign in
    assert ZoneEnterprise.objects.get(pk=member.pk).state == "proposed"
    assert ZoneEnterprise.objects.count() == 1


def test_only_the_zones_government_gets_the_proposal_form(
    client_for, make_zone, bureau_beijing, hq, gov_beijing
):
    zone = make_zone("designated")
    for user in (bureau_beijing, hq):
        assert client_for(user).get(f"/demonstration/{zone.pk}/enterprises/new/").status_code == (
            403
        )
    assessed = make_zone("assessed")
    response = client_for(gov_beijing).post(
        f"/demonstration/{assessed.pk}/enterprises/new/", enterprise_body()
    )
    assert response.status_code == 409
    assert not ZoneEnterprise.objects.exists()


@pytest.mark.usefixtures("compiled_catalogues")
def test_english_enterprise_pages_show_no_untranslated_chinese(
    client_for, client, make_zone, make_enterprise, gov_beijing, bureau_beijing, hq
):
    from .test_pages import _switch, _untranslated

    zone = make_zone("designated")
    DemonstrationZone.objects.filter(pk=zone.pk).update(name="Shunyi Zone", industry="Parts")
    people_names = [u.username for u in (gov_beijing, bureau_beijing, hq)]
    names = {"name": "Precision Parts Co.", "products": "Brakes"}
    granted = make_enterprise(zone, "granted", **names)
    proposed = make_enterprise(zone, "proposed", name="Proposed Co.", products="Bolts")
    pages = {
        gov_beijing: [
            f"/demonstration/{zone.pk}/enterprises/",
            f"/demonstration/{zone.pk}/enterprises/new/",
            f"/demonstration/{zone.pk}/enterprises/{granted.pk}/",
        ],
        bureau_beijing: [
            f"/demonstration/{zone.pk}/enterprises/{proposed.pk}/",
            f"/demonstration/{zone.pk}/enterprises/{proposed.pk}/do/admit/",
            f"/demonstration/{zone.pk}/enterprises/{granted.pk}/do/exit/",
        ],
        hq: [f"/demonstration/{zone.pk}/enterprises/{granted.pk}/do/withdraw_title/"],
    }
    bureau = bureau_beijing.bureau
    # Typed by users: the bureau's names, the government's, the assessment's conclusion.
    data = (bureau.name, bureau.full_name, gov_beijing.organisation.name, "起到示范引领作用")
    for user, urls in pages.items():
        signed_in = client_for(user)
        _switch(signed_in, "en")
        for address in urls:
            response = signed_in.get(address)
            assert response.status_code == 200, address
            assert _untranslated(response, *data, *people_names) == [], address
    client.logout()
    _switch(client, "en")
    response = client.get(f"/public/demonstration-zones/verify/{zone.number}/")
    assert _untranslated(response, *data, "区内企业恶意违法") == []

"""双随机抽查计划的范围、派员配合与片区计划（ADR 0020）。

种子 000 §10：“配合总局实施随机抽查。各直属局应按照通关司的计划安排,派员配合通关司工作组实施
随机检查。随机检查应严格按照随机抽取检查对象、随机选派检查人员的‘双随机’抽查要求,采取事先不
通知、不透露检查信息……”；§二.2：片区的牵头单位“组织落实片区内生态原产地产品保护工作的申报、
评定、监管……各环节工作”。

据此：直属局自己的计划只覆盖本辖区、只从本局人员中选派（不适用“回避本局”，那是总局跨局计划的
默认规则）；总局的计划从各局选派人员，派员的直属局看得到本局哪些人被抽中、何时检查，看不到其他
检查组；片区牵头单位可以组织本片区的计划，须记录各成员单位的同意后才能抽取。"""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from casework import draw
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions.models import Zone, ZoneMembership
from supervision import selectors, services
from supervision.models import InspectionPlan, InspectionTarget, PlanConsent, PoolMember
from tests import factories, lottery

from .test_services import protected

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/inspection-plans/"
DISPATCHED = "/api/v1/inspection-plans/dispatched-staff/"
# 西南片区: 重庆局 leads; these are its members (seed 000 §二.2).
MEMBERS = ["hubei", "hunan", "guangxi", "sichuan", "guizhou", "yunnan", "xizang"]


def southwest():
    return Zone.objects.get(code="southwest")


def pool_member(code: str, username: str):
    user = factories.inspector(code, username=username)
    PoolMember.objects.create(user=user, bureau=user.bureau, kind="inspector")
    return user


def fields(**extra):
    body = {"name": "片区双随机抽查", "planned_date": lottery.inspection_day(), "sample_size": 5}
    body.update(lottery.declared())
    body.update(extra)
    return body


def clerk(code: str, tag: str = ""):
    return factories.bureau_staff(code, username=f"clerk-{code}{tag}")


@pytest.fixture
def world():
    """Protected products in 西南片区 (湖北, 四川, 重庆) and outside it (北京); inspectors in the
    pool of those bureaus and of 江苏."""
    cases = {code: protected(code) for code in ("hubei", "sichuan", "chongqing", "beijing")}
    staff = {
        code: [pool_member(code, f"insp-{code}-{n}") for n in range(2)]
        for code in ("hubei", "sichuan", "chongqing", "beijing", "jiangsu")
    }
    return {"cases": cases, "staff": staff}


@pytest.fixture
def lead():
    return clerk("chongqing")


@pytest.fixture
def zone_plan(lead):
    return services.plan_create(actor=lead, zone=southwest(), **fields(team_size=2))


def consent_all(plan, *, but=()):
    for code in MEMBERS:
        if code not in but:
            services.plan_consent_record(plan=plan, actor=clerk(code, "-c"), consent=True)


# ---------------------------------------------------------------- a bureau's own plan


class TestBureauPlanDrawsItsOwnStaff:
    def test_the_pool_is_the_bureaus_own_and_nobody_is_excluded_for_being_of_it(
        self, world, bureau_user
    ):
        plan = services.plan_create(actor=bureau_user, **fields())
        assert plan.exclude_own_bureau is False
        plan = lottery.drawn(plan)
        snapshot = draw.unpack_snapshot(plan.snapshot)
        hubei = {u.pk for u in world["staff"]["hubei"]}
        assert {row["user"] for row in snapshot["inspectors"]} == hubei
        target = InspectionTarget.objects.get(plan=plan)
        assert target.application == world["cases"]["hubei"]
        assert {u.pk for u in target.inspectors.all()} == hubei

    def test_asking_for_the_own_bureau_exclusion_is_a_field_error(self, bureau_user):
        with pytest.raises(InvalidInput) as error:
            services.plan_create(actor=bureau_user, exclude_own_bureau=True, **fields())
        assert "exclude_own_bureau" in error.value.field_errors
        assert not InspectionPlan.objects.exists()

    def test_the_api_refuses_it_with_a_field_message(self, api_for, bureau_user):
        body = {**lottery.declared_form(), "name": "本局抽查", "sample_size": 2}
        body["planned_date"] = lottery.inspection_day().isoformat()
        response = api_for(bureau_user).post(
            PLANS, {**body, "exclude_own_bureau": True}, format="json"
        )
        assert response.status_code == 400, response.content
        assert response.json()["exclude_own_bureau"]
        response = api_for(bureau_user).post(PLANS, body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["exclude_own_bureau"] is False

    def test_the_form_does_not_offer_it_to_a_bureau(self, client_for, bureau_user, hq_user):
        page = client_for(bureau_user).get("/supervision/plans/new/").content.decode()
        assert 'name="exclude_own_bureau"' not in page
        page = client_for(hq_user).get("/supervision/plans/new/").content.decode()
        assert 'name="exclude_own_bureau"' in page

    def test_hq_plans_draw_from_every_bureau_excluding_the_own_by_default(self, world, hq_user):
        plan = services.plan_create(actor=hq_user, **fields(sample_size=4))
        assert plan.exclude_own_bureau is True
        plan = lottery.drawn(plan)
        snapshot = draw.unpack_snapshot(plan.snapshot)
        assert len(snapshot["inspectors"]) == 10
        for target in InspectionTarget.objects.filter(plan=plan):
            assert all(u.bureau_id != target.application.bureau_id for u in target.inspectors.all())


# ---------------------------------------------------------------- 派员配合


class TestDispatchedStaff:
    @pytest.fixture
    def drawn(self, world, hq_user):
        return lottery.drawn(services.plan_create(actor=hq_user, **fields(sample_size=4)))

    def drawn_of(self, plan, code):
        return set(
            InspectionTarget.inspectors.through.objects.filter(
                inspectiontarget__plan=plan, user__bureau__code=code
            ).values_list("user__username", flat=True)
        )

    def test_the_dispatching_bureau_sees_its_drawn_staff_and_the_date_only(
        self, api_for, drawn, world
    ):
        code = next(
            c for c in ("hubei", "sichuan", "beijing", "jiangsu") if self.drawn_of(drawn, c)
        )
        bureau = clerk(code)
        response = api_for(bureau).get(DISPATCHED)
        assert response.status_code == 200
        rows = response.json()["results"]
        assert {row["username"] for row in rows} == self.drawn_of(drawn, code)
        assert {(row["plan"], row["planned_date"]) for row in rows} == {
            (drawn.pk, drawn.planned_date.isoformat())
        }
        assert all(set(row) >= {"plan_name", "drawn_at"} for row in rows)
        body = response.content.decode()
        assert "target" not in body and "product" not in body
        others = {u.username for s in world["staff"].values() for u in s if u.bureau.code != code}
        assert not any(name in body for name in others)
        # Not the plan itself, nor its targets, before the inspection date.
        assert api_for(bureau).get(f"{PLANS}{drawn.pk}/").status_code == 404

    def test_another_bureau_sees_none_of_it(self, api_for, drawn):
        assert api_for(clerk("tianjin")).get(DISPATCHED).json()["results"] == []

    def test_hq_sees_every_bureaus(self, api_for, drawn, hq_user):
        rows = api_for(hq_user).get(DISPATCHED).json()["results"]
        assert {row["username"] for row in rows} == set(
            InspectionTarget.inspectors.through.objects.filter(
                inspectiontarget__plan=drawn
            ).values_list("user__username", flat=True)
        )

    def test_enterprise_and_anonymous_are_refused(self, api_for, drawn, enterprise_user):
        assert api_for(enterprise_user).get(DISPATCHED).status_code == 403
        assert api_for(None).get(DISPATCHED).status_code in (401, 403)

    def test_a_bureaus_own_plan_is_not_dispatch(self, world, bureau_user):
        lottery.drawn(services.plan_create(actor=bureau_user, **fields()))
        assert not selectors.staff_dispatched_for(user=bureau_user).exists()

    def test_the_page(self, client, client_for, drawn, enterprise_user):
        code = next(
            c for c in ("hubei", "sichuan", "beijing", "jiangsu") if self.drawn_of(drawn, c)
        )
        page = client_for(clerk(code)).get("/supervision/dispatched/")
        assert page.status_code == 200
        text = page.content.decode()
        assert drawn.name in text and all(name in text for name in self.drawn_of(drawn, code))
        client.logout()
        assert client_for(enterprise_user).get("/supervision/dispatched/").status_code == 404
        client.logout()
        assert client.get("/supervision/dispatched/").status_code == 302

    def test_one_query_for_the_rows(self, drawn, django_assert_num_queries):
        code = next(
            c for c in ("hubei", "sichuan", "beijing", "jiangsu") if self.drawn_of(drawn, c)
        )
        bureau = clerk(code)
        with django_assert_num_queries(1):
            rows = list(selectors.staff_dispatched_for(user=bureau))
            assert [r.inspectiontarget.plan.name for r in rows]


# ---------------------------------------------------------------- 片区计划


class TestZonePlanCreate:
    def test_the_lead_plans_for_its_zone(self, lead):
        plan = services.plan_create(actor=lead, zone=southwest(), **fields())
        assert plan.organising_zone == southwest() and plan.owner_bureau == lead.bureau
        assert list(plan.zones.all()) == [southwest()] and not plan.bureaus.exists()
        assert plan.exclude_own_bureau is True
        assert AuditEntry.objects.filter(
            object_type="supervision.inspectionplan", object_id=str(plan.pk), action="create"
        ).exists()

    @pytest.mark.parametrize("who", ["member", "outsider", "hq", "enterprise"])
    def test_nobody_else_may(self, who, hq_user, enterprise_user):
        actor = {
            "member": clerk("hubei"),
            "outsider": clerk("beijing"),
            "hq": hq_user,
            "enterprise": enterprise_user,
        }[who]
        with pytest.raises(NotPermitted):
            services.plan_create(actor=actor, zone=southwest(), **fields())
        assert not InspectionPlan.objects.exists()

    def test_its_scope_is_the_zone(self, lead):
        with pytest.raises(InvalidInput) as error:
            services.plan_create(
                actor=lead, zone=southwest(), bureaus=[factories.bureau("beijing")], **fields()
            )
        assert "bureaus" in error.value.field_errors

    @pytest.mark.parametrize(
        ("who", "status"),
        [("lead", 201), ("member", 403), ("outsider", 403), ("hq", 403), ("enterprise", 403)],
    )
    def test_through_the_api(self, api_for, who, status, lead, hq_user, enterprise_user):
        actor = {
            "lead": lead,
            "member": clerk("hubei"),
            "outsider": clerk("beijing"),
            "hq": hq_user,
            "enterprise": enterprise_user,
        }[who]
        body = {
            "name": "片区抽查",
            "planned_date": lottery.inspection_day().isoformat(),
            "sample_size": 2,
            "organising_zone": "southwest",
            **lottery.declared_form(),
        }
        response = api_for(actor).post(PLANS, body, format="json")
        assert response.status_code == status, response.content
        if status == 201:
            assert response.json()["organising_zone"] == "southwest"

    def test_anonymous_through_the_api(self, api_for):
        response = api_for(None).post(PLANS, {"organising_zone": "southwest"}, format="json")
        assert response.status_code in (401, 403)

    def test_the_page_for_the_lead_only(self, client, client_for, lead):
        assert client_for(clerk("hubei")).get("/supervision/plans/zone/new/").status_code == 404
        client.logout()
        browser = client_for(lead)
        assert browser.get("/supervision/plans/").content.decode().count("plans/zone/new/") == 1
        assert browser.get("/supervision/plans/zone/new/").status_code == 200
        body = {
            "organising_zone": southwest().pk,
            "name": "西南片区联合抽查",
            "planned_date": lottery.inspection_day().isoformat(),
            "sample_size": 2,
            "team_size": 2,
            "exclude_own_bureau": "on",
            **lottery.declared_form(),
        }
        response = browser.post("/supervision/plans/zone/new/", body)
        assert response.status_code == 302, response.content.decode()[:3000]
        plan = InspectionPlan.objects.get()
        assert plan.organising_zone == southwest() and plan.exclude_own_bureau


class TestConsent:
    def test_every_member_must_consent_before_the_draw(self, world, zone_plan, lead):
        consent_all(zone_plan, but=["xizang"])
        with pytest.raises(Conflict) as error:
            services.plan_draw(plan_id=zone_plan.pk, actor=lead)
        assert error.value.field_errors["missing_bureaus"] == ["xizang"]
        assert InspectionPlan.objects.get(pk=zone_plan.pk).status == "planned"
        services.plan_consent_record(plan=zone_plan, actor=clerk("xizang"), consent=True)
        plan = lottery.drawn(zone_plan, actor=lead)
        assert plan.status == "drawn"
        snapshot = draw.unpack_snapshot(plan.snapshot)
        zone_bureaus = set(
            ZoneMembership.objects.filter(zone=southwest()).values_list("bureau_id", flat=True)
        )
        assert {row["bureau"] for row in snapshot["inspectors"]} <= zone_bureaus
        assert {row["bureau"] for row in snapshot["targets"]} <= zone_bureaus
        assert len(snapshot["inspectors"]) == 6  # 湖北, 四川, 重庆: not 北京, 江苏
        assert world["cases"]["beijing"].pk not in {row["case"] for row in snapshot["targets"]}

    def test_the_api_answers_409_with_the_missing_bureaus(self, api_for, zone_plan, lead):
        consent_all(zone_plan, but=["hunan", "yunnan"])
        response = api_for(lead).post(f"{PLANS}{zone_plan.pk}/draw/")
        assert response.status_code == 409
        assert response.json()["missing_bureaus"] == ["hunan", "yunnan"]

    def test_the_scheduled_draw_waits_for_consent(self, zone_plan, lead):
        InspectionPlan.objects.filter(pk=zone_plan.pk).update(
            draw_at=timezone.now() - timedelta(hours=1)
        )
        services.plans_draw_due()
        assert InspectionPlan.objects.get(pk=zone_plan.pk).status == "planned"

    def test_a_record_of_who_when_and_why_once_per_bureau(self, zone_plan):
        actor = clerk("hubei")
        record = services.plan_consent_record(
            plan=zone_plan, actor=actor, consent=True, comment="同意派员"
        )
        assert (record.bureau, record.actor, record.decision, record.comment) == (
            actor.bureau,
            actor,
            "consent",
            "同意派员",
        )
        assert record.decided_at is not None
        with pytest.raises(Conflict):
            services.plan_consent_record(
                plan=zone_plan, actor=clerk("hubei", "-2"), consent=False, comment="改变主意"
            )
        assert PlanConsent.objects.count() == 1
        assert AuditEntry.objects.filter(
            object_id=str(zone_plan.pk), changes__consent="consent"
        ).exists()

    @pytest.mark.parametrize("who", ["lead", "outsider", "hq", "enterprise", "inspector"])
    def test_only_a_member_bureau_answers(self, zone_plan, who, lead, hq_user, enterprise_user):
        actor = {
            "lead": lead,
            "outsider": clerk("beijing"),
            "hq": hq_user,
            "enterprise": enterprise_user,
            "inspector": factories.inspector("hubei", username="hubei-inspector"),
        }[who]
        with pytest.raises(NotPermitted):
            services.plan_consent_record(plan=zone_plan, actor=actor, consent=True)
        assert not PlanConsent.objects.exists()

    def test_only_zone_plans_are_consented(self, hq_user):
        plan = services.plan_create(actor=hq_user, **fields())
        with pytest.raises(NotPermitted):
            services.plan_consent_record(plan=plan, actor=clerk("hubei"), consent=True)

    def test_a_refusal_needs_its_reason_and_blocks_until_withdrawn(self, zone_plan, lead):
        with pytest.raises(InvalidInput) as error:
            services.plan_consent_record(plan=zone_plan, actor=clerk("hubei"), consent=False)
        assert "comment" in error.value.field_errors
        services.plan_consent_record(
            plan=zone_plan, actor=clerk("hubei"), consent=False, comment="检查人员不足"
        )
        consent_all(zone_plan, but=["hubei"])
        with pytest.raises(Conflict):
            services.plan_draw(plan_id=zone_plan.pk, actor=lead)
        with pytest.raises(NotPermitted):
            services.plan_withdraw(plan=zone_plan, actor=clerk("hunan", "-w"), reason="不该我撤")
        with pytest.raises(InvalidInput):
            services.plan_withdraw(plan=zone_plan, actor=lead, reason=" ")
        plan = services.plan_withdraw(plan=zone_plan, actor=lead, reason="湖北局不同意")
        assert plan.withdrawn_at is not None and plan.withdrawal_reason == "湖北局不同意"
        with pytest.raises(Conflict):
            services.plan_withdraw(plan=plan, actor=lead, reason="再撤一次")
        with pytest.raises(Conflict):
            services.plan_draw(plan_id=plan.pk, actor=lead)
        assert AuditEntry.objects.filter(object_id=str(plan.pk), changes__withdrawn=True).exists()

    def test_no_answer_after_withdrawal_or_commitment(self, zone_plan, lead):
        consent_all(zone_plan, but=["xizang"])
        services.plan_withdraw(plan=zone_plan, actor=lead, reason="改期")
        with pytest.raises(Conflict):
            services.plan_consent_record(plan=zone_plan, actor=clerk("xizang"), consent=True)


class TestZonePlanApi:
    @pytest.mark.parametrize(
        ("who", "status"),
        [
            ("member", 201),
            ("lead", 403),
            ("hq", 403),
            ("outsider", 404),
            ("enterprise", 404),
            ("anonymous", 401),
        ],
    )
    def test_consent_permissions(self, api_for, zone_plan, who, status, lead, hq_user,
                                 enterprise_user):  # fmt: skip
        actor = {
            "member": clerk("hubei"),
            "lead": lead,
            "hq": hq_user,
            "outsider": clerk("beijing"),
            "enterprise": enterprise_user,
            "anonymous": None,
        }[who]
        response = api_for(actor).post(
            f"{PLANS}{zone_plan.pk}/consent/", {"decision": "consent"}, format="json"
        )
        expected = (401, 403) if status == 401 else (status,)
        assert response.status_code in expected, response.content
        assert PlanConsent.objects.exists() == (status == 201)

    def test_refusal_without_reason_is_400(self, api_for, zone_plan):
        response = api_for(clerk("hubei")).post(
            f"{PLANS}{zone_plan.pk}/consent/", {"decision": "refuse"}, format="json"
        )
        assert response.status_code == 400 and response.json()["comment"]
        response = api_for(clerk("hubei")).post(
            f"{PLANS}{zone_plan.pk}/consent/", {"decision": "maybe"}, format="json"
        )
        assert response.status_code == 400 and response.json()["decision"]

    def test_consents_and_withdrawal(self, api_for, zone_plan, lead):
        api_for(clerk("hubei")).post(
            f"{PLANS}{zone_plan.pk}/consent/",
            {"decision": "refuse", "comment": "人员紧张"},
            format="json",
        )
        rows = api_for(lead).get(f"{PLANS}{zone_plan.pk}/consents/").json()
        assert [row["bureau"] for row in rows] == [
            b.code for b in services.consent_bureaus(zone_plan)
        ]
        assert len(rows) == 7
        hubei = next(row for row in rows if row["bureau"] == "hubei")
        assert hubei["record"]["decision"] == "refuse"
        assert hubei["record"]["comment"] == "人员紧张"
        response = api_for(clerk("hubei", "-x")).post(
            f"{PLANS}{zone_plan.pk}/withdraw/", {"reason": "x"}, format="json"
        )
        assert response.status_code == 403
        response = api_for(lead).post(f"{PLANS}{zone_plan.pk}/withdraw/", {}, format="json")
        assert response.status_code == 400
        response = api_for(lead).post(
            f"{PLANS}{zone_plan.pk}/withdraw/", {"reason": "湖北局不同意"}, format="json"
        )
        assert response.status_code == 200 and response.json()["withdrawn_at"]


class TestZonePlanVisibility:
    @pytest.fixture
    def drawn(self, world, zone_plan, lead):
        consent_all(zone_plan)
        return lottery.drawn(zone_plan, actor=lead)

    def test_the_lead_sees_targets_and_teams(self, api_for, drawn, lead):
        body = api_for(lead).get(f"{PLANS}{drawn.pk}/").json()
        assert body["targets"]

    def test_a_member_sees_the_plan_but_not_its_teams(self, api_for, client_for, drawn):
        member = clerk("hubei", "-v")
        body = api_for(member).get(f"{PLANS}{drawn.pk}/").json()
        assert body["targets"] is None and body["shortfalls"] is None
        page = client_for(member).get(f"/supervision/plans/{drawn.pk}/")
        assert page.status_code == 200
        team = {u.username for t in InspectionTarget.objects.filter(plan=drawn)
                for u in t.inspectors.all()}  # fmt: skip
        assert not any(name in page.content.decode() for name in team)

    @pytest.mark.parametrize("who", ["outsider", "enterprise"])
    def test_others_do_not_see_the_zone_plan(self, api_for, client_for, drawn, who,
                                            enterprise_user):  # fmt: skip
        actor = clerk("beijing") if who == "outsider" else enterprise_user
        assert api_for(actor).get(f"{PLANS}{drawn.pk}/").status_code == 404
        assert api_for(actor).get(f"{PLANS}{drawn.pk}/consents/").status_code == 404
        assert drawn.pk not in [p["id"] for p in api_for(actor).get(PLANS).json()["results"]]
        assert client_for(actor).get(f"/supervision/plans/{drawn.pk}/").status_code == 404

    def test_hq_sees_it(self, api_for, drawn, hq_user):
        body = api_for(hq_user).get(f"{PLANS}{drawn.pk}/").json()
        assert body["organising_zone"] == "southwest"


class TestConsentPages:
    def test_a_member_consents_on_the_plans_page(self, client, client_for, zone_plan, lead):
        member = clerk("hubei")
        browser = client_for(member)
        page = browser.get(f"/supervision/plans/{zone_plan.pk}/").content.decode()
        assert 'value="consent"' in page and f"plans/{zone_plan.pk}/withdraw/" not in page
        todo = selectors.zone_plans_awaiting(user=member)
        assert list(todo) == [zone_plan]
        response = browser.post(
            f"/supervision/plans/{zone_plan.pk}/consent/", {"decision": "refuse"}
        )
        assert response.status_code == 400
        response = browser.post(
            f"/supervision/plans/{zone_plan.pk}/consent/", {"decision": "consent"}
        )
        assert response.status_code == 302
        assert not selectors.zone_plans_awaiting(user=member).exists()
        response = browser.post(
            f"/supervision/plans/{zone_plan.pk}/consent/", {"decision": "consent"}
        )
        assert response.status_code == 409
        client.logout()
        lead_page = client_for(lead).get(f"/supervision/plans/{zone_plan.pk}/").content.decode()
        assert f"plans/{zone_plan.pk}/withdraw/" in lead_page and 'value="consent"' not in lead_page

    def test_the_draw_is_offered_to_the_lead_once_all_have_consented(self, client_for, zone_plan,
                                                                    lead):  # fmt: skip
        browser = client_for(lead)
        draw_url = f"/supervision/plans/{zone_plan.pk}/draw/"
        assert draw_url not in browser.get(f"/supervision/plans/{zone_plan.pk}/").content.decode()
        response = browser.post(draw_url)
        assert response.status_code == 409 and "西藏" in response.content.decode()
        consent_all(zone_plan)
        assert draw_url in browser.get(f"/supervision/plans/{zone_plan.pk}/").content.decode()

    def test_the_lead_withdraws_on_the_page(self, client_for, zone_plan, lead):
        browser = client_for(lead)
        assert browser.post(f"/supervision/plans/{zone_plan.pk}/withdraw/", {}).status_code == 400
        response = browser.post(f"/supervision/plans/{zone_plan.pk}/withdraw/", {"reason": "改期"})
        assert response.status_code == 302
        assert InspectionPlan.objects.get(pk=zone_plan.pk).withdrawn_at is not None

    def test_an_outsider_finds_no_page(self, client_for, zone_plan):
        response = client_for(clerk("beijing")).post(
            f"/supervision/plans/{zone_plan.pk}/consent/", {"decision": "consent"}
        )
        assert response.status_code == 404
        assert not PlanConsent.objects.exists()

    def test_anonymous_is_sent_to_log_in(self, client, zone_plan):
        response = client.post(
            f"/supervision/plans/{zone_plan.pk}/consent/", {"decision": "consent"}
        )
        assert response.status_code == 302 and "login" in response["Location"]
        assert not PlanConsent.objects.exists()


def test_the_schema_documents_the_new_endpoints(api_for, hq_user):
    response = api_for(hq_user).get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/inspection-plans/{id}/consent/",
        "/api/v1/inspection-plans/{id}/consents/",
        "/api/v1/inspection-plans/{id}/withdraw/",
        "/api/v1/inspection-plans/dispatched-staff/",
    ):
        assert path in paths, path

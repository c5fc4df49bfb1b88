"""Supervision services (SPEC §4): plans, the draw's candidates and recusals, one draw only,
inspections, proposals to HQ, complaints, and the sweeps (each run twice); 挂牌督办 and 约谈 are in
test_key_work.py."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import timezone

from accounts.models import AuditEntry, User
from applications.models import Application, CaseHistory, Notice
from applications.services import case_reassign_officer, case_transition
from casework import draw, draws
from casework.deadlines import add_working_days
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions.models import Zone
from supervision import services, tasks
from supervision.models import (
    Complaint,
    Inspection,
    InspectionPlan,
    InspectionTarget,
    KeyWorkItem,
    PoolMember,
    Proposal,
)
from tests import factories, lottery
from tests.applications.factories import (
    ApplicationFactory,
    PlanFactory,
    attach_required_materials,
    category,
)

pytestmark = pytest.mark.django_db

PLANS_URL = "/api/v1/inspection-plans/"
COMPLAINTS_URL = "/api/v1/public/complaints/"
LONG_ENOUGH = "该企业在未获保护的产品上使用生态原产地保护标志，请核查。"


def today():
    return timezone.localdate()


def noon(day):
    """Midday of `day` in the portal's time zone (safe for timezone.localdate())."""
    return timezone.make_aware(datetime.combine(day, time(12)))


def protected(bureau_code: str = "beijing", category_code: str = "tea", state="protected"):
    """A case put straight into `state` (no history): a candidate when protected."""
    enterprise = factories.EnterpriseFactory(
        bureau=factories.bureau(bureau_code), confirmed_at=timezone.now()
    )
    case = ApplicationFactory(
        enterprise=enterprise, bureau=enterprise.bureau, category=category(category_code)
    )
    Application.objects.filter(pk=case.pk).update(state=state)
    case.refresh_from_db()
    return case


def certified(bureau_code: str = "beijing", *, officer=None, tag: str = "c"):
    """A case taken to 保护中 through the case engine; returns (case, the people who acted)."""
    plan = PlanFactory()
    enterprise = factories.EnterpriseFactory(
        bureau=factories.bureau(bureau_code), confirmed_at=timezone.now()
    )
    case = ApplicationFactory(enterprise=enterprise, bureau=enterprise.bureau)
    attach_required_materials(case)
    people = {
        "owner": factories.enterprise_staff(enterprise, username=f"{tag}-owner"),
        "clerk": factories.bureau_staff(bureau_code, username=f"{tag}-clerk"),
        "approver": factories.hq(username=f"{tag}-approver"),
        "evaluator": factories.agency_staff(plan.agency, username=f"{tag}-evaluator"),
    }
    accept = {"officer": officer} if officer else {}
    for actor, name, body in [
        (people["owner"], "submit", {}),
        (people["clerk"], "accept", accept),
        (people["clerk"], "pre_evaluate", {}),
        (people["clerk"], "recommend", {}),
        (people["approver"], "approve", {}),
        (people["owner"], "choose_agency", {"agency": plan.agency}),
        (people["evaluator"], "evaluate", {"score": 90}),
        (people["approver"], "certify", {}),
    ]:
        case = case_transition(case=case, name=name, actor=actor, **body)
    assert case.state == "protected"
    return case, people


def pool(*users):
    """Put users in the inspector pool (their bureau, else 江苏)."""
    for user in users:
        PoolMember.objects.create(
            user=user, bureau=user.bureau or factories.bureau("jiangsu"), kind="inspector"
        )
    return users


def inspectors(n: int, prefix: str = "insp", codes=("jiangsu", "guangdong", "henan", "fujian")):
    return pool(
        *[factories.inspector(codes[i % len(codes)], username=f"{prefix}-{i}") for i in range(n)]
    )


def make_plan(actor, **fields):
    body = {"name": "双随机抽查", "planned_date": lottery.inspection_day(), "sample_size": 5}
    body.update(lottery.declared())
    body.update(fields)
    return services.plan_create(actor=actor, **body)


def drawn_cases(plan) -> set[int]:
    return set(InspectionTarget.objects.filter(plan=plan).values_list("application_id", flat=True))


def team(plan, case) -> set:
    target = InspectionTarget.objects.get(plan=plan, application=case)
    return set(target.inspectors.all())


# ---------------------------------------------------------------- plan_create


class TestPlanCreate:
    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"sample_size": 5, "sample_ratio": 10}, "sample_size"),
            ({"sample_size": None}, "sample_size"),
            ({"sample_size": 0}, "sample_size"),
            ({"sample_size": None, "sample_ratio": 0}, "sample_ratio"),
            ({"sample_size": None, "sample_ratio": 101}, "sample_ratio"),
            ({"team_size": 1}, "team_size"),
            ({"planned_date": "yesterday"}, "planned_date"),
        ],
    )
    def test_validation(self, hq_user, fields, field):
        if fields.get("planned_date") == "yesterday":
            fields = {**fields, "planned_date": today() - timedelta(days=1)}
        with pytest.raises(InvalidInput) as error:
            make_plan(hq_user, **fields)
        assert field in error.value.field_errors
        assert not InspectionPlan.objects.exists()

    def test_hq_plans_nationally_declaring_its_lottery_and_keeping_no_secret(self, hq_user):
        plan = make_plan(hq_user, sample_size=None, sample_ratio=10)
        assert plan.owner_bureau is None and plan.status == "planned"
        assert (plan.protocol, plan.seed, plan.seed_commitment) == (2, "", "")
        assert {"beacon_source": plan.beacon_source, "beacon_date": plan.beacon_date} == (
            lottery.declared()
        )

    def test_a_bureau_plans_only_for_its_own_jurisdiction(self, bureau_user):
        plan = make_plan(bureau_user)
        assert plan.owner_bureau == bureau_user.bureau
        assert list(plan.bureaus.all()) == [bureau_user.bureau]
        same = make_plan(bureau_user, bureaus=[bureau_user.bureau])
        assert list(same.bureaus.all()) == [bureau_user.bureau]
        with pytest.raises(InvalidInput) as error:
            make_plan(bureau_user, bureaus=[factories.bureau("beijing")])
        assert "bureaus" in error.value.field_errors
        with pytest.raises(InvalidInput) as error:
            make_plan(bureau_user, zones=[Zone.objects.get(code="southwest")])
        assert {"bureaus", "zones"} & set(error.value.field_errors)
        assert InspectionPlan.objects.count() == 2

    @pytest.mark.parametrize("persona", ["enterprise_user", "agency_user", "inspector_user"])
    def test_only_hq_and_bureaus_plan(self, request, persona):
        with pytest.raises(NotPermitted):
            make_plan(request.getfixturevalue(persona))


class TestPlanCreateApi:
    def post(self, client, **fields):
        body = {"name": "季度抽查", "planned_date": lottery.inspection_day().isoformat()}
        body.update(lottery.declared_form())
        body.update(fields)
        return client.post(PLANS_URL, body, format="json")

    def test_hq_creates(self, api_for, hq_user):
        response = self.post(api_for(hq_user), sample_ratio="12.5", zones=["southwest"])
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status"] == "planned" and body["zones"] == ["southwest"]
        assert body["targets"] is None and "seed" not in body

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"sample_size": 3, "sample_ratio": "5"}, "sample_size"),
            ({}, "sample_size"),
            ({"sample_size": 3, "team_size": 1}, "team_size"),
            ({"sample_size": 3, "planned_date": "2000-01-01"}, "planned_date"),
            ({"sample_size": 3, "planned_date": "not a date"}, "planned_date"),
            ({"sample_size": 3, "zones": ["atlantis"]}, "zones"),
            ({"sample_size": 3, "beacon_source": ""}, "beacon_source"),
            ({"sample_size": 3, "beacon_date": None}, "beacon_date"),
            ({"sample_size": 3, "beacon_date": "2000-01-02"}, "beacon_date"),
        ],
    )
    def test_field_errors(self, api_for, hq_user, fields, field):
        response = self.post(api_for(hq_user), **fields)
        assert response.status_code == 400, response.content
        assert response.json()[field]
        assert not InspectionPlan.objects.exists()

    def test_bureau_scope_is_forced_and_zones_refused(self, api_for, bureau_user):
        client = api_for(bureau_user)
        response = self.post(client, sample_size=2)
        assert response.status_code == 201, response.content
        assert response.json()["owner_bureau"] == "hubei"
        assert response.json()["bureaus"] == ["hubei"]
        response = self.post(client, sample_size=2, bureaus=["beijing"])
        assert response.status_code == 400
        assert response.json()["bureaus"]
        response = self.post(client, sample_size=2, zones=["southwest"])
        assert response.status_code == 400
        assert {"bureaus", "zones"} & set(response.json())
        assert InspectionPlan.objects.count() == 1

    @pytest.mark.parametrize("persona", ["enterprise_user", "agency_user", "inspector_user"])
    def test_others_are_forbidden(self, api_for, request, persona):
        response = self.post(api_for(request.getfixturevalue(persona)), sample_size=2)
        assert response.status_code == 403
        assert not InspectionPlan.objects.exists()

    def test_anonymous_is_refused(self, api_for):
        assert self.post(api_for(None), sample_size=2).status_code in (401, 403)


# ---------------------------------------------------------------- the draw


class TestCandidates:
    @pytest.fixture
    def cases(self):
        return {
            "hubei_tea": protected("hubei", "tea"),
            "hubei_liquor": protected("hubei", "liquor"),
            "sichuan_tea": protected("sichuan", "tea"),
            "chongqing_tea": protected("chongqing", "tea"),  # the lead of 西南片区
            "beijing_tea": protected("beijing", "tea"),
            "hubei_suspended": protected("hubei", "tea", state="suspended"),
            "sichuan_revoked": protected("sichuan", "tea", state="revoked"),
            "hubei_draft": protected("hubei", "tea", state="draft"),
            "hubei_evaluated": protected("hubei", "tea", state="evaluated"),
            "beijing_expired": protected("beijing", "tea", state="expired"),
        }

    def draw(self, actor, **fields):
        plan = lottery.drawn(make_plan(actor, sample_size=50, **fields))
        assert {t["case"] for t in draw.unpack_snapshot(plan.snapshot)["targets"]} == drawn_cases(
            plan
        )
        return plan

    def ids(self, cases, *names):
        return {cases[name].pk for name in names}

    def test_nationally_only_valid_protected_products(self, hq_user, cases):
        plan = self.draw(hq_user)
        assert drawn_cases(plan) == self.ids(
            cases, "hubei_tea", "hubei_liquor", "sichuan_tea", "chongqing_tea", "beijing_tea"
        )
        assert plan.shortfalls[0] == {"kind": "targets", "wanted": 50, "available": 5}

    def test_zones_mean_their_bureaus(self, hq_user, cases):
        plan = self.draw(hq_user, zones=[Zone.objects.get(code="southwest")])
        assert drawn_cases(plan) == self.ids(
            cases, "hubei_tea", "hubei_liquor", "sichuan_tea", "chongqing_tea"
        )

    def test_zones_bureaus_and_categories(self, hq_user, cases):
        plan = self.draw(
            hq_user,
            zones=[Zone.objects.get(code="southwest")],
            bureaus=[factories.bureau("beijing")],
            categories=[category("tea")],
        )
        assert drawn_cases(plan) == self.ids(
            cases, "hubei_tea", "sichuan_tea", "chongqing_tea", "beijing_tea"
        )

    def test_a_bureau_plan_draws_in_its_jurisdiction(self, bureau_user, cases):
        plan = self.draw(bureau_user)
        assert drawn_cases(plan) == self.ids(cases, "hubei_tea", "hubei_liquor")


class TestRecusal:
    def test_officer_history_actors_and_earlier_inspectors_are_never_drawn(self, hq_user):
        officer = factories.bureau_staff("beijing", username="one-to-one")
        case, people = certified("beijing", officer=officer)
        assert case.officer == officer
        actors = set(
            CaseHistory.objects.filter(application=case).values_list("actor_id", flat=True)
        )
        assert actors == {p.pk for p in people.values()}
        # Everyone who handled the case is in the pool; only two others are free.
        pool(officer, *people.values())
        free = set(inspectors(2, prefix="free"))

        first = lottery.drawn(make_plan(hq_user, sample_size=1, exclude_own_bureau=False))
        recused = set(draw.unpack_snapshot(draws.drawn_snapshot(first))["targets"][0]["recused"])
        assert recused >= {officer.pk, *actors}
        assert team(first, case) == free
        assert first.shortfalls == []

        # A second plan: the earlier inspectors are recused too, and nobody else is left.
        second = lottery.drawn(make_plan(hq_user, sample_size=1, exclude_own_bureau=False))
        assert set(
            draw.unpack_snapshot(draws.drawn_snapshot(second))["targets"][0]["recused"]
        ) >= recused | {u.pk for u in free}
        assert team(second, case) == set()
        assert second.shortfalls == [{"kind": "team", "case": case.pk, "wanted": 2, "available": 0}]

        more = set(inspectors(3, prefix="more"))
        third = lottery.drawn(make_plan(hq_user, sample_size=1, exclude_own_bureau=False))
        assert team(third, case) <= more and len(team(third, case)) == 2

    def test_an_earlier_officer_who_never_acted_is_recused(self, hq_user):
        first = factories.bureau_staff("beijing", username="first-officer")
        case, people = certified("beijing", officer=first)
        second = factories.bureau_staff("beijing", username="second-officer")
        case_reassign_officer(case=case, officer=second, actor=people["clerk"])
        pool(first, second)
        free = set(inspectors(2, prefix="free-r"))

        plan = lottery.drawn(make_plan(hq_user, sample_size=1, exclude_own_bureau=False))
        assert {first.pk, second.pk} <= set(
            draw.unpack_snapshot(draws.drawn_snapshot(plan))["targets"][0]["recused"]
        )
        assert team(plan, case) == free

    def test_own_bureau_inspectors_are_excluded_when_the_plan_says_so(self, hq_user):
        case = protected("beijing")
        local = set(inspectors(3, prefix="local", codes=("beijing",)))
        away = set(inspectors(2, prefix="away", codes=("tianjin",)))
        plan = lottery.drawn(make_plan(hq_user, sample_size=1))
        assert team(plan, case) == away
        plan = lottery.drawn(make_plan(hq_user, sample_size=1, exclude_own_bureau=False))
        # The rule is off, but the first team has inspected this case: only locals are left.
        assert team(plan, case) <= local and len(team(plan, case)) == 2

    def test_unavailable_and_inactive_inspectors_are_not_drawn(self, hq_user):
        case = protected("beijing")
        resting, gone, ready = inspectors(3, prefix="state")
        PoolMember.objects.filter(user=resting).update(available=False)
        User.objects.filter(pk=gone.pk).update(is_active=False)
        plan = lottery.drawn(make_plan(hq_user, sample_size=1))
        assert team(plan, case) == {ready}
        assert plan.shortfalls == [{"kind": "team", "case": case.pk, "wanted": 2, "available": 1}]


class TestDrawOnce:
    @pytest.fixture
    def plan(self, hq_user):
        for code in ("beijing", "hubei", "hubei", "sichuan"):
            protected(code)
        inspectors(6)
        return make_plan(hq_user, sample_size=3)

    def assert_one_draw(self, plan, drawn_at):
        plan.refresh_from_db()
        assert plan.status == "drawn" and plan.drawn_at == drawn_at
        assert InspectionTarget.objects.filter(plan=plan).count() == 3
        assert [t["case"] for t in plan.result["targets"]] == sorted(drawn_cases(plan))

    def assert_committed_once(self, plan, committed_at):
        plan.refresh_from_db()
        assert plan.status == "committed" and plan.committed_at == committed_at
        commitments = AuditEntry.objects.filter(
            object_id=str(plan.pk), changes__has_key="snapshot_commitment"
        )
        assert commitments.count() == 1
        assert not InspectionTarget.objects.filter(plan=plan).exists()

    def test_committed_once_and_drawn_once(self, plan, hq_user):
        first = services.plan_draw(plan_id=plan.pk, actor=hq_user)
        again = services.plan_draw(plan_id=plan.pk, actor=hq_user)
        assert again.snapshot_commitment == first.snapshot_commitment
        self.assert_committed_once(plan, first.committed_at)
        drawn = lottery.drawn(plan)
        targets = list(InspectionTarget.objects.filter(plan=plan).values_list("pk", flat=True))
        assert services.plan_draw(plan_id=plan.pk, actor=hq_user).drawn_at == drawn.drawn_at
        assert list(InspectionTarget.objects.filter(plan=plan).values_list("pk", flat=True)) == (
            targets
        )
        self.assert_one_draw(plan, drawn.drawn_at)

    def test_only_managers_draw_on_demand(self, plan, bureau_user):
        with pytest.raises(NotPermitted):
            services.plan_draw(plan_id=plan.pk, actor=bureau_user)
        assert InspectionPlan.objects.get(pk=plan.pk).status == "planned"

    def test_scheduled_commitment_once_when_due(self, hq_user, plan):
        """定时抽取 commits the lists at the plan's time (the draw waits for the numbers), once
        whatever the sweeps; a plan whose lottery drew first is left as it is."""
        morning = lottery.noon(today()) - timedelta(hours=3)
        with time_machine.travel(morning, tick=False):
            plan.draw_at = morning + timedelta(hours=1)
            plan.save()
            later = make_plan(hq_user, sample_size=1, draw_at=morning + timedelta(hours=6))
            on_demand = make_plan(hq_user, sample_size=1)  # no draw_at: never by the sweep
            assert services.plans_draw_due() == 0
            assert tasks.draw_due_plans() == 0
        with time_machine.travel(morning + timedelta(hours=2), tick=False):
            assert services.plans_draw_due() == 1
            committed_at = InspectionPlan.objects.get(pk=plan.pk).committed_at
            assert tasks.draw_due_plans.delay().get() == 0
            assert services.plans_draw_due() == 0
        self.assert_committed_once(plan, committed_at)
        # The lottery's day came before `later` was committed: it can no longer be, ever.
        with time_machine.travel(lottery.noon(later.beacon_date)):
            assert services.plans_draw_due() == 0
            later.refresh_from_db()
            assert later.status == "planned" and later.stranded
        assert InspectionPlan.objects.get(pk=on_demand.pk).status == "planned"
        assert not InspectionTarget.objects.filter(plan__in=[later, on_demand]).exists()


# ---------------------------------------------------------------- inspections and proposals


@pytest.fixture
def drawn(hq_user):
    """An HQ plan drawn on one case taken to 保护中 by the engine, with a team of two."""
    certified("hubei", tag="drawn")
    crew = inspectors(2, prefix="crew")
    plan = lottery.drawn(make_plan(hq_user, sample_size=1))
    target = InspectionTarget.objects.get(plan=plan)
    assert set(target.inspectors.all()) == set(crew)
    return target


class TestInspectionRecord:
    def test_only_a_drawn_inspector_on_or_after_the_date_and_once(self, drawn, inspector_user):
        first, second = drawn.inspectors.order_by("pk")
        day = drawn.plan.planned_date
        with pytest.raises(NotPermitted):
            services.inspection_record(
                target=drawn, actor=inspector_user, findings="无", outcome="no_issue"
            )
        with pytest.raises(Conflict):
            services.inspection_record(
                target=drawn, actor=first, findings="提前", outcome="no_issue"
            )
        with time_machine.travel(noon(day)):
            with pytest.raises(InvalidInput) as error:
                services.inspection_record(target=drawn, actor=first, findings=" ", outcome="x")
            assert set(error.value.field_errors) == {"findings", "outcome"}
            inspection = services.inspection_record(
                target=drawn, actor=first, findings="标志使用规范", outcome="no_issue"
            )
            with pytest.raises(Conflict):
                services.inspection_record(
                    target=drawn, actor=second, findings="重复录入", outcome="rectify"
                )
        assert Inspection.objects.get(target=drawn) == inspection
        assert inspection.recorded_by == first
        assert not Proposal.objects.exists()

    @pytest.mark.parametrize(
        ("outcome", "kind"),
        [("propose_suspension", "suspend"), ("propose_revocation", "revoke")],
    )
    def test_a_proposing_outcome_opens_a_proposal(self, drawn, outcome, kind):
        with time_machine.travel(noon(drawn.plan.planned_date + timedelta(days=1))):
            inspection = services.inspection_record(
                target=drawn,
                actor=drawn.inspectors.first(),
                findings="超范围使用标志",
                outcome=outcome,
            )
        proposal = Proposal.objects.get()
        assert (proposal.kind, proposal.status) == (kind, "open")
        assert proposal.inspection == inspection
        assert proposal.application == drawn.application
        assert proposal.reason == "超范围使用标志"


class TestProposalDecide:
    @pytest.fixture
    def proposal(self, drawn):
        def make(kind: str) -> Proposal:
            with time_machine.travel(noon(drawn.plan.planned_date)):
                services.inspection_record(
                    target=drawn,
                    actor=drawn.inspectors.first(),
                    findings="产品产地与申报不符",
                    outcome={"suspend": "propose_suspension", "revoke": "propose_revocation"}[kind],
                )
            return Proposal.objects.get()

        return make

    def test_suspension_fires_the_case_engine(self, proposal, hq_user):
        proposal = proposal("suspend")
        case = proposal.application
        deadline = today() + timedelta(days=30)
        before = CaseHistory.objects.filter(application=case).count()
        decided = services.proposal_decide(
            proposal=proposal, actor=hq_user, accept=True, note="限期整改", deadline=deadline
        )
        assert (decided.status, decided.decided_by) == ("accepted", hq_user)
        case.refresh_from_db()
        assert case.state == "suspended"
        assert case.rectification_deadline == deadline
        entry = CaseHistory.objects.filter(application=case).order_by("pk").last()
        assert CaseHistory.objects.filter(application=case).count() == before + 1
        assert (entry.transition, entry.actor, entry.to_state) == ("suspend", hq_user, "suspended")
        assert "产品产地与申报不符" in entry.reason
        assert Notice.objects.get(history=entry).kind == "suspension"
        with pytest.raises(Conflict):
            services.proposal_decide(proposal=proposal, actor=hq_user, accept=False)
        with pytest.raises(Conflict):
            services.proposal_decide(
                proposal=proposal, actor=hq_user, accept=True, deadline=deadline
            )
        assert Application.objects.get(pk=case.pk).state == "suspended"

    def test_revocation_fires_the_case_engine(self, proposal, hq_user):
        proposal = proposal("revoke")
        case = proposal.application
        services.proposal_decide(proposal=proposal, actor=hq_user, accept=True)
        case.refresh_from_db()
        assert case.state == "revoked"
        entry = CaseHistory.objects.filter(application=case).order_by("pk").last()
        assert (entry.transition, entry.actor) == ("revoke", hq_user)
        assert Notice.objects.get(history=entry).kind == "revocation"
        assert case.certificate.status == "revoked"
        with pytest.raises(Conflict):
            services.proposal_decide(proposal=proposal, actor=hq_user, accept=True)

    def test_a_suspension_needs_a_deadline_and_changes_nothing_without(self, proposal, hq_user):
        proposal = proposal("suspend")
        with pytest.raises(InvalidInput):
            services.proposal_decide(proposal=proposal, actor=hq_user, accept=True)
        assert Proposal.objects.get(pk=proposal.pk).status == "open"
        assert Application.objects.get(pk=proposal.application_id).state == "protected"

    def test_rejecting_leaves_the_case(self, proposal, hq_user):
        proposal = proposal("revoke")
        services.proposal_decide(proposal=proposal, actor=hq_user, accept=False, note="证据不足")
        assert Proposal.objects.get(pk=proposal.pk).status == "rejected"
        assert Application.objects.get(pk=proposal.application_id).state == "protected"

    @pytest.mark.parametrize(
        "persona", ["bureau_user", "lead_bureau_user", "inspector_user", "enterprise_user"]
    )
    def test_only_hq_decides(self, proposal, request, persona):
        proposal = proposal("revoke")
        with pytest.raises(NotPermitted):
            services.proposal_decide(
                proposal=proposal, actor=request.getfixturevalue(persona), accept=True
            )
        assert Proposal.objects.get(pk=proposal.pk).status == "open"
        assert Application.objects.get(pk=proposal.application_id).state == "protected"


# ---------------------------------------------------------------- complaints


@pytest.fixture
def certificate():
    case, _ = certified("hubei", tag="cert")
    return case.certificate


class TestComplaintSubmit:
    def test_routed_to_the_bureau_of_the_certificates_case(self, certificate):
        complaint = services.complaint_submit(
            content=LONG_ENOUGH,
            certificate_number=f"  {certificate.number.lower()} ",
            bureau=factories.bureau("beijing"),  # the certificate decides, not the form
        )
        assert complaint.application == certificate.application
        assert complaint.bureau.code == "hubei"
        assert complaint.certificate_number == certificate.number
        assert complaint.status == "received"
        assert complaint.due_date == add_working_days(
            today(), django_settings.COMPLAINT_WORKING_DAYS
        )

    def test_without_a_certificate_a_bureau_is_required(self):
        with pytest.raises(InvalidInput) as error:
            services.complaint_submit(content=LONG_ENOUGH, product_text="某某生态大米")
        assert set(error.value.field_errors) == {"bureau"}
        complaint = services.complaint_submit(
            content=LONG_ENOUGH, product_text="某某生态大米", bureau=factories.bureau("sichuan")
        )
        assert complaint.bureau.code == "sichuan" and complaint.application is None

    @pytest.mark.parametrize(
        ("fields", "errors"),
        [
            ({"content": "", "product_text": "大米", "bureau": "beijing"}, {"content"}),
            ({"content": "太短", "product_text": "大米", "bureau": "beijing"}, {"content"}),
            ({"content": LONG_ENOUGH, "certificate_number": "STYCD-1999-XX-00001"}, None),
            ({"content": LONG_ENOUGH}, {"product_text", "bureau"}),
            ({"content": " ", "certificate_number": "NOPE"}, {"content", "certificate_number"}),
        ],
    )
    def test_field_errors(self, fields, errors):
        if "bureau" in fields:
            fields = {**fields, "bureau": factories.bureau(fields["bureau"])}
        with pytest.raises(InvalidInput) as error:
            services.complaint_submit(**fields)
        assert set(error.value.field_errors) == (errors or {"certificate_number"})
        assert not Complaint.objects.exists()

    def test_tracking_codes_are_twelve_characters_and_unique(self):
        codes = [
            services.complaint_submit(
                content=LONG_ENOUGH, product_text="产品", bureau=factories.bureau("beijing")
            ).tracking_code
            for _ in range(40)
        ]
        assert len(set(codes)) == 40
        alphabet = set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")  # no look-alikes 0 O 1 I
        assert all(len(code) == 12 and set(code) <= alphabet for code in codes)


class TestPublicComplaintApi:
    @pytest.fixture(autouse=True)
    def _no_throttle_history(self):
        cache.clear()
        yield
        cache.clear()

    def test_submit_and_follow(self, api_client, certificate):
        response = api_client.post(
            COMPLAINTS_URL,
            {
                "certificate_number": certificate.number,
                "content": LONG_ENOUGH,
                "contact_name": "李四",
                "contact_email": "li@example.com",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        code = response.json()["tracking_code"]
        assert len(code) == 12
        complaint = Complaint.objects.get(tracking_code=code)
        assert complaint.bureau.code == "hubei"

        shown = api_client.get(f"{COMPLAINTS_URL}{code.lower()}/")
        assert shown.status_code == 200
        body = shown.json()
        assert body["tracking_code"] == code and body["status"] == "received"
        assert set(body) <= {
            "tracking_code", "status", "status_display", "outcome", "outcome_display",
            "received_at", "due_date", "closed_at",
        }  # fmt: skip
        text = shown.content.decode()
        for private in (LONG_ENOUGH, "李四", "li@example.com", certificate.number, "hubei"):
            assert private not in text
        assert api_client.get(f"{COMPLAINTS_URL}NOSUCHCODE00/").status_code == 404

    def test_without_certificate_by_bureau_code(self, api_client):
        response = api_client.post(
            COMPLAINTS_URL,
            {"product_text": "某生态茶", "bureau": "sichuan", "content": LONG_ENOUGH},
            format="json",
        )
        assert response.status_code == 201, response.content
        assert Complaint.objects.get().bureau.code == "sichuan"

    @pytest.mark.parametrize(
        ("body", "fields"),
        [
            ({}, {"content"}),
            ({"content": ""}, {"content"}),
            ({"content": None}, {"content"}),
            ({"content": "   "}, {"content"}),
            (
                {"content": LONG_ENOUGH, "product_text": "茶", "bureau": "beijing",
                 "contact_email": "not-an-email"},
                {"contact_email"},
            ),
            ({"content": LONG_ENOUGH, "product_text": "茶", "bureau": "atlantis"}, {"bureau"}),
            ({"content": LONG_ENOUGH, "certificate_number": "NO-SUCH-1"}, {"certificate_number"}),
            ({"content": LONG_ENOUGH}, {"product_text", "bureau"}),
            ({"content": "短"}, {"content"}),
            ({"content": LONG_ENOUGH, "certificate_number": "X" * 65}, {"certificate_number"}),
        ],
    )  # fmt: skip
    def test_field_errors(self, api_client, body, fields):
        response = api_client.post(COMPLAINTS_URL, body, format="json")
        assert response.status_code == 400, response.content
        errors = response.json()
        assert fields <= set(errors)
        assert all(errors[field] for field in fields)
        assert not Complaint.objects.exists()

    @pytest.mark.parametrize(
        ("data", "content_type"),
        [("not json", "application/json"), ("[1, 2]", "application/json"), ("", "text/plain")],
    )
    def test_malformed_bodies(self, api_client, data, content_type):
        response = api_client.generic("POST", COMPLAINTS_URL, data, content_type=content_type)
        assert response.status_code in (400, 415), response.content
        assert response.json()
        assert not Complaint.objects.exists()


class TestComplaintHandle:
    @pytest.fixture
    def complaint(self, certificate):
        return services.complaint_submit(content=LONG_ENOUGH, certificate_number=certificate.number)

    @pytest.mark.parametrize(
        "persona", ["lead_bureau_user", "hq_user", "inspector_user", "enterprise_user"]
    )
    def test_only_the_routed_bureau(self, complaint, request, persona):
        with pytest.raises(NotPermitted):
            services.complaint_handle(
                complaint=complaint,
                actor=request.getfixturevalue(persona),
                outcome="unfounded",
                resolution="核查",
            )
        assert Complaint.objects.get(pk=complaint.pk).status == "received"

    def test_closing_and_a_proposal(self, complaint, bureau_user):
        assert complaint.bureau == bureau_user.bureau
        with pytest.raises(InvalidInput) as error:
            services.complaint_handle(
                complaint=complaint, actor=bureau_user, outcome="proposal", resolution="属实"
            )
        assert "proposal_kind" in error.value.field_errors
        handled = services.complaint_handle(
            complaint=complaint,
            actor=bureau_user,
            outcome="proposal",
            resolution="经核查属实，建议暂停保护",
            proposal_kind="suspend",
        )
        assert (handled.status, handled.handled_by) == ("closed", bureau_user)
        proposal = Proposal.objects.get()
        assert (proposal.kind, proposal.status, proposal.complaint) == ("suspend", "open", handled)
        assert proposal.application == complaint.application
        with pytest.raises(Conflict):
            services.complaint_handle(
                complaint=complaint, actor=bureau_user, outcome="resolved", resolution="再次"
            )
        assert Proposal.objects.count() == 1

    def test_no_proposal_without_a_protected_product(self, bureau_user):
        complaint = services.complaint_submit(
            content=LONG_ENOUGH, product_text="无证产品", bureau=bureau_user.bureau
        )
        with pytest.raises(InvalidInput):
            services.complaint_handle(
                complaint=complaint,
                actor=bureau_user,
                outcome="proposal",
                resolution="建议",
                proposal_kind="revoke",
            )
        assert not Proposal.objects.exists()


# ---------------------------------------------------------------- sweeps


def test_overdue_complaints_and_items_are_escalated_once(hq_user, bureau_user):
    complaint = services.complaint_submit(
        content=LONG_ENOUGH, product_text="产品", bureau=bureau_user.bureau
    )
    closed = services.complaint_submit(
        content=LONG_ENOUGH, product_text="产品", bureau=bureau_user.bureau
    )
    services.complaint_handle(
        complaint=closed, actor=bureau_user, outcome="unfounded", resolution="不属实"
    )
    item = services.key_work_open(
        actor=hq_user,
        bureau=bureau_user.bureau,
        title="年度总结按时报送",
        department=factories.department("hubei"),
        responsible_person="赵处长",
        deadline=today() + timedelta(days=5),
    )
    assert services.overdue_escalate() == {"complaints": 0, "items": 0}
    with time_machine.travel(noon(complaint.due_date)):
        assert services.overdue_escalate() == {"complaints": 0, "items": 1}
    with time_machine.travel(noon(complaint.due_date + timedelta(days=1))):
        assert services.overdue_escalate() == {"complaints": 1, "items": 0}
        assert services.overdue_escalate() == {"complaints": 0, "items": 0}
        assert tasks.sweep_supervision() == {"published": 0, "complaints": 0, "items": 0}
    assert Complaint.objects.get(pk=complaint.pk).escalated_at is not None
    assert Complaint.objects.get(pk=closed.pk).escalated_at is None
    assert KeyWorkItem.objects.get(pk=item.pk).escalated_at is not None


class TestRevealAndPublish:
    @pytest.fixture
    def plan(self, hq_user):
        protected("hubei")
        inspectors(2)
        return lottery.drawn(make_plan(hq_user, sample_size=1))

    def test_reveal_only_after_the_inspection_date(self, plan, hq_user, bureau_user):
        undrawn = make_plan(hq_user)
        with time_machine.travel(noon(plan.planned_date)), pytest.raises(Conflict):
            services.plan_reveal(plan=plan, actor=hq_user)
        with time_machine.travel(noon(plan.planned_date + timedelta(days=1))):
            with pytest.raises(NotPermitted):
                services.plan_reveal(plan=plan, actor=bureau_user)
            with pytest.raises(Conflict):
                services.plan_reveal(plan=undrawn, actor=hq_user)
            revealed = services.plan_reveal(plan=plan, actor=hq_user)
            assert revealed.status == "revealed" and revealed.revealed_at is not None
            with pytest.raises(Conflict):
                services.plan_reveal(plan=plan, actor=hq_user)
        verified = services.plan_verify(plan=revealed)
        assert verified["seed_matches_commitment"] and verified["result_matches"]

    def test_the_snapshot_is_stored_as_columns(self, plan, hq_user):
        """Format 2 stores the candidate lists as columns (docs/performance.md); a changed list
        fails the verification. (The plans stored before, format 1: test_draw_beacon.)"""
        stored = InspectionPlan.objects.get(pk=plan.pk).snapshot
        assert stored["format"] == 2 and set(stored["targets"]) == {"case", "bureau"}
        lists = draw.unpack_snapshot(stored)
        assert draw.pack_snapshot(lists) == stored
        # The sealed lists are not written again by the draw: the recusals are beside them.
        assert stored["recused"] == {}
        drawn = plan.result["targets"][0]["case"]
        lists = draw.unpack_snapshot(draws.drawn_snapshot(InspectionPlan.objects.get(pk=plan.pk)))
        assert [t["case"] for t in lists["targets"] if "recused" in t] == [drawn]
        with time_machine.travel(noon(plan.planned_date + timedelta(days=1))):
            revealed = services.plan_reveal(plan=plan, actor=hq_user)
        assert services.plan_verify(plan=revealed)["result_matches"]
        wrong = draw.unpack_snapshot(stored)
        wrong["inspectors"] = wrong["inspectors"][:1]
        InspectionPlan.objects.filter(pk=plan.pk).update(snapshot=draw.pack_snapshot(wrong))
        assert not services.plan_verify(plan=InspectionPlan.objects.get(pk=plan.pk))[
            "result_matches"
        ]

    def test_published_once_after_the_working_days(self, settings, plan, hq_user):
        settings.SUPERVISION_PUBLISH_WORKING_DAYS = 3
        undrawn = make_plan(hq_user)
        due = add_working_days(plan.planned_date, 3)
        with time_machine.travel(noon(plan.planned_date)):
            assert services.plans_publish_due() == 0
            with pytest.raises(Conflict):
                services.plan_publish(plan=plan, actor=hq_user)
        with time_machine.travel(noon(due - timedelta(days=1))):
            assert services.plans_publish_due() == 0
        with time_machine.travel(noon(due)):
            assert services.plans_publish_due() == 1
            published_at = InspectionPlan.objects.get(pk=plan.pk).published_at
            assert published_at is not None
            assert services.plans_publish_due() == 0
            assert tasks.sweep_supervision()["published"] == 0
        with time_machine.travel(noon(due + timedelta(days=10))):
            assert services.plans_publish_due() == 0
        assert InspectionPlan.objects.get(pk=plan.pk).published_at == published_at
        assert InspectionPlan.objects.get(pk=undrawn.pk).published_at is None


# ---------------------------------------------------------------- review fixes


def test_a_bureau_plan_naming_zones_is_refused_on_the_zones_field(bureau_user):
    with pytest.raises(InvalidInput) as refused:
        make_plan(bureau_user, zones=[Zone.objects.get(code="east")])
    assert "zones" in refused.value.field_errors


def test_a_scheduled_draw_after_the_inspection_date_is_refused(hq_user):
    with pytest.raises(InvalidInput) as refused:
        make_plan(hq_user, draw_at=noon(today() + timedelta(days=10)))
    assert "draw_at" in refused.value.field_errors


def test_an_item_closed_in_time_is_not_escalated(bureau_user):
    item = services.key_work_open(
        actor=bureau_user,
        title="投诉举报限期办结",
        department=factories.department("hubei"),
        responsible_person="钱处长",
        deadline=today() + timedelta(days=2),
    )
    services.key_work_progress_report(item=item, actor=bureau_user, text="已全部办结")
    services.key_work_close(item=item, actor=bureau_user, note="按期完成")
    with time_machine.travel(noon(today() + timedelta(days=5))):
        assert services.overdue_escalate()["items"] == 0


def test_after_the_inspection_date_a_bureau_sees_the_hq_plan_for_its_own_products(hq_user):
    from supervision.selectors import draw_targets_for, plans_visible_to

    hubei_case = protected("hubei")
    protected("sichuan")
    inspectors(4)
    plan = lottery.drawn(make_plan(hq_user, sample_size=2))
    clerk = factories.bureau_staff("hubei", username="fix-hubei")
    assert not plans_visible_to(user=clerk).exists()
    with time_machine.travel(noon(plan.planned_date + timedelta(days=1))):
        assert list(plans_visible_to(user=clerk)) == [plan]
        visible = draw_targets_for(user=clerk, plan=plan)
        assert [t.application_id for t in visible] == [hubei_case.pk]

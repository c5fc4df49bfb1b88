"""`manage.py seed_demo`: the demo accounts of SPEC §9, idempotent, never by accident in production."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone
from stdnum.cn import uscc

from accounts.models import AuditEntry, User
from applications.models import Agency, Enterprise
from demonstration.models import DemonstrationZone, ZoneHistory
from liaison.models import Assignment, Report
from regions.models import Bureau, Organisation, Zone

pytestmark = pytest.mark.django_db

INSPECTORS = [f"inspector-{n}" for n in range(1, 11)]
GOVERNMENTS = ["beijing", "jiangsu", "zhejiang", "jiangxi", "guangxi"]
HQ_DEPARTMENTS = [
    "tongguan", "renjianwei", "weisheng", "dongzhi", "jianyan", "shipin", "biaozhunwei",
]  # fmt: skip
QUALITY_AUTHORITIES = {
    "zj-beijing": ("北京市质量技术监督局", "beijing"),
    "zj-tianjin": ("天津市市场和质量监督管理委员会", "tianjin"),
    "zj-hebei": ("河北省质量技术监督局", "hebei"),
}


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True  # pytest-django runs tests with DEBUG off
    return settings


@pytest.fixture
def seeded(debug_on):
    call_command("seed_demo", stdout=StringIO())
    return debug_on


def sign_in(username, password):
    """authenticate() as the login page calls it: django-axes needs the request."""
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request=request, username=username, password=password)


def counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Enterprise.objects.count(),
        Agency.objects.count(),
        Organisation.objects.count(),
        AuditEntry.objects.count(),
        DemonstrationZone.objects.count(),
        ZoneHistory.objects.count(),
    )


def test_demonstration_zones_stand_in_several_states(seeded):
    """Walked through the case engine by the demo accounts: history, assessment and title."""
    states = dict(DemonstrationZone.objects.values_list("applicant__code", "state"))
    assert states == {
        "gov-beijing": "designated",
        "gov-jiangsu": "recommended",
        "gov-zhejiang": "draft",
        "gov-jiangxi": "assessing",
        "gov-guangxi": "returned",
    }
    designated = DemonstrationZone.objects.get(state="designated")
    assert designated.number.startswith("QSZ-N-")
    assert designated.assessment.passed
    assert designated.history.filter(actor__username="hq", transition="designate").exists()
    provincial = DemonstrationZone.objects.get(applicant__code="gov-jiangxi")
    assert provincial.standard.bureau.code == "jiangxi"


def test_the_designated_zone_has_enterprises_and_a_quality_archive(seeded):
    """入区企业 in several states, one 示范企业 granted by HQ, and archive events, all walked
    through the engine; seeding again adds nothing."""
    from demonstration.models import ArchiveEvent, ZoneEnterprise

    zone = DemonstrationZone.objects.get(state="designated")
    states = sorted(zone.enterprises.values_list("state", flat=True))
    assert states == ["granted", "nominated", "proposed"]
    granted = zone.enterprises.get(state="granted")
    assert granted.number == f"QSE-{zone.number}-001"
    assert granted.history.filter(actor__username="hq", transition="grant").exists()
    assert ArchiveEvent.objects.filter(enterprise__zone=zone).count() == 2
    call_command("seed_demo", stdout=StringIO())
    assert ZoneEnterprise.objects.count() == 3 and ArchiveEvent.objects.count() == 2


def test_the_designated_zone_has_its_submitted_year_report(seeded):
    """年度建设情况报告 of the year (the zone was designated on the day the demo was seeded),
    written and submitted by 北京局 through the services; seeding again adds nothing."""
    from demonstration.models import ZoneYearReport

    report = ZoneYearReport.objects.get()
    assert report.zone == DemonstrationZone.objects.get(state="designated")
    assert (report.status, report.submitted_by.username) == ("submitted", "bureau-beijing")
    # Counted from the records: the 示范企业 and the two archive events of the year.
    assert (report.titled_enterprises, report.quality_events) == (1, 2)
    call_command("seed_demo", stdout=StringIO())
    assert ZoneYearReport.objects.count() == 1


def test_hq_has_committed_a_zone_plan_whose_team_finds_its_task_once_drawn(seeded):
    """HQ's double-random check of the designated zone, by protocol 2: its lists committed
    before the 双色球 draw it declared. On that day HQ enters the numbers and a team of two from
    other bureaus' staff is drawn, none of whom handled the zone. Seeding again adds nothing."""
    import time_machine

    from demonstration import services
    from demonstration.models import ZoneHistory, ZoneInspectionPlan
    from demonstration.selectors import my_zone_inspection_targets
    from tests import lottery

    plan = ZoneInspectionPlan.objects.get()
    assert (plan.owner_bureau, plan.status, plan.protocol) == (None, "committed", 2)
    assert plan.beacon_source == "ssq" and plan.beacon_date < plan.planned_date
    assert not plan.targets.exists()
    call_command("seed_demo", stdout=StringIO())
    assert ZoneInspectionPlan.objects.count() == 1
    hq = User.objects.get(username="hq")
    with time_machine.travel(lottery.noon(plan.beacon_date)):
        plan = services.zone_plan_beacon_enter(plan=plan, actor=hq, value=lottery.NUMBERS["ssq"])
    assert (plan.status, plan.shortfalls) == ("drawn", [])
    target = plan.targets.get()
    zone = DemonstrationZone.objects.get(state="designated")
    team = list(target.inspectors.all())
    assert target.zone == zone and len(team) == 2
    assert all(person.bureau_id not in (None, zone.bureau_id) for person in team)
    handled = set(ZoneHistory.objects.filter(zone=zone).values_list("actor_id", flat=True))
    assert not handled & {person.pk for person in team}
    assert list(my_zone_inspection_targets(user=team[0])) == [target]


def test_creates_hq_as_staff(seeded):
    hq = User.objects.get(username="hq")
    assert hq.role == "hq"
    assert hq.is_staff
    assert hq.roles == ["hq"]


def test_creates_one_bureau_user_per_bureau(seeded):
    for bureau in Bureau.objects.all():
        user = User.objects.get(username=f"bureau-{bureau.code}")
        assert (user.role, user.bureau_id) == ("bureau", bureau.pk)
    assert User.objects.filter(role="bureau").count() == 35


@pytest.mark.parametrize(
    ("username", "bureau_code"), [("ent-beijing", "beijing"), ("ent-chongqing", "chongqing")]
)
def test_creates_enterprise_users_under_their_bureau(seeded, username, bureau_code):
    user = User.objects.select_related("enterprise__bureau").get(username=username)
    assert user.role == "enterprise"
    assert user.enterprise.bureau.code == bureau_code
    assert uscc.is_valid(user.enterprise.uscc)


def test_the_two_enterprise_users_work_for_different_enterprises(seeded):
    ids = User.objects.filter(username__in=["ent-beijing", "ent-chongqing"]).values_list(
        "enterprise_id", flat=True
    )
    assert len(set(ids)) == 2


def test_creates_two_agency_users_of_two_agencies(seeded):
    users = User.objects.filter(username__in=["agency-1", "agency-2"])
    assert {u.role for u in users} == {"agency"}
    assert len({u.agency_id for u in users}) == 2


def test_creates_ten_inspectors_over_at_least_four_bureaus(seeded):
    inspectors = User.objects.filter(username__in=INSPECTORS)
    assert inspectors.count() == 10
    assert {u.role for u in inspectors} == {"inspector"}
    assert len({u.bureau_id for u in inspectors}) >= 4
    # The 京津冀 joint check's teams mix the three places' bureaus (ADR 0037).
    assert {"beijing", "tianjin", "hebei"} <= {u.bureau.code for u in inspectors}


@pytest.mark.parametrize("code", GOVERNMENTS)
def test_creates_a_provincial_government_user_per_named_bureau(seeded, code):
    user = User.objects.select_related("organisation__bureau").get(username=f"gov-{code}")
    assert user.role == "government"
    assert user.organisation.kind == "local_government"
    assert user.organisation.level == "province"
    assert user.organisation.bureau.code == code
    assert user.organisation.name.endswith("人民政府")


def test_creates_a_city_government_under_its_province(seeded):
    city = Organisation.objects.get(code="gov-suzhou")
    assert (city.kind, city.level) == ("local_government", "city")
    assert city.parent.level == "province"
    assert city.parent.bureau_id == city.bureau_id
    assert city.staff.get().role == "government"


@pytest.mark.parametrize("code", HQ_DEPARTMENTS)
def test_creates_a_user_per_hq_department(seeded, code):
    user = User.objects.select_related("organisation").get(username=f"hq-{code}")
    assert (user.role, user.organisation.code) == ("hq_department", code)
    assert user.organisation.bureau is None
    assert not user.is_staff


@pytest.mark.parametrize("username", list(QUALITY_AUTHORITIES))
def test_creates_the_jingjinji_quality_authorities(seeded, username):
    user = User.objects.select_related("organisation__bureau").get(username=username)
    name, bureau_code = QUALITY_AUTHORITIES[username]
    assert user.role == "quality_authority"
    assert (user.organisation.name, user.organisation.bureau.code) == (name, bureau_code)


@pytest.mark.parametrize(
    ("kind", "role"), [("association", "association"), ("zone_operator", "operator")]
)
def test_creates_an_association_and_a_zone_operator_with_a_user_each(seeded, kind, role):
    organisation = Organisation.objects.get(kind=kind)
    assert uscc.is_valid(organisation.credit_code)
    assert [user.role for user in organisation.staff.all()] == [role]


def test_every_organisation_account_opens_its_start_page(seeded, client):
    for user in User.objects.filter(organisation__isnull=False).select_related("organisation"):
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 200, user.username
        assert user.organisation.name in response.content.decode(), user.username


def test_every_demo_account_signs_in_with_the_demo_password(seeded):
    usernames = list(User.objects.values_list("username", flat=True))
    # … 2 experts, office-beijing and review-beijing (ADR 0022), and the five city governments
    # of the pilot zones (gov-nanchang … gov-kunming, ADR 0025)
    assert len(usernames) == 1 + 35 + 2 + 2 + 10 + 6 + 7 + 3 + 2 + 2 + 2 + 5
    for username in usernames:
        assert sign_in(username, seeded.DEMO_PASSWORD) is not None, username


def test_bureaus_flag_their_key_work_and_interview_their_departments(seeded):
    """Seed 000 §18 (ADR 0017): 北京局 and 重庆局 flag key work of their own and report it, 重庆局
    has interviewed its lagging department and reported it, HQ has put an item on 北京局; the
    departments they name are the bureaus' own, again after a second run."""
    from regions.models import BureauDepartment
    from supervision.models import Interview, KeyWorkItem

    call_command("seed_demo", stdout=StringIO())
    items = {
        (i.bureau.code, i.origin, i.reported_at is not None) for i in KeyWorkItem.objects.all()
    }
    assert items == {
        ("beijing", "bureau", True),
        ("chongqing", "bureau", True),
        ("beijing", "hq", False),
    }
    assert all(i.department.bureau_id == i.bureau_id for i in KeyWorkItem.objects.all())
    interview = Interview.objects.get()
    assert interview.bureau.code == "chongqing" and interview.reported_at is not None
    assert BureauDepartment.objects.filter(bureau__code="hubei").count() == 2


def test_a_wrong_password_does_not_sign_in(seeded):
    assert sign_in("hq", seeded.DEMO_PASSWORD + "x") is None


def test_demo_password_comes_from_the_setting(debug_on):
    debug_on.DEMO_PASSWORD = "another-demo-pass"
    call_command("seed_demo", stdout=StringIO())
    assert sign_in("bureau-hubei", "another-demo-pass") is not None


def test_a_new_demo_password_replaces_the_old_one_on_the_next_run(seeded):
    old = seeded.DEMO_PASSWORD
    seeded.DEMO_PASSWORD = "changed-demo-pass"
    call_command("seed_demo", stdout=StringIO())
    assert sign_in("inspector-3", "changed-demo-pass") is not None
    assert sign_in("inspector-3", old) is None


def test_running_twice_creates_nothing_twice(seeded):
    before = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == before


def test_running_twice_keeps_the_demo_password(seeded):
    call_command("seed_demo", stdout=StringIO())
    assert sign_in("ent-chongqing", seeded.DEMO_PASSWORD) is not None


def test_zone_lead_bureau_users_have_the_zone_lead_role(seeded):
    leads = ["bureau-chongqing", "bureau-jilin", "bureau-heilongjiang", "bureau-jiangsu"]
    for username in leads:
        assert "zone_lead" in User.objects.get(username=username).roles, username


def test_exactly_the_nine_lead_bureaus_users_are_zone_leads(seeded):
    zone_leads = {u.username for u in User.objects.filter(role="bureau") if u.is_zone_lead}
    assert zone_leads == {
        f"bureau-{code}"
        for code in (
            "chongqing",
            "henan",
            "jilin",
            "heilongjiang",
            "fujian",
            "jiangsu",
            "zhejiang",
            "beijing",
            "tianjin",
        )
    }


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force", stdout=StringIO())
    assert User.objects.filter(username="hq").exists()
    assert User.objects.filter(role="bureau").count() == 35


def test_hq_can_open_the_zone_admin(seeded, client):
    client.force_login(User.objects.get(username="hq"))
    response = client.get("/admin/regions/zone/")
    assert response.status_code == 200
    assert "东北片区" in response.content.decode()


def test_hq_can_open_a_zone_change_form(seeded, client):
    client.force_login(User.objects.get(username="hq"))
    zone = Zone.objects.get(code="northeast")
    assert client.get(f"/admin/regions/zone/{zone.pk}/change/").status_code == 200


def test_bureau_demo_user_cannot_open_the_admin(seeded, client):
    client.force_login(User.objects.get(username="bureau-chongqing"))
    response = client.get("/admin/regions/zone/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_expert_committee_and_the_evaluation_feedback_are_seeded(seeded):
    """Seed 000 §12: bureaus' recommendations, admitted, declined and pending, one admitted
    expert in the inspector pool; §8: the bureau's assistance (naming the committee's expert of
    the category) and feedback on the case being evaluated. Seeding again adds nothing."""
    from applications.models import Application, EvaluationFeedback
    from experts.models import Expert

    statuses = dict(Expert.objects.values_list("name", "status"))
    assert statuses == {
        "张建国": "admitted",
        "陈雨茗": "admitted",
        "周海涛": "recommended",
        "吴晓": "declined",
    }
    pooled = Expert.objects.get(name="张建国")
    assert pooled.pool_member.user.username == "expert-1"
    assert sign_in("expert-1", seeded.DEMO_PASSWORD) is not None
    evaluating = Application.objects.get(product_name="京西小米", state="evaluating")
    records = EvaluationFeedback.objects.filter(application=evaluating).order_by("pk")
    assert [r.kind for r in records] == ["assistance", "feedback"]
    assert list(records[0].experts.all()) == [pooled]
    call_command("seed_demo", stdout=StringIO())
    assert (Expert.objects.count(), EvaluationFeedback.objects.count()) == (4, 2)


def test_hq_tasks_and_reports_stand_in_several_states(seeded):
    """Seed 000 §二.2 (HQ's tasks to zones and bureaus) and §3, §5, §9, §16 (reports to 通关司)."""
    assert set(Assignment.objects.values_list("status", flat=True)) == {
        "open",
        "reported",
        "completed",
    }
    assert Assignment.objects.filter(task__due_date__lt=timezone.localdate()).exists()
    assert set(Report.objects.values_list("kind", flat=True)) == set(Report.Kind.values)
    assert Report.objects.filter(status="draft").exists()
    assert Report.objects.filter(status="submitted", read_at__isnull=True).exists()
    assert Report.objects.filter(replies__isnull=False).exists()
    call_command("seed_demo", stdout=StringIO())
    assert Report.objects.count() == 4 and Assignment.objects.count() == 6


def test_a_zone_plan_awaits_one_members_consent(seeded):
    """片区计划 (ADR 0020): 重庆局's plan for 西南片区 waits for 西藏局 only, again after a
    second run."""
    from supervision import services
    from supervision.models import InspectionPlan

    call_command("seed_demo", stdout=StringIO())
    plan = InspectionPlan.objects.get(organising_zone__code="southwest")
    assert plan.owner_bureau.code == "chongqing" and plan.status == "planned"
    assert [b.code for b in services.consents_missing(plan)] == ["xizang"]


def test_beijing_has_an_office_a_review_body_and_an_application_awaiting_review(seeded, client):
    """分支机构 and 初审 (seed 000 §6, §20; ADR 0022)."""
    from applications.models import InitialReview, InitialReviewSetting

    office = User.objects.get(username="office-beijing")
    reviewer = User.objects.get(username="review-beijing")
    assert (office.role, office.bureau.code, office.local_office.bureau.code) == (
        "office",
        "beijing",
        "beijing",
    )
    assert reviewer.role == "review_body" and reviewer.review_body.bureau.code == "beijing"
    setting = InitialReviewSetting.objects.get(bureau__code="beijing")
    assert setting.body == reviewer.review_body
    pending = InitialReview.objects.get(body=reviewer.review_body, opinion="")
    assert pending.application.state == "submitted"
    for user in (office, reviewer):
        client.force_login(user)
        assert client.get("/").status_code == 200, user.username


def test_the_joint_check_is_committed_with_mixed_teams(seeded):
    from supervision.demo import JOINT_CHECK
    from supervision.models import InspectionPlan

    plan = InspectionPlan.objects.get(name=JOINT_CHECK)
    assert plan.organising_zone.code == "jingjinji" and plan.mixed_teams
    assert plan.status == InspectionPlan.Status.COMMITTED
    pool = plan.snapshot["inspectors"]["bureau"]
    assert len(set(pool)) == 3

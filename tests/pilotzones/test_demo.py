"""seed_demo's 国检试验区: zones in several states walked through the engine, the operating zone's
measures, commendation and practices; idempotent; the demo accounts sign in; the admin shows
it all read only."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from accounts.models import User
from pilotzones.models import (
    AcceptanceOpinion,
    Commendation,
    InnovationMeasure,
    MeasureAssessment,
    MeasureHistory,
    PilotZone,
    PilotZoneDocument,
    PilotZoneNotice,
    PracticeAdoption,
    PracticeHistory,
    ReplicablePractice,
    SupervisionVisit,
    ZoneHistory,
)
from regions.models import Organisation

pytestmark = pytest.mark.django_db

ACCOUNTS = ["gov-nanchang", "gov-pingxiang", "gov-ningbo", "gov-guiyang", "gov-kunming"]


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True  # seed_demo refuses to run with DEBUG off
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    models = [
        User, Organisation, PilotZone, ZoneHistory, AcceptanceOpinion, PilotZoneDocument,
        PilotZoneNotice, InnovationMeasure, MeasureHistory, MeasureAssessment, Commendation,
        ReplicablePractice, PracticeHistory, PracticeAdoption, SupervisionVisit,
    ]  # fmt: skip
    return tuple(model.objects.count() for model in models)


def test_pilot_zones_stand_in_every_state(seeded):
    states = dict(PilotZone.objects.values_list("name", "state"))
    assert states == {
        "凭祥国检试验区": "operating",
        "南昌国检试验区": "approved",
        "宁波国检试验区": "acceptance",
        "贵阳国检试验区": "recommended",
        "昆明国检试验区": "not_approved",
        "宁波梅山国检试验区": "submitted",
        "昆明磨憨国检试验区": "returned",
        "南昌向塘国检试验区": "draft",
    }
    assert "8 new pilot zones" in seeded
    # Each applied for by its city's government, in the bureau of its jurisdiction.
    bureaus = dict(PilotZone.objects.values_list("applicant__code", "bureau__code").distinct())
    assert bureaus == {
        "gov-nanchang": "jiangxi",
        "gov-pingxiang": "guangxi",
        "gov-ningbo": "ningbo",
        "gov-guiyang": "guizhou",
        "gov-kunming": "yunnan",
    }
    # Every application that went further carries its construction plan, a well-formed PDF.
    submitted = PilotZone.objects.exclude(state="draft")
    assert not submitted.exclude(documents__kind="construction_plan").exists()
    plan = PilotZoneDocument.objects.filter(kind="construction_plan").first()
    with plan.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    offset = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[offset:].startswith(b"xref")


def test_the_working_group_and_the_leads_answers(seeded):
    """In acceptance: some opinions in, one an objection; decided zones: every member answered,
    each objection answered by 通关司 in the decision."""
    ningbo = PilotZone.objects.get(name="宁波国检试验区")
    opinions = {o.department.code: o.verdict for o in ningbo.acceptance_opinions.all()}
    assert opinions == {
        "renjianwei": "agree",
        "weisheng": "object",
        "dongzhi": "",
        "jianyan": "",
        "shipin": "",
    }
    for name, objector in [("凭祥国检试验区", "weisheng"), ("昆明国检试验区", "dongzhi")]:
        zone = PilotZone.objects.get(name=name)
        assert not zone.acceptance_opinions.filter(verdict="").exists()
        objection = zone.acceptance_opinions.get(verdict="object")
        assert objection.department.code == objector and objection.response
    pingxiang = PilotZone.objects.get(name="凭祥国检试验区")
    assert pingxiang.number.startswith("GJSYQ-")
    assert pingxiang.operator.code == "operator-guangxi"
    assert pingxiang.history.filter(actor__username="hq-tongguan", transition="approve").exists()
    assert list(pingxiang.history.values_list("transition", flat=True)) == [
        "submit",
        "recommend",
        "open_acceptance",
        "approve",
        "start_operation",
    ]


def test_the_operating_zone_has_measures_a_commendation_and_practices(seeded):
    zone = PilotZone.objects.get(state="operating")
    measures = {(m.beyond_rules, m.state) for m in zone.measures.all()}
    assert measures == {(False, "running"), (True, "pending_approval"), (True, "running")}
    approved = zone.measures.get(beyond_rules=True, state="running")
    assert approved.history.filter(transition="approve", actor__username="hq-tongguan").exists()
    assert set(MeasureAssessment.objects.values_list("effect", flat=True)) == {"marked"}
    commendation = Commendation.objects.get()
    assert commendation.zone == zone and commendation.measures.count() == 2
    practices = dict(zone.practices.values_list("state", "title"))
    assert set(practices) == {"draft", "submitted", "accepted"}
    library = zone.practices.get(state="accepted")
    assert library.number.startswith("GJSYQ-JY-")
    adoption = PracticeAdoption.objects.get()
    assert adoption.practice == library and adoption.bureau.code == "yunnan"
    visit = SupervisionVisit.objects.get()
    assert visit.zone == zone and visit.recorded_by.username == "bureau-guangxi"
    assert visit.requirements  # a problem found, what the operator must put right


def test_seeding_twice_adds_nothing(seeded, settings):
    before = counts()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert counts() == before
    assert "0 new pilot zones" in out.getvalue()


@pytest.mark.parametrize("username", [*ACCOUNTS, "hq-tongguan", "hq-weisheng", "operator-guangxi"])
def test_the_demo_accounts_sign_in(seeded, settings, username):
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request=request, username=username, password=settings.DEMO_PASSWORD)
    assert user is not None and user.username == username


def test_the_city_governments_stand_under_their_bureaus(seeded):
    for username in ACCOUNTS:
        user = User.objects.select_related("organisation").get(username=username)
        assert user.role == "government"
        assert user.organisation.kind == "local_government"
        assert user.organisation.name.endswith("市人民政府")


def test_hq_reads_the_pilot_zones_in_the_admin_and_changes_nothing(seeded, client):
    """HQ (staff, view permissions) finds every record; nothing is added, changed or deleted
    there: the state is the engine's, the records beside it are append-only."""
    from django.contrib import admin

    from pilotzones import admin as pilot_admin  # noqa: F401 - registers the models

    hq = User.objects.get(username="hq")
    client.force_login(hq)
    zone = PilotZone.objects.get(state="operating")
    for model in [PilotZone, ZoneHistory, AcceptanceOpinion, InnovationMeasure, Commendation,
                  ReplicablePractice, PracticeAdoption, MeasureAssessment, PilotZoneNotice,
                  SupervisionVisit]:  # fmt: skip
        meta = model._meta
        page = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert page.status_code == 200, meta.label
        assert client.get(f"/admin/{meta.app_label}/{meta.model_name}/add/").status_code == 403
        model_admin = admin.site._registry[model]
        request = RequestFactory().get("/")
        request.user = hq
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    page = client.get(f"/admin/pilotzones/pilotzone/{zone.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert zone.name in text and 'name="state"' not in text
    response = client.post(
        f"/admin/pilotzones/pilotzone/{zone.pk}/change/", {"state": "draft", "name": "x"}
    )
    assert response.status_code == 403
    zone.refresh_from_db()
    assert zone.state == "operating"
    superuser = User.objects.create_superuser("pilot-admin", password="x-Pass-2026!")
    client.force_login(superuser)
    text = client.get(f"/admin/pilotzones/pilotzone/{zone.pk}/change/").content.decode()
    assert 'name="state"' not in text and 'name="name"' not in text


def test_the_demo_accounts_open_their_pilot_zones_and_the_public_sees_the_approved(seeded, client):
    """Each account finds on its pages the zones its role may see; the public register lists the
    approved and operating zones, the library the accepted practice."""
    from pilotzones import selectors

    for username in [*ACCOUNTS, "bureau-guangxi", "hq-tongguan", "hq-weisheng", "hq",
                     "operator-guangxi"]:  # fmt: skip
        user = User.objects.get(username=username)
        client.force_login(user)
        zones = list(selectors.zones_visible_to(user=user))
        assert zones, username
        assert client.get("/pilotzones/").status_code == 200, username
        for zone in zones:
            page = client.get(f"/pilotzones/{zone.pk}/")
            assert page.status_code == 200, (username, zone.name)
            assert zone.name in page.content.decode()
    client.logout()
    register = client.get("/public/pilot-zones/").content.decode()
    for zone in PilotZone.objects.all():
        assert (zone.name in register) == (zone.state in ("approved", "operating")), zone.name
    library = client.get("/public/pilot-zones/practices/").content.decode()
    assert ReplicablePractice.objects.get(state="accepted").title in library
    assert ReplicablePractice.objects.get(state="submitted").title not in library

"""Schemathesis against /api/schema/: every operation, as each role and anonymously, all checks.

The schema is read from the portal itself (in-process WSGI, no server). The data set is the demo
data (`seed_demo`) plus a drawn and revealed inspection plan, a complaint and a case document, so
that ids in paths reach real objects: positive cases take a real id (or code, number) about as
often as a generated one. Each test (one operation, one role) runs in the test transaction, so
what the fuzzer writes is rolled back.

FUZZ_EXAMPLES sets the examples per operation (CI: a few; `make fuzz`: 100).
"""

import os
import zlib
from datetime import timedelta
from io import StringIO

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.test import TestCase, override_settings
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from accounts.models import Role, User
from applications import documents
from applications import workflow as wf
from applications.models import (
    Agency,
    Application,
    Certificate,
    InitialReview,
    InitialReviewSetting,
    ProductCategory,
)
from ecoorigin.celery import app as celery_app
from experts.models import Expert
from liaison.models import Assignment, Report, Task, TaskDocument
from regions.models import AnnualSummary, Bureau, LocalOffice, Organisation, ReviewBody, Zone
from supervision import services as supervision
from supervision.models import Complaint, InspectionPlan
from tests import lottery

from .conftest import REQUESTS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
# The suite's run sends the same examples every time (a failure is a finding to fix, never a
# coin toss in CI); `make fuzz` explores afresh (FUZZ_EXPLORE=1).
DERANDOMIZE = os.environ.get("FUZZ_EXPLORE") != "1"

# Who calls: one account per role (the demo accounts; the expert is added), and nobody.
CALLERS = {
    "anonymous": None,
    "enterprise": "ent-beijing",
    "bureau": "bureau-beijing",
    "hq": "hq",
    "agency": "agency-1",
    "inspector": "inspector-1",
    "expert": "expert-fuzz",
    "government": "gov-beijing",  # one of the roles of an organisation's staff (SPEC §8)
}

# No NUL characters in generated strings: the portal refuses every request carrying one before
# any view reads it (ecoorigin.middleware, tests/api/test_schema.py), so they would only test that.
CONFIG = SchemathesisConfig.from_dict({"generation": {"allow-x00": False}})
schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler(), config=CONFIG)

# Path template → the real path values of the data set (filled in by `data_set`).
KNOWN: dict[str, list[dict]] = {}
# The token of the role under test (None: anonymous), set by `fuzz_env`.
CALLER: dict[str, str | None] = {"token": None}


@schema.auth(refresh_interval=None)
class RoleToken:
    """The caller's token as configured auth: schemathesis then knows it is a valid credential
    (and checks that the API refuses the request without it)."""

    def get(self, case, context):
        return CALLER["token"]

    def set(self, case, token, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {token}"}


@schema.hook
def map_case(context, case):
    """Half the positive cases of an operation with path parameters address a real object."""
    choices = KNOWN.get(case.operation.path)
    if not choices or not case.path_parameters:
        return case
    meta = case.meta
    if meta is not None and not meta.generation.mode.is_positive:
        # A negative case keeps its path unless the path part was generated as valid (the
        # body or the query is what it breaks): a broken path value must stay broken.
        path = meta.components.get(ParameterLocation.PATH)
        if path is None or path.mode is not GenerationMode.POSITIVE:
            return case
    # Derived from the generated values, so Hypothesis replays and shrinks it deterministically.
    pick = zlib.crc32(repr(sorted(case.path_parameters.items())).encode()) % (2 * len(choices))
    if pick < len(choices):
        # As text, like the generated values: schemathesis revalidates the edited path.
        real = {name: str(value) for name, value in choices[pick].items()}
        case.path_parameters = {**case.path_parameters, **real}
    return case


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _populate() -> dict[str, str]:
    """The demo data and what it lacks for the API; returns role → token key."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        call_command("seed_demo", force=True, stdout=StringIO())
    User.objects.create(
        username="expert-fuzz", role=Role.EXPERT, bureau=Bureau.objects.get(code="beijing")
    )
    hq = User.objects.get(username="hq")
    plan = supervision.plan_create(
        actor=hq, name="抽查计划", planned_date=lottery.inspection_day(), sample_size=2,
        **lottery.declared(),
    )  # fmt: skip
    plan = lottery.drawn(plan)
    # Revealed after the inspection date, so `verify` has a seed to re-run.
    InspectionPlan.objects.filter(pk=plan.pk).update(
        planned_date=plan.planned_date - timedelta(days=365),
        status=InspectionPlan.Status.REVEALED,
    )
    supervision.complaint_submit(
        content="产品包装上的生态原产地标志与证书不符。", product_text="京西白茶",
        bureau=Bureau.objects.get(code="beijing"),
    )  # fmt: skip
    from demonstration.models import DemonstrationZone
    from demonstration.services import zone_document_upload

    zone = DemonstrationZone.objects.get(state="draft")
    zone_document_upload(
        zone=zone,
        actor=User.objects.get(username="gov-zhejiang"),
        upload=SimpleUploadedFile("plan.png", PNG),
        kind="application",
    )
    # A material of an event of the demo zone's quality archive, still open.
    from demonstration.models import ArchiveEvent
    from demonstration.services import event_document_upload

    event_document_upload(
        event=ArchiveEvent.objects.exclude(state="closed").order_by("pk").first(),
        actor=User.objects.get(username="bureau-beijing"),
        upload=SimpleUploadedFile("notice.png", PNG),
        kind="event",
    )
    # A drawn zone plan (the demo's designated zone), revealed after its date, so that `verify`
    # re-runs a draw and `record` reaches a real target.
    from demonstration import services as zone_services
    from demonstration.models import ZoneInspectionPlan

    zone_plan = zone_services.zone_plan_create(
        actor=hq, name="示范区抽查计划", subject="zones", planned_date=lottery.inspection_day(),
        sample_size=1, **lottery.declared(),
    )  # fmt: skip
    lottery.drawn(zone_plan)
    ZoneInspectionPlan.objects.filter(pk=zone_plan.pk).update(
        planned_date=zone_plan.planned_date - timedelta(days=365),
        status=ZoneInspectionPlan.Status.REVEALED,
    )
    draft = Application.objects.get(product_name="京西蜂蜜")
    documents.document_upload(
        case=draft,
        actor=draft.enterprise.users.first(),
        upload=SimpleUploadedFile("photo.png", PNG),
        kind="material",
    )
    return {
        role: Token.objects.create(user=User.objects.get(username=username)).key
        for role, username in CALLERS.items()
        if username
    }


def _known_paths() -> dict[str, list[dict]]:
    from demonstration.models import (
        ArchiveEvent,
        DemonstrationZone,
        ZoneEnterprise,
        ZoneInspectionPlan,
        ZoneInspectionTarget,
        ZoneNotice,
        ZoneYearReport,
    )
    from demonstration.workflow import ARCHIVE_RULES, ENTERPRISE_RULES
    from demonstration.workflow import RULES as zone_rules
    from regions.models import BureauDepartment
    from supervision.models import Interview, KeyWorkItem

    cases = list(Application.objects.values_list("pk", flat=True))
    zones = list(DemonstrationZone.objects.values_list("pk", flat=True))
    members = list(ZoneEnterprise.objects.values_list("zone_id", "pk"))
    events = list(ArchiveEvent.objects.values_list("enterprise__zone_id", "pk"))
    return {
        "/api/v1/agencies/{id}/": [
            {"id": pk} for pk in Agency.objects.values_list("pk", flat=True)
        ],
        "/api/v1/applications/{id}/": [{"id": pk} for pk in cases],
        "/api/v1/applications/{id}/documents/": [{"id": pk} for pk in cases],
        "/api/v1/applications/{id}/history/": [{"id": pk} for pk in cases],
        "/api/v1/applications/{id}/transitions/": [{"id": pk} for pk in cases],
        "/api/v1/applications/{id}/evaluation-feedback/": [{"id": pk} for pk in cases],
        **{
            path: [{"id": pk} for pk in Expert.objects.values_list("pk", flat=True)]
            for path in (
                "/api/v1/experts/{id}/",
                "/api/v1/experts/{id}/admit/",
                "/api/v1/experts/{id}/decline/",
                "/api/v1/experts/{id}/pool/",
            )
        },
        "/api/v1/applications/{id}/transitions/{name}/": [
            {"id": pk, "name": name} for pk in cases for name in wf.RULES
        ],
        "/api/v1/applications/{id}/documents/{document_id}/download/": [
            {"id": case, "document_id": pk}
            for case, pk in Application.objects.filter(documents__isnull=False).values_list(
                "pk", "documents__pk"
            )
        ],
        "/api/v1/bureaus/{code}/": [
            {"code": c} for c in Bureau.objects.values_list("code", flat=True)
        ],
        "/api/v1/organisations/{code}/": [
            {"code": c} for c in Organisation.objects.values_list("code", flat=True)
        ],
        "/api/v1/zones/{code}/": [{"code": c} for c in Zone.objects.values_list("code", flat=True)],
        "/api/v1/categories/{code}/": [
            {"code": c} for c in ProductCategory.objects.values_list("code", flat=True)
        ],
        **{
            path: [{"number": n} for n in Certificate.objects.values_list("number", flat=True)]
            for path in (
                "/api/v1/certificates/{number}/",
                "/api/v1/certificates/{number}/pdf/",
                "/api/v1/public/certificates/{number}/",
            )
        },
        **{
            path: [{"id": pk} for pk in InspectionPlan.objects.values_list("pk", flat=True)]
            for path in (
                "/api/v1/inspection-plans/{id}/",
                "/api/v1/inspection-plans/{id}/draw/",
                "/api/v1/inspection-plans/{id}/verify/",
                # 片区计划 (ADR 0020)
                "/api/v1/inspection-plans/{id}/consents/",
                "/api/v1/inspection-plans/{id}/consent/",
                "/api/v1/inspection-plans/{id}/withdraw/",
            )
        },
        "/api/v1/public/complaints/{code}/": [
            {"code": c} for c in Complaint.objects.values_list("tracking_code", flat=True)
        ],
        # 挂牌督办 and 约谈 (seed 000 §18) and the bureaus' 内设机构 of the demo data.
        **{
            path: [{"id": pk} for pk in KeyWorkItem.objects.values_list("pk", flat=True)]
            for path in (
                "/api/v1/key-work-items/{id}/",
                "/api/v1/key-work-items/{id}/progress/",
                "/api/v1/key-work-items/{id}/close/",
                "/api/v1/key-work-items/{id}/report/",
            )
        },
        **{
            path: [{"id": pk} for pk in Interview.objects.values_list("pk", flat=True)]
            for path in ("/api/v1/interviews/{id}/", "/api/v1/interviews/{id}/report/")
        },
        "/api/v1/bureau-departments/{id}/": [
            {"id": pk} for pk in BureauDepartment.objects.values_list("pk", flat=True)
        ],
        **{
            path: [{"id": pk} for pk in zones]
            for path in (
                "/api/v1/demonstration-zones/{id}/",
                "/api/v1/demonstration-zones/{id}/documents/",
                "/api/v1/demonstration-zones/{id}/history/",
                "/api/v1/demonstration-zones/{id}/transitions/",
                "/api/v1/demonstration-zones/{id}/title/pdf/",
            )
        },
        "/api/v1/demonstration-zones/{id}/documents/{document_id}/": [
            {"id": zone, "document_id": pk}
            for zone, pk in DemonstrationZone.objects.filter(documents__isnull=False).values_list(
                "pk", "documents__pk"
            )
        ],
        "/api/v1/demonstration-zones/{id}/transitions/{name}/": [
            {"id": pk, "name": name} for pk in zones for name in zone_rules
        ],
        **{
            path: [{"id": pk} for pk in zones]
            for path in (
                "/api/v1/demonstration-zones/{id}/enterprises/",
                "/api/v1/demonstration-zones/{id}/archive-events/",
            )
        },
        **{
            path: [{"id": zone, "enterprise_id": pk} for zone, pk in members]
            for path in (
                "/api/v1/demonstration-zones/{id}/enterprises/{enterprise_id}/",
                "/api/v1/demonstration-zones/{id}/enterprises/{enterprise_id}/history/",
                "/api/v1/demonstration-zones/{id}/enterprises/{enterprise_id}/transitions/",
            )
        },
        "/api/v1/demonstration-zones/{id}/enterprises/{enterprise_id}/transitions/{name}/": [
            {"id": zone, "enterprise_id": pk, "name": name}
            for zone, pk in members
            for name in ENTERPRISE_RULES
        ],
        **{
            path: [{"id": zone, "event_id": pk} for zone, pk in events]
            for path in (
                "/api/v1/demonstration-zones/{id}/archive-events/{event_id}/",
                "/api/v1/demonstration-zones/{id}/archive-events/{event_id}/history/",
                "/api/v1/demonstration-zones/{id}/archive-events/{event_id}/transitions/",
                "/api/v1/demonstration-zones/{id}/archive-events/{event_id}/documents/",
            )
        },
        "/api/v1/demonstration-zones/{id}/archive-events/{event_id}/documents/{document_id}/": [
            {"id": zone, "event_id": event, "document_id": pk}
            for zone, event, pk in ArchiveEvent.objects.filter(documents__isnull=False).values_list(
                "enterprise__zone_id", "pk", "documents__pk"
            )
        ],
        "/api/v1/demonstration-zones/{id}/archive-events/{event_id}/transitions/{name}/": [
            {"id": zone, "event_id": pk, "name": name}
            for zone, pk in events
            for name in ARCHIVE_RULES
        ],
        **{
            path: [{"id": pk} for pk in ZoneNotice.objects.values_list("pk", flat=True)]
            for path in (
                "/api/v1/zone-notices/{id}/",
                "/api/v1/zone-notices/{id}/pdf/",
                "/api/v1/zone-notices/{id}/read/",
            )
        },
        **{
            path: [{"id": pk} for pk in ZoneYearReport.objects.values_list("pk", flat=True)]
            for path in (
                "/api/v1/zone-year-reports/{id}/",
                "/api/v1/zone-year-reports/{id}/submit/",
            )
        },
        **{
            path: [{"id": pk} for pk in ZoneInspectionPlan.objects.values_list("pk", flat=True)]
            for path in (
                "/api/v1/zone-inspection-plans/{id}/",
                "/api/v1/zone-inspection-plans/{id}/draw/",
                "/api/v1/zone-inspection-plans/{id}/reveal/",
                "/api/v1/zone-inspection-plans/{id}/publish/",
                "/api/v1/zone-inspection-plans/{id}/verify/",
            )
        },
        **{
            path: [{"id": pk} for pk in ZoneInspectionTarget.objects.values_list("pk", flat=True)]
            for path in (
                "/api/v1/zone-inspection-targets/{id}/",
                "/api/v1/zone-inspection-targets/{id}/record/",
            )
        },
        "/api/v1/public/demonstration-zones/{number}/": [
            {"number": n}
            for n in DemonstrationZone.objects.exclude(number=None).values_list("number", flat=True)
        ],
        **{
            path: [{"id": pk} for pk in AnnualSummary.objects.values_list("pk", flat=True)]
            for path in ("/api/v1/summaries/{id}/", "/api/v1/summaries/{id}/pdf/")
        },
        "/api/v1/liaison-tasks/{id}/": [
            {"id": pk} for pk in Task.objects.values_list("pk", flat=True)
        ],
        **{
            path: [{"id": pk} for pk in Assignment.objects.values_list("pk", flat=True)]
            for path in (
                "/api/v1/liaison-assignments/{id}/",
                "/api/v1/liaison-assignments/{id}/updates/",
                "/api/v1/liaison-assignments/{id}/accept/",
                "/api/v1/liaison-assignments/{id}/return/",
            )
        },
        "/api/v1/liaison-assignments/{id}/documents/{document_id}/": [
            {"id": assignment, "document_id": pk}
            for assignment, pk in TaskDocument.objects.values_list("update__assignment_id", "pk")
        ],
        **{
            path: [{"id": pk} for pk in Report.objects.values_list("pk", flat=True)]
            for path in (
                "/api/v1/liaison-reports/{id}/",
                "/api/v1/liaison-reports/{id}/documents/",
                "/api/v1/liaison-reports/{id}/submit/",
                "/api/v1/liaison-reports/{id}/read/",
                "/api/v1/liaison-reports/{id}/reply/",
            )
        },
        **{
            path: [{"id": pk} for pk in LocalOffice.objects.values_list("pk", flat=True)]
            for path in ("/api/v1/local-offices/{id}/", "/api/v1/local-offices/{id}/staff/")
        },
        **{
            path: [{"id": pk} for pk in ReviewBody.objects.values_list("pk", flat=True)]
            for path in ("/api/v1/review-bodies/{id}/", "/api/v1/review-bodies/{id}/staff/")
        },
        **{
            path: [{"id": pk} for pk in InitialReview.objects.values_list("pk", flat=True)]
            for path in ("/api/v1/initial-reviews/{id}/", "/api/v1/initial-reviews/{id}/opinion/")
        },
        "/api/v1/initial-review-settings/{id}/": [
            {"id": pk} for pk in InitialReviewSetting.objects.values_list("pk", flat=True)
        ],
        "/api/v1/liaison-reports/{id}/documents/{document_id}/": [
            {"id": report, "document_id": pk}
            for report, pk in Report.objects.filter(documents__isnull=False).values_list(
                "pk", "documents__pk"
            )
        ],
    }


def _recognition_known_paths() -> dict[str, list[dict]]:
    """The recognised approvals of the demo data (recognition/demo.py), by path template."""
    from recognition.models import Recognition

    ids = [{"id": pk} for pk in Recognition.objects.values_list("pk", flat=True)]
    return {
        **{
            f"/api/v1/recognitions/{{id}}/{tail}": ids
            for tail in ("", "history/", "transitions/", "withdraw/")
        },
        "/api/v1/recognitions/{id}/transitions/{name}/": [{**i, "name": "withdraw"} for i in ids],
    }


def _qualityreports_known_paths() -> dict[str, list[dict]]:
    """The quality status reports of the demo data (qualityreports/demo.py), by path template."""
    from qualityreports.models import QualityStatusReport
    from qualityreports.workflow import RULES

    ids = [{"id": pk} for pk in QualityStatusReport.objects.values_list("pk", flat=True)]
    return {
        **{
            f"/api/v1/quality-status-reports/{{id}}/{tail}": ids
            for tail in ("", "history/", "transitions/", "submit/", "return/")
        },
        "/api/v1/quality-status-reports/{id}/transitions/{name}/": [
            {**i, "name": name} for i in ids for name in RULES
        ],
    }


def _crossreview_known_paths() -> dict[str, list[dict]]:
    """The cross-review's rounds and case files of the demo data (crossreview/demo.py)."""
    from crossreview.models import ReviewedCase, ReviewRound
    from crossreview.workflow import RULES

    rounds = [{"id": pk} for pk in ReviewRound.objects.values_list("pk", flat=True)]
    cases = [{"id": pk} for pk in ReviewedCase.objects.values_list("pk", flat=True)]
    return {
        **{
            f"/api/v1/cooperation-reviews/{{id}}/{tail}": rounds
            for tail in ("", "history/", "transitions/", "criteria/", "comparison/", "assignment/")
        },
        "/api/v1/cooperation-reviews/{id}/transitions/{name}/": [
            {**r, "name": name} for r in rounds for name in RULES
        ],
        **{f"/api/v1/cooperation-review-cases/{{id}}/{tail}": cases for tail in ("", "review/")},
    }


def _emergency_known_paths() -> dict[str, list[dict]]:
    """The 京津冀 public-health emergencies of the demo data (risk/demo.py), by path template."""
    from risk.models import EmergencyReport
    from risk.workflow import EMERGENCY_RULES

    ids = [{"id": pk} for pk in EmergencyReport.objects.values_list("pk", flat=True)]
    return {
        **{
            f"/api/v1/risk-emergencies/{{id}}/{tail}": ids
            for tail in ("", "history/", "transitions/", "acknowledge/")
        },
        "/api/v1/risk-emergencies/{id}/transitions/{name}/": [
            {**i, "name": name} for i in ids for name in EMERGENCY_RULES
        ],
    }


def _cooperation_plan_known_paths() -> dict[str, list[dict]]:
    """The action plans and milestones of the demo data (cooperation/demo.py)."""
    from cooperation.models import ActionPlan, Milestone
    from cooperation.workflow import RULES

    plans = [{"id": pk} for pk in ActionPlan.objects.values_list("pk", flat=True)]
    milestones = [{"id": pk} for pk in Milestone.objects.values_list("pk", flat=True)]
    return {
        **{
            f"/api/v1/cooperation-plans/{{id}}/{tail}": plans
            for tail in ("", "history/", "transitions/")
        },
        "/api/v1/cooperation-plans/{id}/transitions/{name}/": [
            {**p, "name": name} for p in plans for name in RULES
        ],
        **{
            f"/api/v1/cooperation-milestones/{{id}}/{tail}": milestones for tail in ("", "reports/")
        },
    }


def _pilot_known_paths() -> dict[str, list[dict]]:
    """The pilot zones' objects of the demo data (pilotzones/demo.py), by path template."""
    from pilotzones.models import (
        Commendation,
        InnovationMeasure,
        PilotZone,
        PilotZoneDocument,
        PilotZoneNotice,
        ReplicablePractice,
    )
    from pilotzones.workflow import MEASURE_RULES, PRACTICE_RULES, RULES

    known: dict[str, list[dict]] = {}
    zones = list(PilotZone.objects.values_list("pk", flat=True))
    measures = list(InnovationMeasure.objects.values_list("pk", flat=True))
    practices = list(ReplicablePractice.objects.values_list("pk", flat=True))
    for path in ("", "documents/", "history/", "transitions/", "opinions/", "opinion/"):
        known[f"/api/v1/pilot-zones/{{id}}/{path}"] = [{"id": pk} for pk in zones]
    known["/api/v1/pilot-zones/{id}/transitions/{name}/"] = [
        {"id": pk, "name": n} for pk in zones for n in RULES
    ]
    known["/api/v1/pilot-zones/{id}/documents/{document_id}/"] = [
        {"id": z, "document_id": d}
        for z, d in PilotZoneDocument.objects.values_list("zone_id", "pk")
    ]
    for path in ("", "history/", "transitions/", "assessments/", "assess/"):
        known[f"/api/v1/innovation-measures/{{id}}/{path}"] = [{"id": pk} for pk in measures]
    known["/api/v1/innovation-measures/{id}/transitions/{name}/"] = [
        {"id": pk, "name": n} for pk in measures for n in MEASURE_RULES
    ]
    for path in ("", "history/", "transitions/", "adoptions/", "adopt/"):
        known[f"/api/v1/replicable-practices/{{id}}/{path}"] = [{"id": pk} for pk in practices]
    known["/api/v1/replicable-practices/{id}/transitions/{name}/"] = [
        {"id": pk, "name": n} for pk in practices for n in PRACTICE_RULES
    ]
    known["/api/v1/pilot-commendations/{id}/"] = [
        {"id": pk} for pk in Commendation.objects.values_list("pk", flat=True)
    ]
    for path in ("", "read/", "pdf/"):
        known[f"/api/v1/pilot-zone-notices/{{id}}/{path}"] = [
            {"id": pk} for pk in PilotZoneNotice.objects.values_list("pk", flat=True)
        ]
    return known


@pytest.fixture(scope="module")
def data_set(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at its end; each test
    runs in a savepoint of it."""
    media = tmp_path_factory.mktemp("fuzz-media")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        # Certificates' PDFs are rendered on commit: run those callbacks here.
        with TestCase.captureOnCommitCallbacks(execute=True):
            tokens = _populate()
        KNOWN.update(_known_paths())
        KNOWN.update(_pilot_known_paths())
        KNOWN.update(_recognition_known_paths())
        KNOWN.update(_cooperation_plan_known_paths())
        KNOWN.update(_qualityreports_known_paths())
        KNOWN.update(_crossreview_known_paths())
        KNOWN.update(_emergency_known_paths())
        yield {"tokens": tokens, "media": media}
        transaction.set_rollback(True)
    KNOWN.clear()
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def fuzz_env(data_set, db, settings, request):
    settings.MEDIA_ROOT = data_set["media"]
    cache.clear()  # throttles and axes counters start afresh for each test
    CALLER["token"] = data_set["tokens"].get(request.node.callspec.params["role"])
    # Like Django's test client: a request must not close the connection holding the test's
    # transaction (werkzeug calls the WSGI handler, which fires these signals).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield data_set
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Writes whose outcome depends on rules a schema cannot state (records that must exist, dates
# ahead, states of the case, what a file really contains). Schema-valid data may be refused
# there, but only as a 400 naming the fields at fault; everywhere else schemathesis' own
# positive_data_acceptance applies unchanged.
DOMAIN_RULES = {
    "POST /api/v1/applications/": "the category code names an active category",
    "PATCH /api/v1/applications/{id}/": "the category code names an active category",
    "POST /api/v1/applications/{id}/transitions/{name}/": "each transition's own fields and rules",
    "POST /api/v1/applications/{id}/documents/": "a real PDF, JPEG or PNG within the size limit",
    "POST /api/v1/inspection-plans/": (
        "date not past, size or ratio, codes that exist; a lottery draw day after today and "
        "before the inspection"
    ),
    # 片区计划 (ADR 0020): a refusal gives its reason; a withdrawal's reason is more than blanks.
    "POST /api/v1/inspection-plans/{id}/consent/": "a refusal's reason (comment)",
    "POST /api/v1/inspection-plans/{id}/withdraw/": "a reason that is more than whitespace",
    "POST /api/v1/organisations/": "a code not taken; jurisdiction, level and parent by kind",
    # 分支机构 and 初审 (ADR 0022)
    "POST /api/v1/local-offices/": "a code not taken; HQ names a bureau; text more than blanks",
    "PATCH /api/v1/local-offices/{id}/": "required text that is more than whitespace",
    "POST /api/v1/local-offices/{id}/staff/": "a user name not taken; a password strong enough",
    "POST /api/v1/review-bodies/": "a code not taken; HQ names a bureau; text more than blanks",
    "PATCH /api/v1/review-bodies/{id}/": "required text that is more than whitespace",
    "POST /api/v1/review-bodies/{id}/staff/": "a user name not taken; a password strong enough",
    "POST /api/v1/initial-review-settings/": "an active category and a body that exist",
    "POST /api/v1/initial-reviews/{id}/opinion/": (
        "reasons more than whitespace; real PDF, JPEG or PNG files within the limit"
    ),
    "POST /api/v1/public/complaints/": "a certificate that exists, or product and bureau",
    # 拟批准产品公示 (ADR 0023)
    "POST /api/v1/notice-batches/": (
        "evaluated cases not in a running batch; a title that is more than whitespace"
    ),
    "POST /api/v1/notice-batches/{id}/withdraw/": "an entry of the batch; a reason, not blanks",
    "POST /api/v1/notice-objections/{id}/bureau-view/": "a view that is more than whitespace",
    "POST /api/v1/notice-objections/{id}/decide/": (
        "a reason, not blanks; a consequence with an upheld objection only"
    ),
    "POST /api/v1/public/objections/": (
        "a product whose notice period runs; text, not blanks; real PDF, JPEG or PNG files"
    ),
    # Text is trimmed as it is read: whitespace alone is blank, which a pattern cannot say.
    "POST /api/v1/demonstration-zones/": "required text that is more than whitespace",
    "PATCH /api/v1/demonstration-zones/{id}/": "required text that is more than whitespace",
    "POST /api/v1/zone-standards/": "required text that is more than whitespace",
    "POST /api/v1/demonstration-zones/{id}/transitions/{name}/": "each transition's own fields",
    "POST /api/v1/demonstration-zones/{id}/documents/": "a real PDF, JPEG or PNG within the limit",
    "POST /api/v1/demonstration-zones/{id}/enterprises/": (
        "a designated zone; a valid credit code not already in the zone"
    ),
    "POST /api/v1/demonstration-zones/{id}/enterprises/{enterprise_id}/transitions/{name}/": (
        "each transition's own fields"
    ),
    "POST /api/v1/demonstration-zones/{id}/archive-events/": (
        "an admitted enterprise of the zone; a date not ahead"
    ),
    "POST /api/v1/demonstration-zones/{id}/archive-events/{event_id}/transitions/{name}/": (
        "each step's own fields, the actions by the event's cause"
    ),
    "POST /api/v1/demonstration-zones/{id}/archive-events/{event_id}/documents/": (
        "a real PDF, JPEG or PNG within the limit"
    ),
    "POST /api/v1/zone-year-reports/": (
        "a zone of the bureau titled in a year not ahead, once; text more than whitespace"
    ),
    "PATCH /api/v1/zone-year-reports/{id}/": "required text that is more than whitespace",
    "POST /api/v1/zone-inspection-plans/": (
        "date not past, size or ratio; a name that is more than whitespace; a lottery draw day "
        "after today and before the inspection"
    ),
    "POST /api/v1/zone-inspection-targets/{id}/record/": "findings that are more than whitespace",
    "POST /api/v1/liaison-tasks/": (
        "a time limit not before today, at least one zone or bureau; text more than whitespace"
    ),
    "POST /api/v1/liaison-assignments/{id}/updates/": (
        "text more than whitespace; real PDF, JPEG or PNG files within the limit"
    ),
    "POST /api/v1/liaison-assignments/{id}/return/": "a reason that is more than whitespace",
    "POST /api/v1/liaison-reports/": "text that is more than whitespace",
    "PATCH /api/v1/liaison-reports/{id}/": "text that is more than whitespace",
    "POST /api/v1/liaison-reports/{id}/documents/": "a real PDF, JPEG or PNG within the limit",
    "POST /api/v1/liaison-reports/{id}/reply/": "text that is more than whitespace",
    "POST /api/v1/experts/": (
        "text that is more than whitespace; a category code that exists; the account an active "
        "expert or inspector of the caller's bureau"
    ),
    "POST /api/v1/experts/{id}/admit/": "a category code that exists; products not whitespace",
    "POST /api/v1/experts/{id}/decline/": "a reason that is more than whitespace",
    "POST /api/v1/key-work-items/": (
        "a department in use of the bureau, a time limit after today, the bureau named by HQ "
        "only; text more than whitespace"
    ),
    "POST /api/v1/key-work-items/{id}/progress/": "text that is more than whitespace",
    "POST /api/v1/key-work-items/{id}/close/": "a closing opinion that is more than whitespace",
    "POST /api/v1/interviews/": (
        "a department in use of the caller's bureau, an item of it, a date not ahead; text more "
        "than whitespace"
    ),
    "POST /api/v1/bureau-departments/": "a name not taken in the bureau, more than whitespace",
    "PUT /api/v1/bureau-departments/{id}/": "a name not taken in the bureau, more than whitespace",
    "PATCH /api/v1/bureau-departments/{id}/": (
        "a name not taken in the bureau, more than whitespace"
    ),
    "POST /api/v1/bureau-checks/": (
        "a bureau code that exists; a deadline not before today; text more than whitespace"
    ),
    "PUT /api/v1/bureau-checks/{id}/": (
        "a bureau code that exists; a deadline not before today; text more than whitespace"
    ),
    "PATCH /api/v1/bureau-checks/{id}/": (
        "a bureau code that exists; a deadline not before today; text more than whitespace"
    ),
    "POST /api/v1/bureau-checks/{id}/report/": "a rectification that is more than whitespace",
    "POST /api/v1/bureau-checks/{id}/close/": "a note that is more than whitespace",
    "POST /api/v1/bureau-checks/{id}/return/": "a reason that is more than whitespace",
    "POST /api/v1/applications/{id}/evaluation-feedback/": (
        "text that is more than whitespace; admitted experts of the case's category, for "
        "assistance only"
    ),
    # 国检试验区 (ADR 0025).
    "POST /api/v1/pilot-zones/": "a name ending in 国检试验区; text more than whitespace",
    "PATCH /api/v1/pilot-zones/{id}/": "a name ending in 国检试验区; text more than whitespace",
    "POST /api/v1/pilot-zones/{id}/transitions/{name}/": "each transition's own fields",
    "POST /api/v1/pilot-zones/{id}/documents/": "a real PDF, JPEG or PNG within the limit",
    "POST /api/v1/pilot-zones/{id}/opinion/": "an opinion that is more than whitespace",
    "POST /api/v1/innovation-measures/": (
        "a zone the caller sees; text more than whitespace; what a measure beyond the rules affects"
    ),
    "PATCH /api/v1/innovation-measures/{id}/": (
        "text more than whitespace; what a measure beyond the rules affects"
    ),
    "POST /api/v1/innovation-measures/{id}/transitions/{name}/": (
        "a reason that is more than whitespace; a date not ahead"
    ),
    "POST /api/v1/innovation-measures/{id}/assess/": (
        "findings more than whitespace; a date not ahead nor before the measure started"
    ),
    "POST /api/v1/pilot-commendations/": (
        "a zone the caller sees and its measures found 成效显著; a date not ahead; text more "
        "than whitespace"
    ),
    "POST /api/v1/replicable-practices/": (
        "a zone the caller sees and its own measures; text more than whitespace"
    ),
    "PATCH /api/v1/replicable-practices/{id}/": "the zone's own measures; text more than whitespace",
    "POST /api/v1/replicable-practices/{id}/transitions/{name}/": (
        "a reason that is more than whitespace"
    ),
    "POST /api/v1/replicable-practices/{id}/adopt/": (
        "text more than whitespace; a date not ahead nor before the practice's acceptance"
    ),
    "POST /api/v1/pilot-zone-visits/": (
        "an operating zone of the caller's bureau; findings more than whitespace, requirements "
        "where problems were found; a date not ahead nor before the operation started"
    ),
    # 风险监测计划 (seed 004 §二.1, 3)
    "POST /api/v1/monitoring-plans/": (
        "HQ: a year without a national plan; a bureau: a published national plan it sees; text "
        "more than whitespace"
    ),
    "PATCH /api/v1/monitoring-plans/{id}/": "text more than whitespace",
    "POST /api/v1/monitoring-plan-items/": (
        "a draft plan the caller sees; a monitoring point of the plan's bureau in use; dates in "
        "the plan's year, the end not before the start; text more than whitespace"
    ),
    "PATCH /api/v1/monitoring-plan-items/{id}/": (
        "a monitoring point of the plan's bureau in use; dates in the plan's year, the end not "
        "before the start; text more than whitespace"
    ),
    "POST /api/v1/monitoring-points/": "a name not already the bureau's; text more than whitespace",
    "PATCH /api/v1/monitoring-points/{id}/": (
        "a name not already the bureau's; text more than whitespace"
    ),
    "POST /api/v1/monitoring-results/": (
        "an item of a published plan the caller sees; a sample code new to the plan; a date in "
        "the plan's year not ahead; a valid credit code; failed items for a failed sample only"
    ),
    "POST /api/v1/monitoring-results/{id}/correct/": (
        "a date in the plan's year not ahead; a valid credit code; failed items for a failed "
        "sample only; a reason more than whitespace"
    ),
    # 质量信用与黑名单 (seed 004)
    "POST /api/v1/blacklist/": (
        "a valid credit code of an enterprise not already proposed or listed, known under the "
        "caller's bureau; text more than whitespace"
    ),
    "POST /api/v1/blacklist/{id}/transitions/{name}/": (
        "a decision number and reason more than whitespace; a start not ahead, an end after today"
    ),
    # 京津冀合作年度行动计划 (seed 003 §四.(一))
    "POST /api/v1/cooperation-plans/": "this year or the next, once per unit",
    "POST /api/v1/cooperation-plans/{id}/transitions/{name}/": (
        "submit: a milestone at least; return: a reason; report: from December, an account"
    ),
    "POST /api/v1/cooperation-milestones/": (
        "a visible plan still a draft; a task of the unit; a due date in the plan's year"
    ),
    "POST /api/v1/cooperation-milestones/{id}/reports/": (
        "an approved plan; progress not going back; a completion date not ahead"
    ),
    # 京津冀审批结果互认 (seed 003)
    "POST /api/v1/recognitions/": (
        "a valid credit code; the end of validity after its start; text more than whitespace"
    ),
    "POST /api/v1/recognitions/{id}/withdraw/": "a reason that is more than whitespace",
    "POST /api/v1/recognitions/{id}/transitions/{name}/": "a reason that is more than whitespace",
    # 京津冀区域质量状况分析报告 (seed 003 §三.19)
    "POST /api/v1/quality-status-reports/": "a year not ahead, once per place",
    "PATCH /api/v1/quality-status-reports/{id}/": "a report still a draft or returned",
    "POST /api/v1/quality-status-reports/{id}/submit/": "every figure and section filled in",
    "POST /api/v1/quality-status-reports/{id}/return/": "a reason that is more than whitespace",
    "POST /api/v1/quality-status-reports/{id}/transitions/{name}/": (
        "submit: every figure and section filled in; return: a reason, not blanks"
    ),
    # 京津冀执法案件互查互评 (seed 003 §三.14)
    "POST /api/v1/cooperation-reviews/": "a year without a round, not after next year; a title",
    "POST /api/v1/cooperation-reviews/{id}/criteria/": (
        "a criterion new to the standard; the weights 100 at most in all; text not blanks"
    ),
    "POST /api/v1/cooperation-review-cases/": (
        "a round the caller sees; a decision date not ahead; a number new to the place's case "
        "files; text more than whitespace"
    ),
    "POST /api/v1/cooperation-review-cases/{id}/review/": (
        "every criterion of the standard scored once, 0 to its weight; findings where points "
        "are taken off"
    ),
    "POST /api/v1/credit-rules/": (
        "the grades' least scores descending; weights of the known kinds; the years in order"
    ),
    # 风险预警与快速反应 (seed 004)
    "POST /api/v1/risk-signals/": (
        "a channel of the caller's role; a bureau that exists; a valid credit code; text more "
        "than whitespace"
    ),
    "POST /api/v1/risk-signals/{id}/transitions/{name}/": (
        "experts of the committee; a date not past; a finding and advice more than whitespace; "
        "the number of another open signal of the caller's unit"
    ),
    "POST /api/v1/risk-signals/{id}/opinion/": "an opinion that is more than whitespace",
    "POST /api/v1/risk-signals/{id}/documents/": "a real PDF, JPEG or PNG within the limit",
    "POST /api/v1/risk-warnings/": (
        "a bureau's own area and grades Ⅲ, Ⅳ; a bureau, zone and concluded signal that exist; "
        "valid credit codes; text more than whitespace"
    ),
    "PATCH /api/v1/risk-warnings/{id}/": (
        "a bureau's own area and grades Ⅲ, Ⅳ; a bureau, zone and concluded signal that exist; "
        "valid credit codes; text more than whitespace"
    ),
    "POST /api/v1/risk-warnings/{id}/transitions/{name}/": (
        "a reason more than whitespace; a grade above or below the warning's, Ⅲ or Ⅳ for a bureau"
    ),
    "POST /api/v1/risk-warnings/{id}/measures/": (
        "a measure the warning's grade suits; a bureau in its scope; a date not past; a recall's "
        "quantity above zero"
    ),
    "POST /api/v1/risk-measures/{id}/transitions/{name}/": (
        "a reason, result or evaluation more than whitespace"
    ),
    "POST /api/v1/risk-measures/{id}/progress/": (
        "text more than whitespace; a recall's quantity between the last one and the quantity "
        "concerned"
    ),
    # 京津冀突发公共卫生事件通报 (seed 003 §三.30)
    "POST /api/v1/risk-emergencies/": (
        "moments not ahead of now nor more than a year back, occurred not after learnt; text "
        "more than whitespace"
    ),
    "POST /api/v1/risk-emergencies/{id}/transitions/{name}/": (
        "notify: the handling more than whitespace"
    ),
}


def refused_only_by_a_domain_rule(ctx, response, case):
    """positive_data_acceptance, where a 400 is allowed if it says which fields broke a rule."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    status = response.status_code
    if status == 400:
        body = response.json()
        assert isinstance(body, dict) and set(body) - {"detail"}, (
            f"400 without field errors: {body}"
        )
    else:
        assert status < 400 or status in (401, 403, 404, 409, 429), f"valid data refused: {status}"
    return None


# Bodies as an HTML form sends them. DRF reads an empty value of an optional field there as the
# field left out (as a browser sends an empty input), which a JSON schema cannot say: for such a
# body "invalid data is refused" does not apply; every other check does, and JSON bodies keep it.
FORM_MEDIA_TYPES = {"multipart/form-data", "application/x-www-form-urlencoded"}


def checks_for(case) -> dict:
    """All of schemathesis' checks, but for the three narrow exceptions above."""
    excluded = []
    if case.media_type in FORM_MEDIA_TYPES:
        excluded.append(negative_data_rejection)
    if case.operation.path == "/api/v1/auth/token/":
        # The schema says what a well-formed login is, not which passwords are right: a wrong
        # one is rightly 400 (the form's non-field error), so "valid data is accepted" cannot apply.
        return {"excluded_checks": [*excluded, positive_data_acceptance]}
    if case.operation.label in DOMAIN_RULES:
        return {
            "excluded_checks": [*excluded, positive_data_acceptance],
            "additional_checks": [refused_only_by_a_domain_rule],
        }
    return {"excluded_checks": excluded} if excluded else {}


@pytest.mark.parametrize("role", list(CALLERS))
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=DERANDOMIZE,
    deadline=None,
    # No example database: a stored example replayed against another data set means nothing.
    database=None,
    # The test transaction (a function-scoped fixture) deliberately spans all examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api(case, role, fuzz_env):
    REQUESTS[case.operation.label, role] += 1
    case.call_and_validate(**checks_for(case))


# Without the API sign-out: a workflow's calls share one transaction, so a DELETE of the token
# would leave every later call of that caller unauthenticated. test_api fuzzes it on its own.
class Workflow(schema.exclude(name="DELETE /api/v1/auth/token/").as_state_machine()):
    """Sequences of calls along the links schemathesis infers (a list's ids into the detail, a
    created case into its transitions …): the checks that follow a resource across calls
    (use_after_free, ensure_resource_availability, object_level_authorization) run here."""

    def step(self, input):
        REQUESTS[input.case.operation.label, "workflow"] += 1
        return super().step(input)

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        checks = checks_for(case)
        case.validate_response(
            response,
            excluded_checks=checks.get("excluded_checks"),
            additional_checks=[*(additional_checks or []), *checks.get("additional_checks", [])],
            transport_kwargs=kwargs or None,
            recorder=getattr(self, "recorder", None),
        )


@pytest.mark.parametrize("role", list(CALLERS))
def test_api_workflows(role, fuzz_env):
    Workflow.run(
        settings=settings(
            max_examples=EXAMPLES,
            derandomize=DERANDOMIZE,
            stateful_step_count=10,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
    )

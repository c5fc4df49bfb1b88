"""Personas of the demonstration-zone programme (seed 001) and `make_zone`, which puts a zone
straight into a state (test set-up only) with what that state implies."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demonstration.models import AssessmentStandard, DemonstrationZone, ZoneAssessment
from regions.models import Organisation
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The §四 self-assessment a local government sends when it applies.
ZONE_BODY = {
    "name": "顺义出口汽车零部件示范区",
    "industry": "汽车零部件",
    "enterprise_count": 86,
    "cluster": "区内汽车零部件出口企业 86 家，\n形成完整产业链。",
    "export_value": "125000.50",
    "export_share": "12.50",
    "local_share": "35.00",
    "quality": "近三年无重大质量安全事故。",
    "organisation": "区政府设示范区建设领导小组。",
    "in_quality_appraisal": True,
}

# Scores that pass either pass mark (national 60, the bureaus' standards below): 80 in all.
PASSING = {"score_cluster": 20, "score_export": 20, "score_quality": 20, "score_organisation": 20}


def government(bureau_code: str, name: str, username: str):
    organisation = factories.OrganisationFactory(
        kind=Organisation.Kind.LOCAL_GOVERNMENT,
        bureau=factories.bureau(bureau_code),
        name=name,
        code=f"gov-{bureau_code}-test",
    )
    return factories.organisation_staff(organisation, username=username)


@pytest.fixture
def gov_beijing(db):
    """Staff of 北京市顺义区人民政府 (a local government under 北京局): the applicant."""
    return government("beijing", "北京市顺义区人民政府", "gov-shunyi")


@pytest.fixture
def gov_jiangsu(db):
    """Staff of 苏州市人民政府, under 江苏局."""
    return government("jiangsu", "苏州市人民政府", "gov-suzhou")


@pytest.fixture
def bureau_beijing(db):
    """北京局: the applicant's jurisdiction bureau."""
    return factories.bureau_staff("beijing", username="zone-bj-clerk")


@pytest.fixture
def bureau_jiangsu(db):
    return factories.bureau_staff("jiangsu", username="zone-js-clerk")


@pytest.fixture
def hq(db):
    return factories.hq(username="zone-hq")


@pytest.fixture
def enterprise(db):
    return factories.enterprise_staff(username="zone-ent")


@pytest.fixture
def agency(db):
    return factories.agency_staff(username="zone-agency")


@pytest.fixture
def inspector(db):
    """An inspector of 北京局: a bureau's staff, but not its clerk."""
    return factories.inspector("beijing", username="zone-inspector")


@pytest.fixture
def hq_department(db):
    """Staff of 进出口商品检验司 (an HQ department, not HQ's decision-maker)."""
    department = Organisation.objects.get(kind=Organisation.Kind.HQ_DEPARTMENT, code="jianyan")
    return factories.organisation_staff(department, username="zone-jianyan")


@pytest.fixture
def people(
    gov_beijing,
    gov_jiangsu,
    bureau_beijing,
    bureau_jiangsu,
    hq,
    enterprise,
    agency,
    inspector,
    hq_department,
):
    """Everyone, by the part they play for a zone of 北京顺义 (None: anonymous)."""
    return {
        "applicant": gov_beijing,
        "other_government": gov_jiangsu,
        "bureau": bureau_beijing,
        "other_bureau": bureau_jiangsu,
        "hq": hq,
        "enterprise": enterprise,
        "agency": agency,
        "inspector": inspector,
        "hq_department": hq_department,
        "anonymous": None,
    }


def publish_standard(bureau_user, pass_mark: int = 70) -> AssessmentStandard:
    last = AssessmentStandard.objects.filter(bureau=bureau_user.bureau).order_by("-version").first()
    return AssessmentStandard.objects.create(
        bureau=bureau_user.bureau,
        version=last.version + 1 if last else 1,
        title="北京局省级出口工业产品质量安全示范区评估标准",
        text="一、企业集聚……",
        pass_mark=pass_mark,
        published_by=bureau_user,
    )


ASSESSED_STATES = {"assessed", "designated", "withdrawn"}
WITH_ASSESSMENT = {"assessing"} | ASSESSED_STATES
WITH_TITLE = {"designated", "withdrawn"}


@pytest.fixture
def make_zone(gov_beijing, bureau_beijing, hq):
    """make_zone(state, level="national", scores=PASSING) → a zone of 北京顺义 in `state`."""

    def make(state: str = "draft", level: str = "national", scores=PASSING) -> DemonstrationZone:
        fields = {}
        if level == "provincial":
            # The bureau's standard is published (a draft may be submitted) and bound once the
            # zone has been submitted.
            standard = AssessmentStandard.objects.filter(
                bureau=bureau_beijing.bureau
            ).first() or publish_standard(bureau_beijing)
            if state != "draft":
                fields["standard"] = standard
        zone = DemonstrationZone.objects.create(
            level=level,
            applicant=gov_beijing.organisation,
            bureau=gov_beijing.organisation.bureau,
            **ZONE_BODY,
            **fields,
        )
        update = {"state": state}
        if state != "draft":
            update["submitted_at"] = timezone.now()
        if state in WITH_TITLE:
            today = timezone.localdate()
            update.update(
                number=f"QSZ-T-{zone.pk}",
                designated_at=today,
                valid_until=today + timedelta(days=3 * 365),
            )
        if state == "withdrawn":
            update["withdrawal_reason"] = "区内企业恶意违法"
        DemonstrationZone.objects.filter(pk=zone.pk).update(**update)
        if state in WITH_ASSESSMENT:
            assessor = hq if level == "national" else bureau_beijing
            recorded = {}
            if state in ASSESSED_STATES:
                recorded = {
                    **scores,
                    "pass_mark": 60 if level == "national" else zone.standard.pass_mark,
                    "recorded_at": timezone.now(),
                }
            ZoneAssessment.objects.create(
                zone=zone, team="张三（组长）、李四", organised_by=assessor, **recorded
            )
        return DemonstrationZone.objects.get(pk=zone.pk)

    return make


# ---------------------------------------------------------------- enterprises and archives

# An enterprise's state implies what came before it (seed 001 §三.5, §六.3).
ADMITTED_STATES = {"admitted", "nominated", "assessed", "granted", "title_withdrawn", "exited"}
ASSESSED_ENTERPRISE_STATES = {"assessed", "granted", "title_withdrawn"}
TITLED_STATES = {"granted", "title_withdrawn"}


def enterprise_body(n: int = 1) -> dict:
    """What a local government sends when it proposes an enterprise for admission."""
    return {
        "name": f"顺义精工汽车零部件{n}有限公司",
        "credit_code": factories.valid_uscc(5000 + n),
        "products": "汽车制动系统、转向系统零部件",
    }


@pytest.fixture
def make_enterprise(gov_beijing, bureau_beijing):
    """make_enterprise(zone, state="admitted", *, titled=False, **fields) → an enterprise of
    `zone` put straight into `state` with what that state implies (test set-up only). `titled`:
    an exited enterprise that had held the title."""
    from demonstration.models import ZoneEnterprise

    counter = {"n": 0}

    def make(zone, state: str = "admitted", *, titled: bool = False, **fields):
        counter["n"] += 1
        n = counter["n"]
        body = {**enterprise_body(n), **fields}
        enterprise = ZoneEnterprise.objects.create(zone=zone, proposed_by=gov_beijing, **body)
        update = {"state": state}
        if state in ADMITTED_STATES:
            update.update(admitted_at=timezone.now(), admitted_by=bureau_beijing)
        if state in ASSESSED_ENTERPRISE_STATES or (state == "exited" and titled):
            update.update(assessment_passed=True, assessment_conclusion="起到示范引领作用")
        if state in TITLED_STATES or (state == "exited" and titled):
            update.update(number=f"QSE-T-{enterprise.pk}", granted_at=timezone.localdate())
        if state == "title_withdrawn":
            update["withdrawal_reason"] = "出口产品恶意违法"
        if state == "exited":
            update.update(
                exited_at=timezone.now(), exited_by=bureau_beijing, exit_reason="企业迁出示范区"
            )
        ZoneEnterprise.objects.filter(pk=enterprise.pk).update(**update)
        return ZoneEnterprise.objects.get(pk=enterprise.pk)

    return make


EVENT_BODY = {
    "kind": "foreign_notification",
    "occurred_on": "2026-03-02",
    "product": "汽车制动片",
    "reference": "RASFF 2026.0312",
    "description": "欧盟通报：制动片石棉含量超标。",
}


@pytest.fixture
def make_event(bureau_beijing):
    """make_event(enterprise, state="opened", cause="capability", **fields) → an archive event
    put straight into `state` with what that state implies (test set-up only)."""
    from demonstration.models import ArchiveEvent

    def make(enterprise, state: str = "opened", cause: str = "capability", **fields):
        event = ArchiveEvent.objects.create(
            enterprise=enterprise, opened_by=bureau_beijing, **{**EVENT_BODY, **fields}
        )
        update = {"state": state}
        if state != "opened":
            update["findings"] = "原材料供应商变更，未做进口国法规符合性验证。"
        if state in ("classified", "actions_recorded", "closed"):
            update["cause"] = cause
        if state in ("actions_recorded", "closed"):
            update["support"] = "组织法规培训，派员驻厂帮扶。"
        if state == "closed":
            update.update(conclusion="整改完成。", closed_at=timezone.now())
        ArchiveEvent.objects.filter(pk=event.pk).update(**update)
        return ArchiveEvent.objects.get(pk=event.pk)

    return make

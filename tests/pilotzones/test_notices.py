"""试验区通知书: what a zone's transitions decided is sent to its local government (the applicant):
written with the history row, in Chinese with an English rendering, its PDF rendered once and
e-mailed once to the government's active staff by the task, read only by the government's staff.

Which transition sends which notice is written out here from seed 002 §五.3 (not imported from
the code): the bureau's return and recommendation, the lead's approval or refusal, the start of
the operation; not the government's own submission, nor the opening of the acceptance."""

import re
import shutil
import subprocess

import pytest
from django.core import mail
from django.utils import translation

from casework.exceptions import TransitionForbidden
from casework.notices import notice_mark_read
from pilotzones import selectors, services, tasks
from pilotzones.models import PilotZoneNotice, ZoneHistory
from tests import factories
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .conftest import plan_upload
from .test_matrix import answer_all

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")

# transition → (the zone's state, who fires it, body, the notice's kind or None)
ZONE_NOTICES = {
    "submit": ("draft", "applicant", {}, None),
    "return": ("submitted", "bureau", {"reason": "请补充业务量测算"}, "return"),
    "recommend": (
        "submitted",
        "bureau",
        {"recommendation": "同意推荐", "guidance": "突出跨境电商功能"},
        "recommendation",
    ),
    "open_acceptance": ("recommended", "tongguan", {"arrangement": "现场验收"}, None),
    "approve": ("acceptance", "tongguan", {}, "approval"),
    "not_approve": ("acceptance", "tongguan", {"reason": "产业基础薄弱"}, "refusal"),
    "start_operation": ("approved", "bureau", {"started_on": "2026-03-01"}, "operation"),
}
KIND_LABELS = {
    "return": "试验区申请补正通知书",
    "recommendation": "试验区推荐意见通知",
    "approval": "试验区批准建设通知书",
    "refusal": "试验区不予批准通知书",
    "operation": "试验区开始运行通知",
}


@pytest.fixture
def zone_at(make_zone, members, gov_jiangxi):
    """zone_at(state) → a zone ready for the transition out of `state`."""

    def make(state: str):
        zone = make_zone(state)
        if state == "draft":
            services.zone_document_upload(
                zone=zone, actor=gov_jiangxi, upload=plan_upload(), kind="construction_plan"
            )
        if state == "acceptance":
            answer_all(zone, members)
        return zone

    return make


def fire(people, zone, name: str):
    _state, role, body, _kind = ZONE_NOTICES[name]
    body = dict(body)
    if name == "start_operation":
        body["operator"] = people["operator"].organisation_id
    return services.zone_transition(zone=zone, name=name, actor=people[role], **body)


# ---------------------------------------------------------------- which transition, which notice


@pytest.mark.parametrize("name", ZONE_NOTICES)
def test_each_transition_writes_its_notice_to_the_government(people, zone_at, name):
    state, _role, body, kind = ZONE_NOTICES[name]
    zone = zone_at(state)
    before = set(PilotZoneNotice.objects.values_list("pk", flat=True))
    zone = fire(people, zone, name)
    entry = ZoneHistory.objects.get(zone=zone, transition=name)
    new = list(PilotZoneNotice.objects.exclude(pk__in=before))
    if kind is None:
        assert new == []
        return
    [notice] = new
    assert (notice.kind, notice.organisation, notice.zone, notice.history) == (
        kind,
        people["applicant"].organisation,
        zone,
        entry,
    )
    assert notice.get_kind_display() == KIND_LABELS[kind]
    assert notice.title == f"{KIND_LABELS[kind]}（{zone.name}）"
    assert zone.name in notice.body
    for value in body.values():
        assert value in notice.body
    assert (notice.read_at, notice.emailed_at) == (None, None)


def test_what_each_notice_says(people, zone_at):
    zone = fire(people, zone_at("submitted"), "recommend")
    notice = PilotZoneNotice.objects.get(zone=zone, kind="recommendation")
    assert zone.bureau.full_name in notice.body
    assert "同意推荐" in notice.body and "突出跨境电商功能" in notice.body

    zone = fire(people, zone_at("acceptance"), "approve")
    notice = PilotZoneNotice.objects.get(zone=zone, kind="approval")
    assert zone.number and zone.number in notice.body
    assert zone.bureau.full_name in notice.body

    zone = fire(people, zone_at("approved"), "start_operation")
    notice = PilotZoneNotice.objects.get(zone=zone, kind="operation")
    assert "2026-03-01" in notice.body
    assert people["operator"].organisation.name in notice.body


def test_measures_practice_and_opinions_send_no_notice(
    make_measure, make_practice, make_zone, members
):
    zone = make_zone("operating")
    accepting = make_zone("acceptance")
    count = PilotZoneNotice.objects.count()
    make_measure("ended", zone=zone)
    make_measure("refused", zone=zone)
    make_practice("withdrawn", zone=zone)
    answer_all(accepting, members)
    assert PilotZoneNotice.objects.count() == count


def test_a_refused_transition_writes_no_notice(people, zone_at):
    zone = zone_at("submitted")
    count = PilotZoneNotice.objects.count()
    with pytest.raises(TransitionForbidden):
        services.zone_transition(
            zone=zone, name="return", actor=people["other_bureau"], reason="补充"
        )
    assert PilotZoneNotice.objects.count() == count


def test_notices_are_written_in_chinese_whatever_language_the_decider_reads(people, zone_at):
    zone = zone_at("submitted")
    with translation.override("en"):
        fire(people, zone, "return")
    notice = PilotZoneNotice.objects.get(zone=zone)
    assert notice.title.startswith("试验区申请补正通知书")
    assert notice.body.startswith("贵单位申请建设的")


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize("name", [n for n, v in ZONE_NOTICES.items() if v[3]])
def test_each_notice_has_its_english_rendering(people, zone_at, name):
    state, _role, body, kind = ZONE_NOTICES[name]
    zone = fire(people, zone_at(state), name)
    notice = PilotZoneNotice.objects.get(zone=zone, kind=kind)
    assert notice.title_en and notice.body_en
    assert zone.name in notice.title_en and zone.name in notice.body_en
    # What people wrote (names, reasons) is data; everything else is English.
    data = [zone.name, people["operator"].organisation.name, *body.values()]
    for text in (notice.title_en, notice.body_en):
        for value in sorted(data, key=len, reverse=True):
            text = text.replace(value, "")
        assert not CJK.search(text), (name, text)
    with translation.override("en"):
        assert notice.display_title == notice.title_en
    assert notice.display_title == notice.title


# ---------------------------------------------------------------- delivery: PDF and e-mail, once


@pytest.fixture
def addressed(gov_jiangxi):
    """The applicant's staff with addresses: two active (mailed), one inactive and one without an
    address (not mailed); another government's staff (never mailed)."""
    gov_jiangxi.email = "nanchang@example.gov.cn"
    gov_jiangxi.save(update_fields=["email"])
    organisation = gov_jiangxi.organisation
    factories.organisation_staff(organisation, username="gov-nanchang-2", email="b@example.gov.cn")
    factories.organisation_staff(
        organisation, username="gov-nanchang-gone", email="gone@example.gov.cn", is_active=False
    )
    factories.organisation_staff(organisation, username="gov-nanchang-none", email="")
    other = factories.OrganisationFactory(kind=organisation.kind, bureau=organisation.bureau)
    factories.organisation_staff(other, username="gov-other", email="other@example.gov.cn")
    return ["nanchang@example.gov.cn", "b@example.gov.cn"]


def test_the_task_renders_the_pdf_and_mails_the_governments_active_staff_once(
    people, zone_at, addressed, django_capture_on_commit_callbacks
):
    zone = zone_at("acceptance")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        fire(people, zone, "approve")
    notice = PilotZoneNotice.objects.get(zone=zone, kind="approval")
    assert notice.pdf.name.startswith("notices/")
    assert notice.pdf.name.endswith(f"pilot-zone-notice-{notice.pk}.pdf")
    assert notice.emailed_at is not None
    [message] = mail.outbox
    assert sorted(message.to) == sorted(addressed)
    assert (message.subject, message.body) == (notice.title, notice.body)
    [(file_name, content, content_type)] = message.attachments
    assert (file_name, content_type) == (f"pilot-zone-notice-{notice.pk}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")

    # A redelivered task renders and sends nothing again.
    pdf, emailed = notice.pdf.name, notice.emailed_at
    assert tasks.deliver_pilot_zone_notice.delay(notice.pk).get() == notice.pk
    services.zone_notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    assert (notice.pdf.name, notice.emailed_at, len(mail.outbox)) == (pdf, emailed, 1)


def test_nothing_is_delivered_before_the_commit(people, zone_at):
    zone = fire(people, zone_at("submitted"), "return")  # the test's transaction never commits
    notice = PilotZoneNotice.objects.get(zone=zone)
    assert not notice.pdf and notice.emailed_at is None and mail.outbox == []


def test_a_government_without_addresses_gets_the_pdf_but_no_mail(
    people, zone_at, django_capture_on_commit_callbacks
):
    zone = zone_at("submitted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        fire(people, zone, "return")
    notice = PilotZoneNotice.objects.get(zone=zone)
    assert notice.pdf and notice.emailed_at is None
    assert mail.outbox == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_names_the_government_the_zone_and_its_number(
    people, zone_at, django_capture_on_commit_callbacks
):
    zone = zone_at("acceptance")
    with django_capture_on_commit_callbacks(execute=True):
        zone = fire(people, zone, "approve")
    notice = PilotZoneNotice.objects.get(zone=zone, kind="approval")
    text = subprocess.run(
        ["pdftotext", notice.pdf.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "试验区批准建设通知书",
        people["applicant"].organisation.name,
        zone.name,
        zone.number,
        zone.bureau.full_name,
        "国家质量监督检验检疫总局",
    ):
        assert expected in text


# ---------------------------------------------------------------- who reads it


@pytest.fixture
def notice(people, zone_at, django_capture_on_commit_callbacks):
    """A delivered notice (补正) to 南昌市人民政府."""
    zone = zone_at("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        fire(people, zone, "return")
    return PilotZoneNotice.objects.get(zone=zone)


RECIPIENTS = {"applicant", "colleague"}


@pytest.fixture
def readers(people, gov_jiangxi):
    colleague = factories.organisation_staff(gov_jiangxi.organisation, username="gov-nanchang-2")
    return {**{k: v for k, v in people.items() if k != "system"}, "colleague": colleague}


READERS = [
    "applicant", "colleague", "other_government", "bureau", "other_bureau", "hq", "tongguan",
    "renjianwei", "weisheng", "dongzhi", "jianyan", "shipin", "operator", "enterprise", "agency",
    "inspector",
]  # fmt: skip


@pytest.mark.parametrize("role", READERS)
def test_only_the_governments_staff_read_it(readers, notice, role):
    reader = readers[role]
    assert notice.addressed_to(reader) == (role in RECIPIENTS)
    inbox = list(selectors.notices_for(user=reader))
    assert inbox == ([notice] if role in RECIPIENTS else [])
    if role in RECIPIENTS:
        notice_mark_read(notice=notice, actor=reader)
    else:
        with pytest.raises(TransitionForbidden):
            notice_mark_read(notice=notice, actor=reader)
    notice.refresh_from_db()
    assert (notice.read_at is not None) == (role in RECIPIENTS)


def test_reading_keeps_the_first_time(readers, notice):
    notice_mark_read(notice=notice, actor=readers["colleague"])
    notice.refresh_from_db()
    first = notice.read_at
    notice_mark_read(notice=notice, actor=readers["applicant"])
    notice.refresh_from_db()
    assert notice.read_at == first

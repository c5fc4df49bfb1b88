"""证书查验 from the cache (applications.verification, issue 19 point 4): a scan reads no database,
and whatever changes what the answer shows is visible to the next scan once it commits, through
a service, a save elsewhere or the admin."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from applications import verification
from applications.models import Application, Certificate, CertificateNumberRule
from applications.services import case_transition
from publicity.models import BatchEntry, NoticeBatch

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def number(certified):
    return Certificate.objects.get(application=certified).number


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the writes given as a callable and what they queued for their commit."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run


def test_a_kept_answer_is_read_without_the_database(number, django_assert_num_queries):
    first = verification.answer_for(number=number)
    assert first.status == "valid" and first.product_name == "恩施玉露"
    with django_assert_num_queries(0):
        assert verification.answer_for(number=number) == first
        assert verification.answer_for(number=f" {number.lower()} ") == first


def test_the_page_and_the_api_of_a_kept_answer_read_no_database(
    client, number, django_assert_num_queries
):
    verification.answer_for(number=number)
    with django_assert_num_queries(0):
        page = client.get(f"/public/verify/{number}/")
        api = client.get(f"/api/v1/public/certificates/{number}/")
    assert "恩施玉露" in page.content.decode()
    assert api.json()["product_name"] == "恩施玉露"


@pytest.mark.parametrize(
    ("name", "arguments", "status"),
    [
        ("suspend", {"reason": "抽检不合格", "deadline": "+30"}, "suspended"),
        ("revoke", {"reason": "使用非产地原料"}, "revoked"),
        ("expire", {}, "expired"),
    ],
)
def test_a_state_change_is_answered_by_the_next_scan(
    certified, number, hq_user, committed, name, arguments, status
):
    assert verification.answer_for(number=number).status == "valid"
    if "deadline" in arguments:
        arguments = {**arguments, "deadline": timezone.localdate() + timedelta(days=30)}
    actor = None if name == "expire" else hq_user
    committed(lambda: case_transition(case=certified, name=name, actor=actor, **arguments))
    answer = verification.answer_for(number=number)
    assert answer.status == status
    if arguments.get("reason"):
        assert answer.change_reason == arguments["reason"]
        assert answer.changed_on == timezone.localdate()


def test_reinstatement_makes_the_certificate_valid_again(certified, number, hq_user, committed):
    deadline = timezone.localdate() + timedelta(days=30)
    committed(
        lambda: case_transition(
            case=certified, name="suspend", actor=hq_user, reason="抽检", deadline=deadline
        )
    )
    assert verification.answer_for(number=number).status == "suspended"
    Application.objects.filter(pk=certified.pk).update(rectification_submitted_at=timezone.now())
    certified.refresh_from_db()
    committed(lambda: case_transition(case=certified, name="reinstate", actor=hq_user))
    answer = verification.answer_for(number=number)
    assert (answer.status, answer.change_reason) == ("valid", "")


def test_a_change_is_not_answered_before_its_commit(certified, number, hq_user):
    """Until the writer commits, others read the old state: the kept answer is kept."""
    verification.answer_for(number=number)
    case_transition(case=certified, name="revoke", actor=hq_user, reason="假冒")
    assert cache.get(verification._token_key(number)) is not None


def test_an_answer_read_before_a_commit_and_stored_after_it_is_never_served(
    certified, number, hq_user, committed, monkeypatch
):
    """A scan reads the database, a revocation commits, then the scan stores what it read: the
    next scan must not get that stale answer."""
    read = verification._read

    def read_then_another_user_revokes(number):
        stale = read(number)
        committed(
            lambda: case_transition(case=certified, name="revoke", actor=hq_user, reason="假冒")
        )
        return stale

    monkeypatch.setattr(verification, "_read", read_then_another_user_revokes)
    assert verification.answer_for(number=number).status == "valid"
    monkeypatch.setattr(verification, "_read", read)
    assert verification.answer_for(number=number).status == "revoked"


def test_an_evicted_token_is_a_miss_never_a_match(number, django_assert_num_queries):
    verification.answer_for(number=number)
    Certificate.objects.filter(number=number).update(valid_until=timezone.localdate())
    cache.delete(verification.EVERY_ANSWER)
    assert verification.answer_for(number=number).valid_until == timezone.localdate()


def test_an_unknown_number_is_kept_until_a_certificate_gets_it(hq_user, committed):
    assert verification.answer_for(number="T-LATER-1") is None
    case = ApplicationFactory(product_name="迟到的证书")
    Application.objects.filter(pk=case.pk).update(state="protected")
    committed(
        lambda: Certificate.objects.create(
            application_id=case.pk,
            number="T-LATER-1",
            rule=CertificateNumberRule.objects.get(version=1),
            year=2026,
            seq=1,
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate() + timedelta(days=365),
            marks_issued=10,
            issued_by=hq_user,
        )
    )
    assert verification.answer_for(number="t-later-1").product_name == "迟到的证书"


def test_the_enterprises_new_name_is_answered(certified, number, committed):
    verification.answer_for(number=number)
    enterprise = certified.enterprise
    enterprise.name = "恩施富硒茶业集团有限公司"
    committed(enterprise.save)
    assert verification.answer_for(number=number).enterprise == "恩施富硒茶业集团有限公司"


def test_a_save_of_the_enterprise_that_leaves_its_name_keeps_the_answers(
    certified, number, committed
):
    verification.answer_for(number=number)
    token = cache.get(verification._token_key(number))
    committed(lambda: certified.enterprise.save(update_fields=["contact_phone"]))
    assert cache.get(verification._token_key(number)) == token


def test_withdrawing_the_products_batch_entry_is_answered(certified, number, hq_user, committed):
    batch = NoticeBatch.objects.create(
        number="GS-2026-009",
        title="2026年第9批拟批准产品公示",
        published_on=timezone.localdate() - timedelta(days=30),
        period_days=20,
        ends_on=timezone.localdate() - timedelta(days=10),
        published_by=hq_user,
    )
    entry = BatchEntry.objects.create(batch=batch, application=certified)
    cache.clear()
    assert verification.answer_for(number=number).batch_number == "GS-2026-009"
    entry.withdrawn_at, entry.withdrawn_reason = timezone.now(), "异议成立"
    committed(lambda: entry.save(update_fields=["withdrawn_at", "withdrawn_reason"]))
    assert verification.answer_for(number=number).batch_number == ""


def test_a_bureau_renamed_in_the_admin_is_answered_everywhere(
    client, hq_user, certified, number, committed
):
    from django.contrib.auth.models import Permission

    hq_user.is_staff = True
    hq_user.save()
    hq_user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="regions", codename="change_bureau")
    )
    client.force_login(hq_user)
    verification.answer_for(number=number)
    bureau = certified.bureau
    form = client.get(f"/admin/regions/bureau/{bureau.pk}/change/").context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["full_name"] = "中华人民共和国湖北出入境检验检疫局（新）"
    response = committed(lambda: client.post(f"/admin/regions/bureau/{bureau.pk}/change/", data))
    assert response.status_code == 302, response.context and response.context["adminform"].errors
    assert verification.answer_for(number=number).bureau_full == data["full_name"]


def test_english_names_are_picked_at_reading_not_kept(number, settings):
    from django.utils import translation

    verification.answer_for(number=number)
    with translation.override("en"):
        answer = verification.answer_for(number=number)
        assert answer.bureau == "Hubei"
        assert answer.status_label == "Valid"
    assert verification.answer_for(number=number).bureau == "湖北"

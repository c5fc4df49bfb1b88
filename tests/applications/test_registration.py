"""企业在线注册 (ADR 0003, issue 12 point 3): the page never tells whether a user name or a
统一社会信用代码 is already in the portal. Every registration that is valid as typed gets the
same answer; its outcome goes to the e-mail address given. A code only claimed by an
unconfirmed registration does not block the real enterprise (tests/applications/
test_enterprise_claims.py). Registrations are rate-limited per client address."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from applications.models import Enterprise
from ecoorigin import settings as project_settings
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FRESH_USCC = factories.valid_uscc(424242)
DONE = "/register/done/"


@pytest.fixture(autouse=True)
def _room_to_register(settings):
    """Most tests register more often than the default limit allows; the limit has its tests."""
    settings.PUBLIC_RATE_LIMITS = {**django_settings.PUBLIC_RATE_LIMITS, "registration": "50/hour"}


@pytest.fixture
def existing(hq_user):
    """A confirmed enterprise with its account, and an unconfirmed claim with its account."""
    confirmed = factories.EnterpriseFactory(
        uscc=factories.valid_uscc(7),
        bureau=factories.bureau("chongqing"),
        confirmed_at=timezone.now(),
    )
    factories.enterprise_staff(confirmed, username="old-tea")
    pending = factories.EnterpriseFactory(
        uscc=factories.valid_uscc(8), bureau=factories.bureau("chongqing")
    )
    factories.enterprise_staff(pending, username="new-tea")
    return {"confirmed": confirmed, "pending": pending}


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """send(data, **extra) → the answer to a registration, its e-mail sent (on commit)."""

    def post(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/register/", data, **extra)

    return post


def licence(content: bytes = PDF, name: str = "营业执照.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def registration(**overrides) -> dict:
    data = {
        "name": "武陵山生态茶业有限公司",
        "uscc": FRESH_USCC,
        "bureau": factories.bureau("chongqing").pk,
        "address": "重庆市武隆区",
        "contact_name": "李四",
        "contact_phone": "023-12345678",
        "email": "tea@example.com",
        "username": "wulingshan",
        "password": "Ecological-Tea-2026!",
        "password_again": "Ecological-Tea-2026!",
        "licence": licence(),
    }
    return {**data, **overrides}


def html(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- a fresh registration


def test_a_fresh_registration_is_received_and_its_account_can_sign_in(client):
    response = client.post("/register/", registration())
    assert response.status_code == 302
    assert response["Location"] == DONE
    assert "_auth_user_id" not in client.session  # signing in would tell a fresh name apart

    user = User.objects.get(username="wulingshan")
    assert (user.role, user.is_active, user.email) == ("enterprise", True, "tea@example.com")
    enterprise = user.enterprise
    assert (enterprise.name, enterprise.uscc, enterprise.bureau.code) == (
        "武陵山生态茶业有限公司",
        FRESH_USCC,
        "chongqing",
    )
    assert enterprise.confirmed_at is None and enterprise.rejected_at is None
    assert enterprise.contact_email == "tea@example.com"
    assert enterprise.licence.read() == PDF

    signed_in = client.post(
        "/accounts/login/", {"username": "wulingshan", "password": "Ecological-Tea-2026!"}
    )
    assert signed_in.status_code == 302
    assert "企业信息待" in html(client.get("/"))


def test_the_done_page_says_where_the_outcome_is(client):
    page = client.get(DONE)
    assert page.status_code == 200
    assert "注册申请已提交" in html(page)
    assert "邮箱" in html(page)


def test_the_outcome_of_a_fresh_registration_is_e_mailed(send):
    send(registration())
    [message] = mail.outbox
    assert message.to == ["tea@example.com"]
    assert "wulingshan" in message.body
    assert "账户已开通" in message.body


def test_the_registration_page_asks_for_the_business_licence(client):
    page = html(client.get("/register/"))
    assert 'enctype="multipart/form-data"' in page
    assert 'name="licence"' in page


# ---------------------------------------------------------------- taken and free look the same


def _answer(response) -> tuple:
    """Everything the registrant's browser sees of the answer."""
    return (
        response.status_code,
        response.get("Location"),
        response.content,
        sorted(response.cookies.keys()),
        sorted(key for key in response.headers if key not in ("Date",)),
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"username": "old-tea"},  # the name of an existing account
        {"username": "OLD-tea"},  # the same name in other capitals
        {"username": "hq-officer"},  # a staff account's name
        {"uscc": factories.valid_uscc(7)},  # a confirmed enterprise's code
        {"uscc": factories.valid_uscc(8)},  # a code claimed by an unconfirmed registration
        {"username": "old-tea", "uscc": factories.valid_uscc(7)},
    ],
    ids=[
        "taken-name",
        "taken-name-capitals",
        "staff-name",
        "confirmed-code",
        "claimed-code",
        "both",
    ],
)
def test_taken_names_and_codes_get_the_same_answer_as_fresh_ones(client, existing, overrides):
    fresh = client.post("/register/", registration(username="fresh-one", uscc=FRESH_USCC))
    taken = client.post("/register/", registration(**overrides))
    assert _answer(taken) == _answer(fresh)
    assert "_auth_user_id" not in client.session


def test_a_taken_name_creates_nothing_and_changes_nothing(client, existing):
    owner = User.objects.get(username="old-tea")
    users, enterprises = User.objects.count(), Enterprise.objects.count()
    client.post("/register/", registration(username="old-tea"))
    assert (User.objects.count(), Enterprise.objects.count()) == (users, enterprises)
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert owner.enterprise == existing["confirmed"]


def test_a_taken_name_is_told_by_e_mail_only(send, existing):
    send(registration(username="OLD-TEA"))
    [message] = mail.outbox
    assert message.to == ["tea@example.com"]
    assert "用户名" in message.body and "不可使用" in message.body
    # Nothing of the existing account: not its enterprise, not its e-mail address.
    assert existing["confirmed"].name not in message.body


def test_the_e_mails_of_a_fresh_and_a_taken_name_go_to_the_registrant_alone(send, existing):
    send(registration(username="old-tea", email="a@example.com"))
    send(registration(username="fresh-one", email="b@example.com"))
    assert [m.to for m in mail.outbox] == [["a@example.com"], ["b@example.com"]]


# ---------------------------------------------------------------- errors of the input itself


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"uscc": "91110000123456789X"}, "uscc"),  # wrong check digit
        ({"password_again": "Something-Else-2026!"}, "password_again"),
        ({"password": "12345678", "password_again": "12345678"}, "password"),
        ({"licence": licence(b"<html>not a licence</html>", "licence.pdf")}, "licence"),
        ({"licence": ""}, "licence"),
    ],
    ids=["bad-uscc", "passwords-differ", "weak-password", "licence-not-pdf-or-image", "no-licence"],
)
def test_a_bad_registration_is_400_with_a_field_message_and_creates_nothing(send, overrides, field):
    users, enterprises = User.objects.count(), Enterprise.objects.count()
    response = send(registration(**overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert errors
    assert escape(errors[0]) in html(response)
    assert (User.objects.count(), Enterprise.objects.count()) == (users, enterprises)
    assert not mail.outbox


def test_a_password_is_never_shown_again(client):
    response = client.post("/register/", registration(password_again="Something-Else-2026!"))
    assert "Ecological-Tea-2026!" not in html(response)


def test_a_signed_in_user_is_sent_home(client_for, bureau_user):
    assert client_for(bureau_user).get("/register/")["Location"] == "/"


# ---------------------------------------------------------------- rate limit


@pytest.fixture
def five_an_hour(settings):
    settings.PUBLIC_RATE_LIMITS = {**django_settings.PUBLIC_RATE_LIMITS, "registration": "5/hour"}


def test_the_default_limit_is_five_an_hour():
    assert project_settings.PUBLIC_RATE_LIMITS["registration"] == "5/hour"


def test_registrations_are_limited_per_address(client, five_an_hour):
    for n in range(5):
        response = client.post("/register/", registration(username=f"try-{n}", uscc=FRESH_USCC))
        assert response.status_code == 302
    limited = client.post("/register/", registration(username="try-5"))
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "企业注册提交过于频繁" in html(limited)
    assert not User.objects.filter(username="try-5").exists()
    # The form comes back as typed, but without the password.
    assert 'value="try-5"' in html(limited)
    assert "Ecological-Tea-2026!" not in html(limited)

    other = client.post("/register/", registration(username="try-6"), REMOTE_ADDR="203.0.113.30")
    assert other.status_code == 302


def test_invalid_registrations_count_too(client, five_an_hour):
    for _ in range(5):
        assert client.post("/register/", registration(uscc="bad")).status_code == 400
    assert client.post("/register/", registration()).status_code == 429


def test_looking_at_the_form_is_not_counted(client, five_an_hour):
    for _ in range(10):
        assert client.get("/register/").status_code == 200
    assert client.post("/register/", registration()).status_code == 302

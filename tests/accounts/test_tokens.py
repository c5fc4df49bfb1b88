"""API tokens expire (API_TOKEN_TTL_HOURS after they were issued), are revoked when the password
changes, and an API client can revoke its own (DELETE /api/v1/auth/token/)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.services import token_obtain
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
ZONES = "/api/v1/zones/"
EXPIRED = "令牌已过期，请重新获取。"
NEW_PASSWORD = "Xin-mima-2026!"


def get_token(api_client, password=PASSWORD) -> dict:
    response = api_client.post(
        TOKEN, {"username": "clerk-hubei", "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def zones_with(api_client, key: str):
    return api_client.get(ZONES, HTTP_AUTHORIZATION=f"Token {key}")


def later(hours: float):
    return time_machine.travel(timezone.now() + timedelta(hours=hours))


# Lifetime ---------------------------------------------------------------------------------------


def test_the_answer_says_when_the_token_expires(api_client, bureau_user):
    body = get_token(api_client)
    token = Token.objects.get(user=bureau_user)
    assert body == {"token": token.key, "expires": body["expires"]}
    assert datetime.fromisoformat(body["expires"]) == token.created + timedelta(hours=24)


def test_a_fresh_token_works_until_its_lifetime_is_over(api_client, bureau_user):
    key = get_token(api_client)["token"]
    assert zones_with(api_client, key).status_code == 200
    with later(23.9):
        response = zones_with(api_client, key)
    assert response.status_code == 200
    assert response.wsgi_request.user == bureau_user


def test_an_expired_token_is_refused_with_401_and_deleted(api_client, bureau_user):
    key = get_token(api_client)["token"]
    with later(24):
        response = zones_with(api_client, key)
    assert response.status_code == 401
    assert response.json() == {"detail": EXPIRED}
    assert response["WWW-Authenticate"] == "Token"
    assert not Token.objects.filter(key=key).exists()


def test_the_lifetime_comes_from_the_settings(api_client, bureau_user, settings):
    settings.API_TOKEN_TTL_HOURS = 2
    body = get_token(api_client)
    assert datetime.fromisoformat(body["expires"]) == (
        Token.objects.get(user=bureau_user).created + timedelta(hours=2)
    )
    with later(2):
        assert zones_with(api_client, body["token"]).status_code == 401


def test_asking_again_before_expiry_gives_the_same_token(api_client, bureau_user):
    first = get_token(api_client)
    with later(12):
        assert get_token(api_client) == first


def test_asking_again_after_expiry_gives_a_new_token(api_client, bureau_user):
    first = get_token(api_client)
    with later(25):
        second = get_token(api_client)
        assert second["token"] != first["token"]
        assert datetime.fromisoformat(second["expires"]) > timezone.now() + timedelta(hours=23)
        assert zones_with(api_client, second["token"]).status_code == 200
    assert list(Token.objects.values_list("key", flat=True)) == [second["token"]]


def test_a_stale_token_sent_along_does_not_stop_getting_a_new_one(api_client, bureau_user):
    first = get_token(api_client)["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    with later(25):
        assert get_token(api_client)["token"] != first


# Refused tokens: 401; no credential at all: 403 as before -----------------------------------------


def test_an_unknown_token_is_401(api_client, bureau_user):
    response = zones_with(api_client, "0" * 40)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"]


def test_the_token_of_a_deactivated_user_is_401(api_client, bureau_user):
    key = get_token(api_client)["token"]
    bureau_user.is_active = False
    bureau_user.save()
    assert zones_with(api_client, key).status_code == 401


def test_a_request_without_any_credential_is_still_403(api_client):
    response = api_client.get("/api/v1/applications/")
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response


# Revoked when the password changes --------------------------------------------------------------


def test_changing_the_password_on_the_password_page_revokes_the_token(
    client, api_client, bureau_user
):
    key = get_token(api_client)["token"]
    client.post("/accounts/login/", {"username": "clerk-hubei", "password": PASSWORD})
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert zones_with(api_client, key).status_code == 401
    assert get_token(api_client, NEW_PASSWORD)["token"] != key


def test_an_administrator_setting_the_password_revokes_the_token(
    client, api_client, bureau_user, hq_user
):
    key = get_token(api_client)["token"]
    hq_user.is_staff = hq_user.is_superuser = True
    hq_user.save()
    client.force_login(hq_user)
    response = client.post(
        f"/admin/accounts/user/{bureau_user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not Token.objects.filter(key=key).exists()


def test_set_password_anywhere_revokes_the_token(bureau_user):
    token = token_obtain(user=bureau_user)
    bureau_user.set_password(NEW_PASSWORD)
    assert Token.objects.filter(pk=token.pk).exists()  # not before the save
    bureau_user.save()
    assert not Token.objects.filter(pk=token.pk).exists()


def test_other_changes_to_the_user_keep_the_token(api_client, bureau_user):
    key = get_token(api_client)["token"]  # signing in also saves last_login
    bureau_user.first_name = "新名字"
    bureau_user.save()
    assert zones_with(api_client, key).status_code == 200


# DELETE: an API client signs out ----------------------------------------------------------------


def test_delete_revokes_the_callers_token(api_client, bureau_user):
    key = get_token(api_client)["token"]
    response = api_client.delete(TOKEN, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 204
    assert not Token.objects.filter(user=bureau_user).exists()
    assert zones_with(api_client, key).status_code == 401


def test_delete_touches_only_the_callers_token(api_client, bureau_user, lead_bureau_user):
    other = token_obtain(user=lead_bureau_user)
    key = get_token(api_client)["token"]
    api_client.delete(TOKEN, HTTP_AUTHORIZATION=f"Token {key}")
    assert zones_with(api_client, other.key).status_code == 200


def test_delete_needs_a_token(client, api_client, bureau_user):
    assert api_client.delete(TOKEN).status_code == 401
    # A signed-in browser session is not a token to revoke.
    client.force_login(bureau_user)
    response = client.delete(TOKEN)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_delete_with_an_expired_token_says_it_expired(api_client, bureau_user):
    key = get_token(api_client)["token"]
    with later(24):
        response = api_client.delete(TOKEN, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert response.json() == {"detail": EXPIRED}


# Schema -----------------------------------------------------------------------------------------


@pytest.fixture
def schema(api_client):
    return api_client.get("/api/schema/?format=json").json()


def test_the_schema_documents_the_expiry_and_the_delete(schema):
    token = schema["components"]["schemas"]["Token"]
    assert token["properties"]["expires"]["format"] == "date-time"
    assert set(token["required"]) == {"token", "expires"}
    delete = schema["paths"][TOKEN]["delete"]
    assert set(delete["responses"]) == {"204", "401"}
    assert delete["security"] == [{"tokenAuth": []}]
    # The password sign-in reads no token.
    post = schema["paths"][TOKEN]["post"]
    assert set(post["responses"]) == {"200", "400", "415", "429"}
    assert post["security"] == [{}]


def test_the_schema_documents_the_401_of_a_refused_token(schema):
    assert {"401", "403"} <= set(schema["paths"][ZONES]["get"]["responses"])
    assert "401" not in schema["paths"]["/api/v1/public/complaints/"]["post"]["responses"]

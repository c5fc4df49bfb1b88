"""The signed-in user kept in the shared cache (accounts.backends): no query for the user's row
on the pages between its changes, and every change of the account seen on the next page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import KeptUserBackend, _key
from accounts.models import Role, User

pytestmark = pytest.mark.django_db

PAGE = "/accounts/jobs/"


@pytest.fixture
def kept(settings):
    """As in production, where the cache is shared by every process."""
    settings.SIGNED_IN_USER_CACHE_SECONDS = 60


def user_reads(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    return sum('FROM "accounts_user"' in query["sql"] for query in queries.captured_queries)


def test_a_page_after_the_first_reads_no_user_row(kept, client_for, bureau_user):
    client = client_for(bureau_user)
    assert user_reads(client) == 1
    assert user_reads(client) == 0


def test_nothing_is_kept_where_the_cache_is_each_process_own(settings, client_for, bureau_user):
    settings.SIGNED_IN_USER_CACHE_SECONDS = 0
    client = client_for(bureau_user)
    assert user_reads(client) == 1
    assert user_reads(client) == 1
    assert cache.get(_key(bureau_user.pk)) is None


def test_an_account_made_inactive_is_signed_out_on_its_next_page(kept, client_for, bureau_user):
    client = client_for(bureau_user)
    client.get(PAGE)
    bureau_user.is_active = False
    bureau_user.save()
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_password_changed_elsewhere_ends_the_session(kept, client_for, enterprise_user):
    client = client_for(enterprise_user)
    client.get(PAGE)
    enterprise_user.set_password("another-long-password-2026")
    enterprise_user.save()
    assert client.get(PAGE).status_code == 302


def test_a_new_role_shows_on_the_next_page(kept, client_for, bureau_user):
    client = client_for(bureau_user)
    client.get(PAGE)
    changed = User.objects.get(pk=bureau_user.pk)
    changed.role = Role.INSPECTOR  # a clerk moved to the inspectors of the same bureau
    changed.save()
    assert client.get(PAGE).wsgi_request.user.role == Role.INSPECTOR


def test_a_copy_kept_before_the_commit_is_forgotten_on_commit(
    kept, bureau_user, django_capture_on_commit_callbacks
):
    before = User.objects.get(pk=bureau_user.pk)
    with django_capture_on_commit_callbacks(execute=True):
        bureau_user.first_name = "改后姓名"
        bureau_user.save()
        # Another request read the row before this transaction committed, and kept it.
        cache.set(_key(bureau_user.pk), before, 60)
    assert KeptUserBackend().get_user(bureau_user.pk).first_name == "改后姓名"


def test_a_deleted_account_is_nobody(kept, bureau_user):
    backend = KeptUserBackend()
    assert backend.get_user(bureau_user.pk) == bureau_user
    User.objects.filter(pk=bureau_user.pk).delete()
    assert backend.get_user(bureau_user.pk) is None

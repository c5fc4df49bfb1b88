"""The signed-in header is kept rendered per user, language and page (`{% signed_in_header %}`,
casework.context_processors.navigation_key): what it shows must still follow every change of
what it depends on at once, and no kept fragment may carry a CSRF token."""

import re

import pytest
from django.core.cache import cache, caches

from tests import factories

pytestmark = pytest.mark.django_db


def fragments():
    """The parts of base.html the same for everyone, kept in each process
    (settings.CACHES["fragments"]); a user's own header is in the shared cache."""
    return caches["fragments"]


def header(response) -> str:
    """The page's header, its CSRF tokens blanked (each response masks the token afresh)."""
    page = response.content.decode().split('<main class="page"', 1)[0]
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", page)


def navcount(response, entry: str) -> int | None:
    found = re.search(
        rf">{re.escape(entry)}\s*<span class=\"navcount\"[^>]*>\s*(\d+)\s*<", header(response)
    )
    return int(found.group(1)) if found else None


def test_a_second_page_view_renders_the_header_from_the_cache(client_for, bureau_user):
    client = client_for(bureau_user)
    first = header(client.get("/accounts/jobs/"))
    kept = [key for key in cache._cache if "navigation:header:" in key]
    assert len(kept) == 1
    assert header(client.get("/accounts/jobs/")) == first
    assert "案件工作台" in first


def test_the_page_marks_itself_current_in_the_kept_navigation(client_for, hq_user):
    client = client_for(hq_user)
    jobs = header(client.get("/accounts/jobs/"))
    assert re.search(r'href="/accounts/jobs/"[^>]*aria-current="page"', jobs)
    cases = header(client.get("/cases/"))
    assert not re.search(r'href="/accounts/jobs/"[^>]*aria-current="page"', cases)
    assert re.search(r'href="/cases/"[^>]*aria-current="page"', cases)


def test_a_new_count_shows_at_once(client_for, bureau_user):
    client = client_for(bureau_user)
    assert navcount(client.get("/accounts/jobs/"), "企业确认") is None
    factories.EnterpriseFactory(bureau=bureau_user.bureau, confirmed_at=None)
    # The counts themselves are kept for a while; the landing page counts afresh, and from then
    # on every page's header shows the new count although its fragment was kept.
    client.get("/")
    assert navcount(client.get("/accounts/jobs/"), "企业确认") == 1


def test_a_changed_name_or_role_shows_at_once(client_for, bureau_user):
    client = client_for(bureau_user)
    assert "改名前" not in header(client.get("/accounts/jobs/"))
    bureau_user.first_name, bureau_user.last_name = "改名前", ""
    bureau_user.save()
    assert "改名前" in header(client.get("/accounts/jobs/"))
    bureau_user.role, bureau_user.bureau = "hq", None
    bureau_user.save()
    assert "绩效排名" in header(client.get("/accounts/jobs/"))


def test_each_language_has_its_own_header(client_for, hq_user):
    client = client_for(hq_user)
    assert "案件工作台" in header(client.get("/accounts/jobs/"))
    client.cookies["django_language"] = "en"
    english = header(client.get("/accounts/jobs/"))
    assert "案件工作台" not in english and "Log out" in english


def test_every_form_in_the_header_has_a_token_and_no_kept_fragment_holds_one(client_for, hq_user):
    page = client_for(hq_user).get("/accounts/jobs/").content.decode()
    forms = re.findall(r"<form.*?</form>", page.split('<main class="page"', 1)[0], flags=re.S)
    assert len(forms) == 2  # the language and the sign-out
    assert all(re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', form) for form in forms)
    entries = [store.get(key[3:]) for store in (cache, fragments()) for key in list(store._cache)]
    rendered = [entry for entry in entries if isinstance(entry, str)] + [
        part for entry in entries if isinstance(entry, tuple) for part in entry
    ]
    # The language list, the footer; the account menus and the main navigation (one entry).
    assert len(rendered) == 4
    assert not any("csrfmiddlewaretoken" in fragment for fragment in rendered)


def test_a_users_header_is_shared_by_every_process_and_the_rest_kept_in_each(client_for, hq_user):
    client_for(hq_user).get("/accounts/jobs/")
    shared = [key for key in cache._cache if "navigation:header:" in key]
    local = [key for key in fragments()._cache if ".cache." in key]
    assert len(shared) == 1  # the account menus and the main navigation
    assert "我的后台任务" in cache.get(shared[0][3:])[0]
    assert any("language-select" in key for key in local) and any("footer" in key for key in local)
    assert not any("navigation" in key or "account" in key for key in local)

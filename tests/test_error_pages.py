"""The portal's own error pages (issue 15, point 3): 400, 403, 404, 429 and 500 are pages of the
portal in the reader's language, with the navigation and a way back; under /api/ they are JSON.
With DEBUG on (`make run`) the visitor still sees them, not Django's technical pages, unless a
developer sets DEBUG_TECHNICAL_PAGES."""

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests import factories
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.error_urls"),
    pytest.mark.usefixtures("compiled_catalogues"),
]

WORDS = {
    "zh-hans": {
        "html": '<html lang="zh-CN">',
        400: "请求有误",
        403: "无权访问",
        "csrf": "表单已失效",
        404: "页面不存在",
        429: "请求过于频繁",
        500: "服务器出错",
        "code": "错误代码 {}",
        "home": "返回首页",
        "back": "返回上一页",
        "public nav": 'aria-label="公共服务"',
        "staff nav": 'aria-label="主导航"',
    },
    "en": {
        "html": '<html lang="en">',
        400: "Bad request",
        403: "Access denied",
        "csrf": "Form expired",
        404: "Page not found",
        429: "Too many requests",
        500: "Server error",
        "code": "Error {}",
        "home": "Back to the home page",
        "back": "Back to the previous page",
        "public nav": 'aria-label="Public services"',
        "staff nav": 'aria-label="Main navigation"',
    },
}
REFERER = "http://testserver/public/products/"


def reader(language: str, **options) -> Client:
    """A browser that chose `language` with the switcher and sees errors as a visitor does."""
    client = Client(raise_request_exception=False, HTTP_REFERER=REFERER, **options)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def bad_request(client, settings):
    return client.get("/public/products/", {"q": "茶\x00"})


def forbidden(client, settings):
    client.force_login(factories.enterprise_staff(username="ent-error"))
    return client.get("/regions/organisations/")


def not_found(client, settings):
    return client.get("/no-such-page/")


def too_many(client, settings):
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, "verification": "1/minute"}
    # Both requests in one window, however slow the machine (see conftest.one_rate_window).
    with time_machine.travel(timezone.now(), tick=False):
        client.get("/public/verify/NO-SUCH-1/")
        return client.get("/public/verify/NO-SUCH-1/")


def server_error(client, settings):
    return client.get("/test/crash/")


CASES = {400: bad_request, 403: forbidden, 404: not_found, 429: too_many, 500: server_error}


@pytest.mark.parametrize("language", WORDS)
@pytest.mark.parametrize("status", CASES)
def test_each_error_is_a_portal_page_in_the_readers_language(status, language, settings):
    words = WORDS[language]
    response = CASES[status](reader(language), settings)

    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert words["html"] in html
    assert f"<h1>{words[status]}</h1>" in html
    assert f"<title>{words[status]} · " in html
    assert words["code"].format(status) in html
    # The navigation, and the way back: where the reader came from and the home page.
    nav = words["staff nav"] if status == 403 else words["public nav"]
    assert nav in html
    assert f'<a class="button" href="{REFERER}">{words["back"]}</a>' in html
    assert f'<a class="button primary" href="/">{words["home"]}</a>' in html
    other = WORDS["en" if language == "zh-hans" else "zh-hans"]
    assert other[status] not in html


@pytest.mark.parametrize("language", WORDS)
def test_a_refused_csrf_check_says_what_to_do(language):
    words = WORDS[language]
    client = reader(language, enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "hq", "password": "x"})

    assert response.status_code == 403
    html = response.content.decode()
    assert words["html"] in html
    assert f"<h1>{words['csrf']}</h1>" in html
    assert words["public nav"] in html
    assert f'<a class="button" href="{REFERER}">{words["back"]}</a>' in html
    # The page carries a fresh token: the language switcher on it works.
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_way_back_leads_only_to_the_portals_own_pages():
    client = Client(HTTP_REFERER="https://elsewhere.example/phish/")
    html = client.get("/no-such-page/").content.decode()
    assert "elsewhere.example" not in html
    assert 'href="/"' in html


def test_the_500_page_still_renders_when_the_navigation_cannot(settings, hq_user):
    """The navigation counts need the database; when that is the fault, the page is rendered
    without the reader's context, with the public navigation, as Django's own 500 page is."""
    engine = settings.TEMPLATES[0]
    processors = [*engine["OPTIONS"]["context_processors"], "tests.error_urls.broken_context"]
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine["OPTIONS"], "context_processors": processors}}
    ]
    client = reader("en")
    client.force_login(hq_user)

    response = client.get("/test/crash/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Server error</h1>" in html
    assert WORDS["en"]["public nav"] in html


@pytest.mark.parametrize(
    ("method", "path", "status", "detail"),
    [
        ("get", "/api/v1/no-such-thing/", 404, "未找到。"),
        ("get", "/api/v1/zones/?q=%00", 400, "请求中不能包含空字符（NUL）。"),
        ("get", "/api/v1/test/forbidden/", 403, "您没有执行该操作的权限。"),
        ("post", "/api/v1/test/form/", 403, "您没有执行该操作的权限。"),
        ("get", "/api/v1/test/crash/", 500, "服务器出现了错误。"),
    ],
)
def test_under_api_errors_answer_json(method, path, status, detail):
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    response = getattr(client, method)(path)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail}


def test_an_api_error_follows_the_language_switcher_too():
    response = reader("en").get("/api/v1/no-such-thing/")
    assert response.json() == {"detail": "Not found."}


# ---------------------------------------------------------------- DEBUG on (`make run`)


@pytest.fixture
def debug(settings):
    """DEBUG as `make run` has it; the middleware is chosen when a client's handler starts."""
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_PAGES = False
    return settings


def test_with_debug_on_a_visitor_sees_the_portals_404_page(debug):
    response = reader("zh-hans").get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>页面不存在</h1>" in html
    assert WORDS["zh-hans"]["public nav"] in html
    assert "URLconf" not in html and "Django" not in html

    # Refused before any view (ecoorigin.middleware): the portal's pages as well.
    assert "<h1>页面不存在</h1>" in reader("zh-hans").get("/public/\x00/").content.decode()
    refused = reader("zh-hans").get("/public/products/", {"q": "\x00"})
    assert refused.status_code == 400
    assert "<h1>请求有误</h1>" in refused.content.decode()


def test_with_debug_on_a_missing_object_and_a_crash_show_the_portals_pages(debug, hq_user):
    client = reader("en")
    client.force_login(hq_user)

    missing = client.get("/regions/zones/no-such-zone/")
    assert missing.status_code == 404
    assert "<h1>Page not found</h1>" in missing.content.decode()
    assert WORDS["en"]["staff nav"] in missing.content.decode()

    crash = client.get("/test/crash/")
    assert crash.status_code == 500
    assert "<h1>Server error</h1>" in crash.content.decode()
    assert "Traceback" not in crash.content.decode()

    assert client.get("/api/v1/no-such-thing/").json() == {"detail": "Not found."}


def test_with_debug_on_addresses_without_their_slash_still_redirect(debug):
    response = Client().get("/public/products")
    assert response.status_code == 301
    assert response["Location"] == "/public/products/"


def test_developers_get_djangos_technical_pages_when_they_ask(debug):
    debug.DEBUG_TECHNICAL_PAGES = True
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert "Using the URLconf defined in" in response.content.decode()

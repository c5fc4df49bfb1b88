"""Security review (docs/security.md): Content-Security-Policy and no inline code, cookies and
headers, no open redirect, upload downloads that no browser renders."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver

from ecoorigin.downloads import attachment, download_name
from ecoorigin.uploads import CappedTemporaryFileUploadHandler
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
EVIL = ["//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil.example"]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (directive.split() for directive in header.split(";") if directive)
    }


# ---------------------------------------------------------------- Content-Security-Policy


def assert_strict(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_staff_public_and_api_responses_carry_the_strict_policy(client, api_client, hq_user):
    assert_strict(client.get("/public/verify/"))
    assert_strict(client.get("/accounts/login/"))
    assert_strict(api_client.get("/api/v1/public/certificates/NO-SUCH-1/"))
    client.force_login(hq_user)
    assert_strict(client.get("/"))
    assert_strict(client.get("/regions/dashboard/"))
    assert_strict(client.get("/admin/"))


def test_api_docs_load_their_script_from_the_portal(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert_strict(page)
    assert InlineCode.of(page.content.decode()).found == []
    script = re.search(r'<script src="([^"]*\?[^"]*script=[^"]*)"', page.content.decode())
    assert script, "the start-up script comes from the split view's own address"
    start_up = client.get(script.group(1).replace("&amp;", "&"))
    assert start_up.status_code == 200
    assert start_up["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in start_up.content.decode()


def test_only_the_health_page_and_the_browsable_api_allow_inline_styles(client, hq_user):
    client.force_login(hq_user)
    for url in ("/health/", "/api/v1/zones/"):
        directives = policy(client.get(url, HTTP_ACCEPT="text/html"))
        assert directives["style-src"] == ["'self'", "'unsafe-inline'"], url
        assert directives["script-src"] == ["'self'"], url
    assert_strict(client.get("/api/v1/zones/", HTTP_ACCEPT="application/json"))


class InlineCode(HTMLParser):
    """Finds what a strict CSP refuses: inline scripts, event handlers, javascript: URLs and
    (unless `scripts_only`) style attributes and <style> elements."""

    def __init__(self, scripts_only=False):
        super().__init__()
        self.scripts_only = scripts_only
        self.found: list[str] = []
        self._in_script = False

    @classmethod
    def of(cls, html: str, scripts_only=False) -> "InlineCode":
        parser = cls(scripts_only)
        parser.feed(html)
        return parser

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
        if "style" in attributes and not self.scripts_only:
            self.found.append(f"<{tag} style=…>")
        if tag == "style" and not self.scripts_only:
            self.found.append("<style>")
        # json_script data blocks are not run; every other script must come from a file.
        self._in_script = (
            tag == "script" and "src" not in attributes
            and attributes.get("type") != "application/json"
        )  # fmt: skip

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<script>alert(1)</script>", 1),
        ('<a href="#" onclick="go()">x</a>', 1),
        ('<a href=" JavaScript:go()">x</a>', 1),
        ('<p style="color: red">x</p>', 1),
        ("<style>p {}</style>", 1),
        ('<script id="d" type="application/json">{"a": 1}</script>', 0),
        ('<script src="/static/js/portal.js" defer></script>', 0),
        ('<p class="online">one</p>', 0),
    ],
)
def test_the_scanner_finds_inline_code(html, found):
    assert len(InlineCode.of(html).found) == found


def project_templates() -> list[Path]:
    # pdf/: WeasyPrint renders them on the server; no browser ever applies a CSP to them.
    return sorted(
        path
        for path in (ROOT / "templates").rglob("*.html")
        if path.relative_to(ROOT / "templates").parts[0] != "pdf"
    )


def test_no_template_has_inline_scripts_handlers_or_styles():
    templates = project_templates()
    assert len(templates) > 50
    offenders = {}
    for path in templates:
        found = InlineCode.of(path.read_text(encoding="utf-8")).found
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


def test_no_python_code_writes_html_with_inline_code():
    """HTML built in Python (format_html, mark_safe, HttpResponse) would escape the template scan."""
    pattern = re.compile(r"<script|<style|\s(on[a-z]+|style)=[\"']|javascript:", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in ("accounts", "applications", "regions", "supervision", "ecoorigin")
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def parameterless_routes() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return sorted(
        "/" + route
        for route in walk(get_resolver().url_patterns)
        if "<" not in route and "^" not in route and not route.startswith("admin/")
    )


@pytest.mark.parametrize("persona", [None, "hq_user", "lead_bureau_user", "enterprise_user"])
def test_every_page_renders_without_inline_code(client, request, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    routes = parameterless_routes()
    assert "/public/verify/" in routes and "/regions/dashboard/" in routes
    pages = 0
    offenders = {}
    for route in [*routes, "/public/verify/NO-SUCH-1/", "/public/complaints/NOSUCHCODE00/"]:
        response = client.get(route, HTTP_ACCEPT="text/html")
        if not response["Content-Type"].startswith("text/html") or response.streaming:
            continue
        pages += 1
        # Pages whose CSP allows their own inline styles (and only styles): the health page
        # and DRF's browsable API.
        scripts_only = route == "/health/" or route.startswith("/api/")
        found = InlineCode.of(response.content.decode(), scripts_only=scripts_only).found
        if found:
            offenders[route] = found
    assert pages > 10
    assert offenders == {}


def test_admin_pages_have_no_inline_code(client, hq_user):
    """Django's admin keeps scripts and styles in files; django-celery-beat's form is overridden
    to do the same."""
    from django.contrib import admin

    hq_user.is_staff = hq_user.is_superuser = True
    hq_user.save()
    client.force_login(hq_user)
    urls = ["/admin/"]
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [base, base + "add/"]
    checked = 0
    for url in urls:
        response = client.get(url)
        if response.status_code == 403:  # append-only records have no add form
            continue
        assert response.status_code == 200, url
        assert InlineCode.of(response.content.decode()).found == [], url
        checked += 1
    assert checked > 40
    form = client.get("/admin/django_celery_beat/periodictask/add/").content.decode()
    assert 'id="readable-crontabs"' in form
    assert "js/admin_periodic_task.js" in form


# ---------------------------------------------------------------- cookies and headers


def test_cookies_are_http_only_lax_and_end_with_the_browser(client, hq_user):
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": hq_user.username, "password": PASSWORD})
    assert response.status_code == 302
    session, csrf = response.cookies["sessionid"], client.cookies["csrftoken"]
    for cookie in (session, csrf):
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
    assert session["max-age"] == "" and session["expires"] == ""  # a browser-session cookie
    assert client.session.get_expiry_age() == 8 * 3600  # and 8 hours at most on the server

    language = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert language.cookies["django_language"]["httponly"] is True
    assert language.cookies["django_language"]["samesite"] == "Lax"


def test_pages_forbid_framing_sniffing_and_foreign_openers(client):
    response = client.get("/public/verify/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_autosave_script_needs_no_cookie():
    """CSRF_COOKIE_HTTPONLY holds only while no script reads document.cookie."""
    for script in (ROOT / "static" / "js").glob("*.js"):
        assert "document.cookie" not in script.read_text(encoding="utf-8"), script.name


# ---------------------------------------------------------------- open redirects


@pytest.mark.parametrize("target", EVIL)
def test_login_never_redirects_off_site(client, hq_user, target):
    form = client.get("/accounts/login/", {"next": target}).content.decode()
    # The login form does not carry the target on (the language switch keeps this page's path).
    assert (
        re.search(r'<form[^>]*class="form"[^>]*>.*?</form>', form, re.S)
        .group(0)
        .count('name="next" value=""')
        == 1
    )
    response = client.post(
        "/accounts/login/?next=" + target,
        {"username": hq_user.username, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_follows_a_next_on_the_portal(client, hq_user):
    response = client.post(
        "/accounts/login/",
        {"username": hq_user.username, "password": PASSWORD, "next": "/cases/?state=submitted"},
    )
    assert response["Location"] == "/cases/?state=submitted"


@pytest.mark.parametrize("target", EVIL)
def test_language_switch_and_logout_never_redirect_off_site(client, hq_user, target):
    switched = client.post(
        "/i18n/setlang/", {"language": "en", "next": target}, HTTP_REFERER=target
    )
    assert switched.status_code == 302 and "evil" not in switched["Location"]
    client.force_login(hq_user)
    logged_out = client.post("/accounts/logout/", {"next": target})
    assert logged_out.status_code == 302
    assert logged_out["Location"] == "/accounts/login/"


@pytest.mark.parametrize("target", EVIL)
def test_reporting_back_links_never_leave_the_portal(client, hq_user, target):
    client.force_login(hq_user)
    response = client.post("/regions/tables/export/", {"table": "nope", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    back = client.post(
        "/regions/tables/export/", {"table": "nope", "next": "/regions/rankings/?year=2025"}
    )
    assert back["Location"] == "/regions/rankings/?year=2025"


def test_lookup_forms_send_an_impossible_number_to_its_page_on_this_site(client):
    """No number or code has a "/", but whatever is typed goes to its own page, which answers."""
    verify = client.get("/public/verify/", {"number": "a/b"}, follow=True)
    assert verify.redirect_chain == [("/public/verify/A/B/", 302)]
    assert "未找到编号为 A/B 的证书" in verify.content.decode()
    lookup = client.get("/public/complaints/", {"code": "//evil.example"}, follow=True)
    assert lookup.redirect_chain == [("/public/complaints///EVIL.EXAMPLE/", 302)]
    assert lookup.status_code == 404
    assert "未找到查询码为 //EVIL.EXAMPLE 的投诉举报" in lookup.content.decode()


# ---------------------------------------------------------------- downloads


def test_documents_download_as_attachments_that_are_never_rendered():
    response = attachment(
        ContentFile(b"%PDF-1.4", name="x.pdf"), '报告"; x=.html', "application/pdf"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert '"; x=.html' not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("report.hta", "application/pdf", "report.pdf"),
        ("检测报告 v1.2.exe", "application/pdf", "检测报告 v1.2.pdf"),
        ("photo.png", "image/jpeg", "photo.jpg"),
        ("scan", "image/png", "scan.png"),
        # Kept, a right-to-left override would show "report\u202egpj.pdf" as "reportfdp.jpg".
        ("report\u202egpj.exe", "application/pdf", "report_gpj.pdf"),
        ('a\\b:c*d?"e<f>g|h\x00i\r\nj.html', "application/pdf", "a_b_c_d__e_f_g_h_i__j.pdf"),
        ("..hidden. .html", "image/png", "hidden.png"),
        (".html", "application/pdf", "html.pdf"),
        ("...", "application/pdf", "file.pdf"),
        ("export.csv", "text/html", "export.bin"),
    ],
)
def test_a_download_is_named_by_its_type_never_by_its_uploader(name, content_type, expected):
    assert download_name(name, content_type) == expected
    disposition = attachment(ContentFile(b"x", name="x"), name, content_type)["Content-Disposition"]
    assert disposition.endswith((f'filename="{expected}"', f"filename*=utf-8''{quote(expected)}"))


# ---------------------------------------------------------------- uploads


def test_an_oversized_upload_keeps_only_its_limit_on_disk(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    handler = CappedTemporaryFileUploadHandler()
    handler.new_file("file", "big.pdf", "application/pdf", 10 * 4096)
    for start in range(0, 10 * 4096, 4096):
        handler.receive_data_chunk(b"x" * 4096, start)
    stored = handler.file_complete(10 * 4096)
    assert stored.size == 10 * 4096  # the size sent: the checks refuse it by this
    assert len(stored.read()) == 1025  # the bytes kept
    handler.upload_interrupted()


def test_an_oversized_upload_is_refused_with_the_readable_message(client_for, settings):
    from applications.models import CaseDocument
    from tests.applications.factories import ApplicationFactory

    settings.UPLOAD_MAX_BYTES = 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # straight to the temporary file
    case = ApplicationFactory()
    owner = factories.enterprise_staff(case.enterprise, username="big-uploader")
    response = client_for(owner).post(
        f"/api/v1/applications/{case.pk}/documents/",
        {"file": ContentFile(b"%PDF-1.4\n" + b"0" * 8192 + b"%%EOF", name="big.pdf"),
         "kind": "material"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "文件过大" in response.json()["file"][0]
    assert not CaseDocument.objects.exists()


def test_a_request_with_too_many_files_is_refused_before_any_is_read(client):
    def post(count):
        files = [ContentFile(b"%PDF-1.4\n%%EOF", name=f"{n}.pdf") for n in range(count)]
        return client.post("/public/complaints/new/", {"attachment": files, "content": "x"})

    answered_by_the_form = post(20)
    assert answered_by_the_form.status_code == 400
    assert 'name="content"' in answered_by_the_form.content.decode()
    refused = post(21)
    assert refused.status_code == 400
    assert 'name="content"' not in refused.content.decode()


# ---------------------------------------------------------------- exports


def test_xlsx_exports_hold_text_never_formulas():
    from openpyxl import Workbook, load_workbook

    from regions.jobs import _xlsx

    book = Workbook()
    book.active.append(["湖北局", '=HYPERLINK("https://evil.example","点击")', 3])
    cells = next(load_workbook(io.BytesIO(_xlsx(book))).active.iter_rows())
    assert [cell.data_type for cell in cells] == ["s", "s", "n"]
    assert cells[1].value == '=HYPERLINK("https://evil.example","点击")'


@pytest.mark.parametrize(
    ("value", "written"),
    [("=1+1", "'=1+1"), ("+86 10", "'+86 10"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\t=1", "'\t=1"), ("湖北", "湖北"), ("", ""), (-5, -5), (92.5, 92.5)],
)  # fmt: skip
def test_csv_exports_defuse_formula_starts(value, written):
    from regions.jobs import _csv_cell

    assert _csv_cell(value) == written

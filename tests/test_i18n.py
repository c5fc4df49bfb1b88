"""Language and time: 简体中文 unless the user picks English with the switcher, a complete English
catalogue that compiles, and times shown in Beijing time (docs/adr/0001-chinese-source-strings.md).
"""

import ast
import contextlib
import fcntl
import hashlib
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test.signals import setting_changed
from django.utils import timezone, translation

from accounts.models import Job

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
PO_FILES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
# Where makemessages does not look (README: `makemessages --ignore=...`).
NOT_SCANNED = {".venv", "staticfiles", "tests", "data", "node_modules", "migrations"}

ZH_TITLE = "生态原产地产品保护"
EN_TITLE = "Eco-Origin Product Protection"


# --- the compiled catalogue ---------------------------------------------------------------------


def _stale(po: Path) -> bool:
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


@pytest.fixture(scope="session")
def compiled_catalogues():
    """The .mo files, compiled with compilemessages when missing or older than their .po, so a
    fresh clone's `pytest` works without `make translations`. (.mo files are not committed.)"""
    if any(_stale(po) for po in PO_FILES):
        if shutil.which("msgfmt") is None:
            pytest.skip("msgfmt (GNU gettext) is needed to compile the catalogues")
        # pytest-xdist workers compile one at a time; the others then find fresh .mo files.
        key = hashlib.sha256(str(LOCALE_DIR).encode()).hexdigest()[:12]
        lock = Path(tempfile.gettempdir()) / f"ecoorigin-compilemessages-{key}.lock"
        with lock.open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                stale = sorted({po.parent.parent.name for po in PO_FILES if _stale(po)})
                if stale:
                    # From inside LOCALE_PATHS, compilemessages finds no other locale folders
                    # (it walks the working directory, which would include .venv/).
                    with contextlib.chdir(LOCALE_DIR):
                        call_command("compilemessages", locale=stale, verbosity=0)
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        # Forget catalogues loaded before the .mo files existed.
        setting_changed.send(
            sender=None,
            setting="LOCALE_PATHS",
            value=settings.LOCALE_PATHS,
            enter=False,
        )
    assert not any(_stale(po) for po in PO_FILES), "compilemessages left a .mo file out of date"


# --- which language is shown ---------------------------------------------------------------------


def _switch(client, language: str, next_url: str = "/"):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url}, follow=True)


@pytest.mark.django_db
def test_browser_language_is_ignored_without_a_choice(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in html
    assert ZH_TITLE in html
    assert EN_TITLE not in html
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="zh-CN">' in html
    assert ZH_TITLE in html


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogues")
def test_switcher_changes_the_language_and_back(client):
    response = _switch(client, "en")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.redirect_chain, "set_language redirects to `next`"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in html
    assert f"<title>Home · {EN_TITLE}</title>" in html
    assert "Cooperation zones" in html
    assert "工作联动片区" not in html

    # The choice sticks to later pages, whatever the browser asks for.
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en">' in html
    assert "Username" in html

    html = _switch(client, "zh-hans").content.decode()
    assert '<html lang="zh-CN">' in html
    assert f"<title>首页 · {ZH_TITLE}</title>" in html
    assert "工作联动片区" in html
    assert EN_TITLE not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogues")
def test_signed_in_pages_follow_the_switcher(client_for, hq_user, lead_bureau_user):
    client = client_for(hq_user)
    html = _switch(client, "en").content.decode()
    assert "Headquarters dashboard" in html
    assert "Lead bureaus" in html and "Special zone" in html
    assert "总局工作台" not in html

    html = _switch(client, "zh-hans").content.decode()
    assert "总局工作台" in html
    assert "Headquarters dashboard" not in html

    client = client_for(lead_bureau_user)
    html = _switch(client, "en").content.decode()
    # Plural forms: 重庆局 sits in one zone and, as its lead, sees eight bureaus.
    assert "Member of 1 zone." in html
    assert "view the data of 8 direct bureaus" in html


@pytest.mark.usefixtures("compiled_catalogues")
def test_plural_forms_of_the_english_catalogue():
    msgid = "参加 %(counter)s 个片区。"
    with translation.override("en"):
        assert translation.ngettext(msgid, msgid, 1) % {"counter": 1} == "Member of 1 zone."
        assert translation.ngettext(msgid, msgid, 2) % {"counter": 2} == "Member of 2 zones."
    with translation.override("zh-hans"):
        assert translation.ngettext(msgid, msgid, 2) % {"counter": 2} == "参加 2 个片区。"


# --- the catalogue itself -------------------------------------------------------------------------


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: {"flags", "msgctxt", "msgid", "msgid_plural", "msgstr[n]"...}.
    Enough of the format for makemessages' output; obsolete (#~) entries are left out."""
    entries, entry, key = [], {"flags": set()}, None

    def flush():
        nonlocal entry, key
        if "msgid" in entry and not entry.get("obsolete"):
            entries.append(entry)
        entry, key = {"flags": set()}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            keyword, _space, text = line.partition(" ")
            if keyword == "msgstr":
                keyword = "msgstr[0]"
            key = keyword
            entry[key] = ast.literal_eval(text)
    flush()
    return entries


def _translations(entry: dict) -> list[str]:
    return [value for key, value in sorted(entry.items()) if key.startswith("msgstr[")]


def test_english_catalogue_header():
    header = next(e for e in parse_po(EN_PO) if e["msgid"] == "")
    assert "fuzzy" not in header["flags"], "a fuzzy header is dropped by msgfmt (charset, plurals)"
    assert "Language: en\n" in header["msgstr[0]"]
    assert "charset=UTF-8" in header["msgstr[0]"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr[0]"]


def test_english_catalogue_is_complete():
    entries = [e for e in parse_po(EN_PO) if e["msgid"]]
    assert len(entries) > 100
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in entries if not all(t.strip() for t in _translations(e))]
    assert not fuzzy, f"fuzzy entries in {EN_PO}: {fuzzy}"
    assert not empty, f"untranslated entries in {EN_PO}: {empty}"
    for entry in entries:
        expected = 2 if "msgid_plural" in entry else 1
        assert len(_translations(entry)) == expected, entry["msgid"]


def test_english_catalogue_keeps_the_placeholders():
    for entry in parse_po(EN_PO):
        if "python-format" not in entry["flags"]:
            continue
        wanted = set(re.findall(r"%\((\w+)\)[sd]", entry["msgid"]))
        for text in _translations(entry):
            assert set(re.findall(r"%\((\w+)\)[sd]", text)) == wanted, entry["msgid"]


def test_english_catalogue_is_english():
    cjk = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
    for entry in parse_po(EN_PO):
        if entry["msgid"]:
            for text in _translations(entry):
                assert not cjk.search(text), f"Chinese left in {entry['msgid']!r}: {text!r}"


def _scanned_files(pattern: str):
    for path in BASE_DIR.rglob(pattern):
        parts = path.relative_to(BASE_DIR).parts
        if not any(part in NOT_SCANNED or part.startswith(".") for part in parts):
            yield path


_TEMPLATE_TRANSLATE = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(["'])(.+?)\1(?:\s+context\s+(["'])(.+?)\3)?"""
)
_PYTHON_GETTEXT = re.compile(
    r"""(?<![\w.])(?:_|gettext|gettext_lazy)\(\s*("(?:[^"\\]|\\.)*")\s*[,)]"""
)


def test_every_marked_string_is_in_the_english_catalogue():
    """A string marked in a template or in Python but missing from the catalogue would show
    Chinese on an English page: run makemessages and translate it."""
    known = {(e.get("msgctxt"), e["msgid"]) for e in parse_po(EN_PO)}
    marked = set()
    for path in _scanned_files("*.html"):
        for match in _TEMPLATE_TRANSLATE.finditer(path.read_text(encoding="utf-8")):
            marked.add((match.group(4), match.group(2), path))
    for path in _scanned_files("*.py"):
        for match in _PYTHON_GETTEXT.finditer(path.read_text(encoding="utf-8")):
            marked.add((None, ast.literal_eval(match.group(1)), path))
    assert len(marked) > 50
    missing = sorted(
        f"{path.relative_to(BASE_DIR)}: {msgid}"
        for context, msgid, path in marked
        if (context, msgid) not in known
    )
    assert not missing, "not in locale/en (run makemessages, then translate):\n" + "\n".join(
        missing
    )


@pytest.mark.parametrize("po", PO_FILES, ids=lambda po: str(po.relative_to(LOCALE_DIR)))
def test_catalogue_compiles(po):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_there_is_an_english_catalogue():
    assert EN_PO in PO_FILES


# --- time -----------------------------------------------------------------------------------------

UTC_AFTERNOON = datetime(2026, 1, 4, 16, 30, tzinfo=UTC)  # 2026-01-05 00:30 in Beijing


def test_time_zone_is_shanghai():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    local = timezone.localtime(UTC_AFTERNOON)
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2026, 1, 5, 0, 30)


def test_templates_show_shanghai_time():
    rendered = Template('{{ when|date:"Y-m-d H:i" }}|{{ when|time:"H:i" }}').render(
        Context({"when": UTC_AFTERNOON})
    )
    assert rendered == "2026-01-05 00:30|00:30"


@pytest.mark.django_db
def test_job_list_shows_shanghai_time(client_for, hq_user):
    job = Job.objects.create(owner=hq_user, kind="regions.directory_export")
    Job.objects.filter(pk=job.pk).update(created_at=UTC_AFTERNOON)
    html = client_for(hq_user).get("/accounts/jobs/").content.decode()
    assert "2026-01-05 00:30" in html
    assert "2026-01-04 16:30" not in html

"""Screenshots of every role's landing page for docs/screenshots/ (issue 15): `make screenshots`.

Skipped unless SCREENSHOTS_DIR names the directory to write them to; the make target sets it to
docs/screenshots/. The pages are those of the demo data (`seed_demo`, what `make run` shows), in
Chinese, on a laptop (1366 × 768) and a phone (375 × 812): each picture is the top of the page,
at most two screens tall, in 256 colours (small enough to keep in the repository). Each landing
page is checked as it is shot: the top bar names the role, nothing is wider than the window, and
axe-core finds no serious violation (conftest.py)."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from .conftest import AFTER_RESIZE, PHONE

SCREENSHOTS_DIR = os.environ.get("SCREENSHOTS_DIR", "")

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not SCREENSHOTS_DIR, reason="SCREENSHOTS_DIR is not set: make screenshots"),
]

# (file name, demo account, what the top bar says of it); no account: a visitor's home page.
PERSONAS = [
    ("public", None, None),
    ("hq", "hq", "总局"),
    ("bureau", "bureau-hubei", "直属局"),  # a member of two zones, leading none
    ("zone-lead", "bureau-chongqing", "片区牵头"),  # leads 西南片区: the demo cases are its own
    ("enterprise", "ent-beijing", "企业用户"),
    ("agency", "agency-1", "评定机构"),
    ("inspector", "inspector-1", "检查员"),
    ("government", "gov-beijing", "地方政府"),  # a demonstration zone's local government
]
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": PHONE}
SCREENS = 2  # the most a picture shows, in window heights
WIDER_THAN_THE_WINDOW = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


def shoot(page, path: Path, size: dict) -> None:
    """The top of the page shown, at most SCREENS windows of `size` tall, as a 256-colour PNG."""
    from PIL import Image

    page.set_viewport_size(size)
    page.evaluate(AFTER_RESIZE)
    assert not page.evaluate(WIDER_THAN_THE_WINDOW), f"{path.name}: wider than the window"
    height = min(page.evaluate("document.documentElement.scrollHeight"), size["height"] * SCREENS)
    page.screenshot(
        path=str(path),
        full_page=True,
        clip={"x": 0, "y": 0, "width": size["width"], "height": height},
        animations="disabled",
        caret="hide",
    )
    with Image.open(path) as picture:
        small = picture.convert("RGB").quantize(colors=256)
    small.save(path, optimize=True)


@pytest.mark.parametrize(("name", "username", "role"), PERSONAS, ids=[p[0] for p in PERSONAS])
def test_the_landing_page_of_each_role(page, log_in, name, username, role):
    call_command("seed_demo", force=True, stdout=StringIO())
    directory = Path(SCREENSHOTS_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    if username:
        log_in(username, settings.DEMO_PASSWORD)
        assert role in page.locator(".whoami").inner_text()
    else:
        page.goto("/")
        assert page.locator("#home-number").is_visible()  # the verification box
    assert page.evaluate("location.pathname") == "/"
    for size_name, size in SIZES.items():
        shoot(page, directory / f"{name}-{size_name}.png", size)

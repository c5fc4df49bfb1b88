"""The Content-Security-Policy in a real browser: the pages that run scripts (the HQ dashboard's
Chart.js charts, the API docs' Swagger UI, the draft autosave) work under it and the browser
reports no violation; an inline script, for comparison, is refused and reported."""

import pytest
from django.utils import timezone

from regions import services
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed rows; serialized_rollback restores the organisation data
    # (bureaus, zones: a data migration) that a transactional test empties when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs before any page script, outside the page's policy (Playwright injects it).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def violations(page):
    """What the browser refused on the pages visited: reported events and console messages."""
    page.add_init_script(LISTEN)
    seen = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))

    def collect():
        return seen + page.evaluate("window.__violations")

    return collect


def test_dashboard_charts_and_api_docs_run_under_the_policy(page, log_in, hq_user, violations):
    services.ranking_compute(year=timezone.localdate().year)
    log_in(hq_user.username, PASSWORD)

    page.goto("/regions/dashboard/")
    # Chart.js drew the charts: it registers every chart it creates.
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 2")
    assert page.locator("canvas[data-chart]").first.bounding_box()["height"] > 0
    assert violations() == []

    page.goto("/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".opblock-tag").first.wait_for()  # the schema was fetched and rendered
    assert violations() == []

    # The detector is not blind: an inline script is refused and reported.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); }"
    )
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("window.inlineRan === undefined")
    assert any("script-src" in violation for violation in violations())


def test_the_periodic_task_form_explains_a_crontab_without_inline_script(
    page, log_in, hq_user, violations
):
    from django_celery_beat.models import CrontabSchedule

    crontab = CrontabSchedule.objects.create(minute="15", hour="1", timezone="Asia/Shanghai")
    hq_user.is_staff = hq_user.is_superuser = True
    hq_user.save()
    log_in(hq_user.username, PASSWORD)

    page.goto("/admin/django_celery_beat/periodictask/add/")
    assert page.locator(".field-crontab_translation").is_hidden()
    page.locator("#id_crontab").select_option(str(crontab.pk))
    help_text = page.locator(".field-crontab .help")
    assert "01:15" in help_text.inner_text()
    assert violations() == []

"""What a walk through the portal does again and again, as a person would: sign out, follow the
main navigation, fill in a field by its label, fire a transition from a case's page through its
confirmation page, and check that the browser refused nothing under the Content-Security-Policy
on the way (every page is checked with axe-core by the `page` fixture itself). And the start of
the demonstration programmes' walks after the zone's own: a designated zone (`designated_zone`)."""

import re
from datetime import timedelta

from django.utils import timezone

from demonstration.models import DemonstrationZone
from regions.models import Organisation

from .conftest import RESULTS
from .test_content_security_policy import LISTEN

ZONE = "顺义汽车零部件出口工业产品质量安全示范区"


def designated_zone(applicant: Organisation) -> DemonstrationZone:
    """A national zone of the government `applicant`, designated this year (the zones' own walk
    goes through the designation)."""
    today = timezone.localdate()
    zone = DemonstrationZone.objects.create(
        level="national",
        name=ZONE,
        applicant=applicant,
        bureau=applicant.bureau,
        industry="汽车零部件",
        enterprise_count=86,
        cluster="汽车零部件出口企业 86 家，形成完整产业链。",
        export_value="125000.50",
        export_share="12.50",
        local_share="35.00",
        quality="近三年无国外通报召回。",
        organisation="区政府设示范区建设领导小组。",
        in_quality_appraisal=True,
    )
    # The state is protected (it changes through the engine): set up as the tests' make_zone.
    DemonstrationZone.objects.filter(pk=zone.pk).update(
        state="designated",
        submitted_at=timezone.now(),
        number=f"QSZ-N-{today.year}-001",
        designated_at=today,
        valid_until=today + timedelta(days=3 * 365),
    )
    return DemonstrationZone.objects.get(pk=zone.pk)


class Walk:
    """One test's walk on `page` (the Audited page of the `page` fixture); screenshots are named
    `<name>_<step>.png` in test-results/."""

    def __init__(self, page, name: str):
        self.page, self.name = page, name
        self.refused: list[str] = []
        RESULTS.mkdir(exist_ok=True)
        page.add_init_script(LISTEN)
        page.on(
            "console",
            lambda message: (
                self.refused.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: self.refused.append(f"page error: {error}"))

    def no_violations(self) -> None:
        assert self.refused + self.page.evaluate("window.__violations") == []

    def shot(self, step: str) -> None:
        self.page.screenshot(path=str(RESULTS / f"{self.name}_{step}.png"), full_page=True)

    def sign_out(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="退出登录").click()
        assert self.page.locator(".whoami").count() == 0

    def nav(self, name: str) -> None:
        """A link of the signed-in user's main navigation (its count of unread or waiting
        items, if any, after the name)."""
        self.page.get_by_role("navigation", name="主导航").get_by_role(
            "link", name=re.compile(f"^{re.escape(name)}( .*)?$")
        ).click()

    def public_nav(self, name: str) -> None:
        self.page.get_by_role("navigation", name="公共服务").get_by_role(
            "link", name=name, exact=True
        ).click()

    def heading(self, name: str) -> None:
        """Wait for the page whose h1 starts with `name`."""
        self.page.get_by_role("heading", name=re.compile(f"^{re.escape(name)}"), level=1).wait_for()

    def field(self, label: str):
        """The input labelled `label` (a required field's label ends in " *")."""
        return self.page.get_by_label(re.compile(f"^{re.escape(label)}( \\*)?$"))

    def state(self) -> str:
        """The state shown beside the case's name in the page heading."""
        return self.page.locator("h1 .state").inner_text()

    def message(self) -> str:
        return self.page.locator("ul.messages").inner_text()

    def submit(self, button: str) -> None:
        """Press the form's button `button` and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button, exact=True).click()

    def fire(self, action: str, *, choose: tuple[str, ...] = (), **fields: str) -> None:
        """On a case's page: the action's button, its confirmation page (the radio buttons
        labelled in `choose` chosen, the fields filled in), back on the case's page."""
        self.page.get_by_role("link", name=action, exact=True).click()
        self.page.get_by_role("heading", name=action, level=1).wait_for()
        for label in choose:
            self.page.get_by_role("radio", name=label, exact=True).check()
        for label, value in fields.items():
            self.field(label).fill(value)
        self.submit(f"确认{action}")
        assert f"已完成：{action}。" in self.message()
        self.no_violations()

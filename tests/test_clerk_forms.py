"""Forms a clerk likes (issue 15 point 7): every multiple choice of the portal's pages is a list
of check boxes with a box that filters it (ecoorigin.widgets.CheckList, static/js/forms.js), not
a list box that needs Ctrl-click; the group is a fieldset named by its legend."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django import forms
from django.conf import settings
from django.utils import timezone

from applications.forms import WorklistFilterForm
from ecoorigin.widgets import CheckList
from regions.forms import ResearchProjectForm
from regions.models import Bureau, Zone
from supervision.forms import PlanForm, PoolMemberForm
from supervision.models import InspectionPlan
from supervision.selectors import pool_candidates_for
from tests import factories, lottery

pytestmark = pytest.mark.django_db


class _Tags(HTMLParser):
    """Every start tag as (tag, attributes), and the text of each legend."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.legends: list[str] = []
        self._legend: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "legend":
            self._legend = []

    def handle_data(self, data):
        if self._legend is not None:
            self._legend.append(data)

    def handle_endtag(self, tag):
        if tag == "legend" and self._legend is not None:
            self.legends.append("".join(self._legend).strip())
            self._legend = None


def tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def checkboxes(parsed: _Tags, name: str) -> list[str]:
    return [
        attrs["value"]
        for tag, attrs in parsed.tags
        if tag == "input" and attrs.get("type") == "checkbox" and attrs.get("name") == name
    ]


def no_list_boxes(parsed: _Tags) -> bool:
    return not any(tag == "select" and "multiple" in attrs for tag, attrs in parsed.tags)


def filter_boxes(parsed: _Tags) -> list[dict]:
    return [attrs for tag, attrs in parsed.tags if "data-checklist-filter" in attrs]


def test_every_multiple_choice_of_the_portals_forms_is_a_check_box_list(hq_user, lead_bureau_user):
    multiple = {
        "PlanForm": PlanForm(user=hq_user),
        "ResearchProjectForm": ResearchProjectForm(user=lead_bureau_user),
        "PoolMemberForm": PoolMemberForm(candidates=pool_candidates_for(user=hq_user)),
        "WorklistFilterForm": WorklistFilterForm(user=hq_user),
    }
    found = {
        (name, field_name): type(field.widget)
        for name, form in multiple.items()
        for field_name, field in form.fields.items()
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    }
    assert found == {
        ("PlanForm", "zones"): CheckList,
        ("PlanForm", "bureaus"): CheckList,
        ("PlanForm", "categories"): CheckList,
        ("ResearchProjectForm", "member_bureaus"): CheckList,
        ("PoolMemberForm", "specialities"): CheckList,
        ("WorklistFilterForm", "state"): CheckList,
    }


def test_the_plan_form_page_has_check_box_lists_with_a_filter_box(client_for, hq_user):
    response = client_for(hq_user).get("/supervision/plans/new/")
    assert response.status_code == 200
    parsed = tags(response.content.decode())
    assert no_list_boxes(parsed)
    assert len(checkboxes(parsed, "bureaus")) == Bureau.objects.count() == 35
    assert len(checkboxes(parsed, "zones")) == Zone.objects.count()
    assert checkboxes(parsed, "categories")
    # One filter box per list, named, tied to its list, with no name (never sent with the form)
    # and hidden until the script shows it (without scripts the check boxes work alone).
    boxes = filter_boxes(parsed)
    assert [box["aria-controls"] for box in boxes] == ["id_zones", "id_bureaus", "id_categories"]
    assert all(box["type"] == "search" and box["aria-label"] and "name" not in box for box in boxes)
    assert (
        sum("data-checklist-tools" in attrs and "hidden" in attrs for _t, attrs in parsed.tags) == 3
    )
    assert {"范围：片区", "范围：直属局", "范围：产品类别"} <= set(parsed.legends)
    assert "Ctrl" not in response.content.decode()


def test_a_bureaus_plan_form_has_no_scope_lists_but_categories(client_for, bureau_user):
    parsed = tags(client_for(bureau_user).get("/supervision/plans/new/").content.decode())
    assert checkboxes(parsed, "bureaus") == checkboxes(parsed, "zones") == []
    assert checkboxes(parsed, "categories")
    assert len(filter_boxes(parsed)) == 1


def test_the_research_project_form_lists_the_other_bureaus_as_check_boxes(
    client_for, lead_bureau_user
):
    response = client_for(lead_bureau_user).get("/regions/activities/research/new/")
    assert response.status_code == 200
    parsed = tags(response.content.decode())
    assert no_list_boxes(parsed)
    values = checkboxes(parsed, "member_bureaus")
    assert len(values) == 34 and str(lead_bureau_user.bureau_id) not in values
    assert len(filter_boxes(parsed)) == 1
    assert "参加单位" in parsed.legends


def test_the_pool_form_lists_the_specialities_as_check_boxes(client_for, hq_user):
    parsed = tags(client_for(hq_user).get("/supervision/pool/").content.decode())
    assert checkboxes(parsed, "specialities")
    assert len(filter_boxes(parsed)) == 1


def test_checked_boxes_are_sent_as_the_choice(client_for, hq_user):
    """What the browser sends for ticked boxes (the name once per box) is the list the form
    takes: a plan scoped to two bureaus is saved with both."""
    hubei, hunan = factories.bureau("hubei"), factories.bureau("hunan")
    response = client_for(hq_user).post(
        "/supervision/plans/new/",
        {
            "name": "两局抽查",
            "planned_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "sample_size": "1",
            "team_size": "2",
            "bureaus": [str(hubei.pk), str(hunan.pk)],
            "exclude_own_bureau": "on",
            **lottery.declared_form(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(InspectionPlan.objects.get(name="两局抽查").bureaus.all()) == {hubei, hunan}


def test_the_filter_script_is_a_static_file_loaded_by_every_page(client_for, hq_user):
    """No inline script (the Content-Security-Policy refuses it): the base template loads it."""
    page = client_for(hq_user).get("/supervision/plans/new/").content.decode()
    assert '<script src="/static/js/forms.js" defer></script>' in page
    script = (settings.BASE_DIR / "static" / "js" / "forms.js").read_text()
    assert "[data-checklist]" in script and "data-checklist-filter" in script

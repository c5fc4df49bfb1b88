"""The worklist filter's product categories, kept in the shared cache (applications.categories):
read once, and a category HQ adds, renames or stops shows on the next page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from applications.categories import KEY, active_category_choices
from applications.models import ProductCategory

pytestmark = pytest.mark.django_db

WORKLIST = "/cases/"


def category_options(client) -> str:
    page = client.get(WORKLIST).content.decode()
    return page.split('name="category"', 1)[1].split("</select>", 1)[0]


def test_a_second_worklist_page_reads_no_category(client_for, bureau_user):
    client = client_for(bureau_user)
    assert 'value="tea"' in category_options(client)
    with CaptureQueriesContext(connection) as queries:
        client.get(WORKLIST)
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].find('FROM "applications_productcategory"') >= 0
    ]
    assert not reads, reads


def test_a_category_added_stopped_or_renamed_shows_on_the_next_page(client_for, bureau_user):
    client = client_for(bureau_user)
    category_options(client)
    added = ProductCategory.objects.create(code="new-kind", name="新增类别", name_en="New kind")
    assert 'value="new-kind"' in category_options(client)
    added.name = "改名类别"
    added.save()
    assert "改名类别" in category_options(client)
    added.is_active = False
    added.save()
    assert 'value="new-kind"' not in category_options(client)


def test_the_english_name_where_english_is_active():
    ProductCategory.objects.create(code="bilingual", name="双语类别", name_en="Bilingual kind")
    with translation.override("en"):
        assert ("bilingual", "Bilingual kind") in active_category_choices()
    with translation.override("zh-hans"):
        assert ("bilingual", "双语类别") in active_category_choices()


def test_a_list_kept_before_the_commit_is_forgotten_on_commit(django_capture_on_commit_callbacks):
    before = active_category_choices() and cache.get(KEY)
    with django_capture_on_commit_callbacks(execute=True):
        ProductCategory.objects.create(code="late", name="迟到类别")
        cache.set(KEY, before)  # another request read the categories before this commit
    assert "late" in dict(active_category_choices())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_application_form_offers_the_same_options_as_drawn_from_the_table(language):
    from django import forms

    from applications.forms import ApplicationForm

    ProductCategory.objects.create(code="bilingual", name="双语类别", name_en="Bilingual kind")
    ProductCategory.objects.create(code="stopped", name="停用类别", is_active=False)

    class FromTheTable(forms.Form):
        category = forms.ModelChoiceField(
            label=ApplicationForm.base_fields["category"].label,
            queryset=ProductCategory.objects.filter(is_active=True),
        )

    tea = ProductCategory.objects.get(code="tea")
    with translation.override(language):
        for data in (None, {"category": tea.pk}):
            kept = str(ApplicationForm(data)["category"].as_widget())
            assert kept == str(FromTheTable(data)["category"].as_widget())
    assert "停用类别" not in kept


def test_the_application_form_draws_its_categories_without_a_query():
    from applications.forms import ApplicationForm

    active_category_choices()  # kept by an earlier page
    with CaptureQueriesContext(connection) as queries:
        str(ApplicationForm()["category"])
    assert not queries.captured_queries

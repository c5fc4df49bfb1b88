"""The officer (承办人) choice of 受理 and of a case's reassignment: drawn from the bureau's
clerks read as values (StaffChoiceField.offer), the same options as Django's model choice field
drew from users, and still refusing anyone outside the bureau."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from applications.forms import OfficerForm, StaffChoiceField, TransitionForm
from applications.selectors import bureau_staff
from tests import factories
from tests.applications.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(bureau_user):
    factories.bureau_staff("hubei", username="clerk-b", first_name="二", last_name="张")
    factories.bureau_staff("hubei", username="clerk-a")  # no name: shown by user name
    factories.bureau_staff("hubei", username="clerk-gone", is_active=False)
    factories.bureau_staff("chongqing", username="clerk-elsewhere")
    return ApplicationFactory(state="accepted", bureau=bureau_user.bureau, officer=bureau_user)


class DrawnFromUsers(forms.Form):
    officer = StaffChoiceField(queryset=None, required=False)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_options_are_those_drawn_from_users(case, language):
    with translation.override(language):
        accept = TransitionForm(case=case, name="accept")
        reassign = OfficerForm(case=case, initial={"officer": case.officer_id})
        reference = DrawnFromUsers()
        reference.fields["officer"].queryset = bureau_staff(case)
        reference.fields["officer"].help_text = accept.fields["officer"].help_text
        assert str(accept["officer"].as_widget()) == str(reference["officer"].as_widget())
        reference_initial = forms.Form(initial={"officer": case.officer_id})
        reference_initial.fields["officer"] = StaffChoiceField(queryset=bureau_staff(case))
        assert str(reassign["officer"].as_widget()) == str(reference_initial["officer"].as_widget())


def test_the_options_name_the_bureau_active_clerks(case):
    with translation.override("zh-hans"):
        html = str(TransitionForm(case=case, name="accept")["officer"])
    assert "二 张（clerk-b）" in html and ">clerk-a<" in html
    assert "clerk-gone" not in html and "clerk-elsewhere" not in html


def test_drawing_the_choice_is_one_query_without_a_cursor(case):
    form = TransitionForm(case=case, name="accept")
    with CaptureQueriesContext(connection) as queries:
        str(form["officer"])
    assert len(queries.captured_queries) == 1
    assert "CURSOR" not in queries.captured_queries[0]["sql"].upper()


def test_a_clerk_of_another_bureau_is_refused(case):
    from accounts.models import User

    elsewhere = User.objects.get(username="clerk-elsewhere")
    form = OfficerForm({"officer": elsewhere.pk}, case=case)
    assert not form.is_valid() and "officer" in form.errors
    mine = User.objects.get(username="clerk-b")
    assert OfficerForm({"officer": mine.pk}, case=case).is_valid()

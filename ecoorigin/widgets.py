"""Form widgets every app's forms share."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker (input type="date")."""

    input_type = "date"


class CheckList(forms.CheckboxSelectMultiple):
    """A multiple choice as a list of check boxes with a box that filters them as one types
    (static/js/forms.js), instead of a list box that needs Ctrl-click. Without scripts the
    filter box stays hidden and the check boxes work alone."""

    template_name = "widgets/checklist.html"

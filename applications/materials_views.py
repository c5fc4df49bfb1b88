"""申报材料清单 pages: the enterprise uploads several files at once, each under the checklist item
it answers (seed 000 §6 "指导企业准备、完善申报资料"); HQ keeps the list (add, edit, retire)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Role
from casework.forms import MultipleFileField
from ecoorigin.exceptions import DomainError
from ecoorigin.text import TextInputsChecked
from ecoorigin.views import error_status, post_and_return, show_error

from . import documents, materials, selectors, services
from .models import CaseDocument, MaterialRequirement, ProductCategory
from .workflow import State

# Most files one checklist upload takes, all items together.
MAX_FILES = 30


class MaterialsUploadForm(forms.Form):
    """One file input (several files each) per item of the case's checklist, named `req_<id>`:
    the row a file is chosen in says which item it answers."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"req_{item.requirement.pk}"] = MultipleFileField(
                label=str(item.requirement), required=False
            )

    def rows(self):
        return [(item, self[f"req_{item.requirement.pk}"]) for item in self.items]

    def clean(self):
        data = super().clean()
        files = [
            (upload, item.requirement)
            for item in self.items
            for upload in data.get(f"req_{item.requirement.pk}") or []
        ]
        if not files:
            raise forms.ValidationError(_("请选择要上传的文件。"))
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("一次最多上传 %(n)s 个文件。") % {"n": MAX_FILES})
        data["files"] = files
        return data


def upload_kind(case) -> str:
    """A file answering an item is 申报材料, or 补正材料 while the case is back for correction."""
    return (
        CaseDocument.Kind.CORRECTION if case.state == State.RETURNED else CaseDocument.Kind.MATERIAL
    )


def upload_form_for(case, user, items) -> MaterialsUploadForm | None:
    """The checklist's upload form, if `user` may add that kind to `case` now."""
    if upload_kind(case) not in documents.uploadable_kinds(case=case, user=user):
        return None
    return MaterialsUploadForm(items=items)


@login_required
@require_POST
def materials_upload(request, pk: int):
    """Several files at once for the checklist's items; one refused file refuses them all."""
    case = get_object_or_404(selectors.cases_visible_to(user=request.user, fetched=()), pk=pk)
    back = (
        redirect("cases:edit", pk=case.pk)
        if request.POST.get("back") == "edit" and case.state in services.EDITABLE_STATES
        else redirect("cases:detail", pk=case.pk)
    )
    form = MaterialsUploadForm(request.POST, request.FILES, items=materials.checklist(case))
    return post_and_return(
        request,
        form,
        call=lambda data: documents.documents_upload_many(
            case=case, actor=request.user, kind=upload_kind(case), files=data["files"]
        ),
        success=_("材料已上传。"),
        back=back,
    )


# ---------------------------------------------------------------- HQ keeps the list


class RequirementForm(TextInputsChecked, forms.Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("产品类别"),
        queryset=ProductCategory.objects.filter(is_active=True),
        required=False,
        empty_label=gettext_lazy("所有产品类别"),
    )
    code = forms.SlugField(label=gettext_lazy("代码"), max_length=40)
    name = forms.CharField(label=gettext_lazy("材料名称"), max_length=128)
    name_en = forms.CharField(label=gettext_lazy("英文名称"), max_length=200, required=False)
    description = forms.CharField(label=gettext_lazy("说明"), max_length=500, required=False)
    required = forms.BooleanField(label=gettext_lazy("必须提交"), required=False)
    order = forms.IntegerField(label=gettext_lazy("排序"), min_value=0, max_value=32767)
    is_active = forms.BooleanField(label=gettext_lazy("启用"), required=False)


def _hq_only(request):
    if request.user.role != Role.HQ:
        raise Http404


@login_required
def requirement_list(request):
    """总局: the materials checklist, every category's items and the retired ones."""
    _hq_only(request)
    rows = materials.requirements_for_hq(user=request.user)
    return render(request, "staff/material_requirements.html", {"rows": rows})


@login_required
def requirement_edit(request, pk: int | None = None):
    """总局: add an item of the checklist, or edit or retire one (audited)."""
    _hq_only(request)
    row = get_object_or_404(MaterialRequirement, pk=pk) if pk else None
    initial = (
        {f: getattr(row, f) for f in (*materials.REQUIREMENT_FIELDS, "is_active")}
        if row
        else {"required": True, "is_active": True, "order": 100}
    )
    form = RequirementForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                materials.material_requirement_save(actor=request.user, requirement=row, **data)
            except DomainError as error:
                show_error(request, form, error)
                status = error_status(error)
            else:
                messages.success(request, _("申报材料清单已保存。"))
                return redirect("cases:material_requirements")
        else:
            status = 400
    return render(
        request,
        "staff/material_requirement_form.html",
        {"form": form, "row": row},
        status=status,
    )

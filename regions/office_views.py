"""分支机构 (seed 000 §6) and 初审机构 (§20) pages, ADR 0022: a bureau keeps its own and opens their
staff accounts, HQ every bureau's; an office's or a body's staff read their own. Thin: reads
through regions.offices' selectors, writes through its services. The per-category 初审 setting
is applications.initial_review_views."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from ecoorigin.text import TextInputsChecked
from ecoorigin.views import form_page

from . import offices
from .forms import OrganisationStaffForm
from .models import Bureau, LocalOffice, ReviewBody


class _Form(TextInputsChecked, forms.Form):
    """Register (with `code`, and `bureau` for HQ) or edit (with `is_active`)."""

    bureau = forms.ModelChoiceField(label=gettext_lazy("直属局"), queryset=Bureau.objects.all())
    code = forms.SlugField(
        label=gettext_lazy("代码"),
        max_length=32,
        help_text=gettext_lazy("小写字母、数字、连字符，登记后不能修改。"),
    )
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100)
    name_en = forms.CharField(label=gettext_lazy("英文名称"), max_length=200, required=False)
    is_active = forms.BooleanField(
        label=gettext_lazy("有效"),
        required=False,
        help_text=gettext_lazy("不再使用的取消勾选即停用；停用后其用户不能再查看或办理。"),
    )

    def __init__(self, *args, user, editing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"], self.fields["bureau"]
        else:
            del self.fields["is_active"]
            if user.role != Role.HQ:
                del self.fields["bureau"]


class LocalOfficeForm(_Form):
    area = forms.CharField(
        label=gettext_lazy("辖区范围"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("所辖地市或区县，如：南京市、镇江市。"),
    )


class ReviewBodyForm(_Form):
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=ReviewBody.Kind.choices)


def _staff_only(user) -> None:
    if user.role not in (Role.HQ, Role.BUREAU):
        raise PermissionDenied


@login_required
def offices_list(request):
    """A bureau's own 分支机构 and 初审机构; HQ every bureau's."""
    _staff_only(request.user)
    return render(
        request,
        "staff/offices.html",
        {
            "offices": offices.local_offices_in_scope(user=request.user).order_by(
                "bureau_id", "-is_active", "pk"
            ),
            "bodies": offices.review_bodies_in_scope(user=request.user).order_by(
                "bureau_id", "-is_active", "pk"
            ),
        },
    )


KINDS = {
    "office": (LocalOffice, LocalOfficeForm, offices.local_offices_in_scope),
    "body": (ReviewBody, ReviewBodyForm, offices.review_bodies_in_scope),
}


def _register(request, kind: str):
    _staff_only(request.user)
    _model, form_class, _scope = KINDS[kind]
    form = form_class(request.POST or None, user=request.user, editing=False)

    def call(data):
        if kind == "office":
            return offices.local_office_register(actor=request.user, **data)
        return offices.review_body_register(actor=request.user, **data)

    return form_page(
        request,
        form,
        call=call,
        success=lambda saved: _("已登记：%(name)s") % {"name": saved.name},
        then=lambda saved: redirect(f"regions:{kind}", pk=saved.pk),
        page=lambda status: render(
            request, "staff/office_form.html", {"form": form, "kind": kind}, status=status
        ),
    )


def _detail(request, kind: str, pk: int):
    """One office or body: its facts and staff for whoever sees it; its bureau and HQ edit it
    and open accounts here (`action` edit / staff)."""
    _model, form_class, scope = KINDS[kind]
    organisation = get_object_or_404(scope(user=request.user), pk=pk)
    may_manage = offices.may_manage(actor=request.user, bureau_id=organisation.bureau_id)
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    fields = ["name", "name_en", "is_active", "area" if kind == "office" else "kind"]
    editing = request.method == "POST" and request.POST.get("action") == "edit"
    adding = request.method == "POST" and request.POST.get("action") == "staff"
    edit_form = (
        form_class(
            request.POST if editing else None,
            user=request.user,
            editing=True,
            initial={field: getattr(organisation, field) for field in fields},
        )
        if may_manage
        else None
    )
    staff_form = OrganisationStaffForm(request.POST if adding else None) if may_manage else None

    def page(status):
        return render(
            request,
            "staff/office_detail.html",
            {
                "organisation": organisation,
                "kind": kind,
                "staff": offices.staff_of(organisation),
                "edit_form": edit_form,
                "staff_form": staff_form,
            },
            status=status,
        )

    def update(data):
        if kind == "office":
            return offices.local_office_update(actor=request.user, office=organisation, **data)
        return offices.review_body_update(actor=request.user, body=organisation, **data)

    if editing:
        return form_page(
            request,
            edit_form,
            call=update,
            success=lambda saved: _("已保存：%(name)s") % {"name": saved.name},
            then=lambda saved: redirect(f"regions:{kind}", pk=saved.pk),
            page=page,
        )
    if adding:
        return form_page(
            request,
            staff_form,
            call=lambda _data: offices.staff_add(
                actor=request.user, organisation=organisation, **staff_form.service_kwargs()
            ),
            success=lambda user: _("已开通账户：%(username)s") % {"username": user.username},
            then=lambda _user: redirect(f"regions:{kind}", pk=organisation.pk),
            page=page,
        )
    if request.method == "POST":
        return page(400)
    return page(200)


@login_required
def office_new(request):
    return _register(request, "office")


@login_required
def body_new(request):
    return _register(request, "body")


@login_required
def office_detail(request, pk: int):
    return _detail(request, "office", pk)


@login_required
def body_detail(request, pk: int):
    return _detail(request, "body", pk)

"""内设机构 pages (seed 000 §18's 责任部门: "直属局领导要约谈责任部门领导"): a bureau keeps its own
处/科, HQ reads every bureau's; nobody else has the pages (403). Thin: reads through
regions.selectors.departments_in_scope, writes through the services."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from ecoorigin.views import form_page, list_page

from . import services
from .forms import DepartmentForm
from .models import Bureau
from .selectors import departments_in_scope


def _staff_only(user) -> None:
    if user.role not in (Role.HQ, Role.BUREAU):
        raise PermissionDenied


@login_required
def departments(request):
    """A bureau's own 内设机构; HQ every bureau's (`?bureau=<code>` for one)."""
    _staff_only(request.user)
    rows = departments_in_scope(user=request.user).order_by("bureau_id", "-is_active", "kind", "pk")
    bureau = None
    if request.user.role == Role.HQ and request.GET.get("bureau"):
        bureau = Bureau.objects.filter(code=request.GET["bureau"]).first()
        rows = rows.filter(bureau=bureau) if bureau else rows.none()
    return render(
        request,
        "staff/departments.html",
        {
            "page": list_page(rows, request.GET.get("page")),
            "bureau": bureau,
            "bureaus": Bureau.objects.all() if request.user.role == Role.HQ else None,
            "may_add": request.user.role == Role.BUREAU,
        },
    )


@login_required
def department_new(request):
    if request.user.role != Role.BUREAU:
        raise PermissionDenied
    form = DepartmentForm(request.POST if request.method == "POST" else None, editing=False)
    return form_page(
        request,
        form,
        call=lambda data: services.department_create(actor=request.user, **data),
        success=lambda department: _("已登记内设机构：%(name)s") % {"name": department.name},
        then=lambda _department: redirect("regions:departments"),
        page=lambda status: render(
            request, "staff/department_form.html", {"form": form}, status=status
        ),
    )


@login_required
def department_edit(request, pk: int):
    """Edit one of the bureau's own 内设机构 (HQ and other bureaus: 404 or 403)."""
    _staff_only(request.user)
    department = get_object_or_404(departments_in_scope(user=request.user), pk=pk)
    if not services.department_may_manage(actor=request.user, bureau_id=department.bureau_id):
        raise PermissionDenied
    form = DepartmentForm(
        request.POST if request.method == "POST" else None,
        editing=True,
        initial={
            "name": department.name,
            "name_en": department.name_en,
            "kind": department.kind,
            "is_active": department.is_active,
        },
    )
    return form_page(
        request,
        form,
        call=lambda data: services.department_update(
            actor=request.user, department=department, **data
        ),
        success=lambda saved: _("已保存：%(name)s") % {"name": saved.name},
        then=lambda _department: redirect("regions:departments"),
        page=lambda status: render(
            request,
            "staff/department_form.html",
            {"form": form, "department": department},
            status=status,
        ),
    )

"""Every read of protection cases, scoped to what the user may see; used by views, API and exports."""

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role
from regions.selectors import bureaus_in_scope

from . import workflow as wf
from .models import Agency, Application, CaseHistory, Certificate, EvaluationPlan


def cases_visible_to(*, user) -> QuerySet[Application]:
    """HQ: all. Bureau: its jurisdiction (a zone lead: also its zone, read-only). Enterprise: its
    own. Agency: cases whose applicant chose it. Everyone else: none."""
    cases = Application.objects.select_related(
        "enterprise", "bureau", "category", "agency", "officer", "certificate"
    )
    if not user.is_authenticated:
        return cases.none()
    if user.role == Role.HQ:
        return cases
    if user.role == Role.BUREAU:
        return cases.filter(bureau__in=bureaus_in_scope(user=user))
    if user.role == Role.ENTERPRISE:
        return cases.filter(enterprise_id=user.enterprise_id)
    if user.role == Role.AGENCY:
        return cases.filter(agency_id=user.agency_id)
    return cases.none()


def case_history(*, case: Application) -> QuerySet[CaseHistory]:
    return CaseHistory.objects.filter(application=case).select_related("actor").order_by("pk")


def transitions_available(*, case: Application, user) -> list[str]:
    """The transitions `user` may fire on `case` now, in workflow order."""
    from .services import case_may_fire

    return [name for name in wf.RULES if case_may_fire(case=case, name=name, actor=user)]


def agencies_with_valid_plans(*, category=None) -> QuerySet[Agency]:
    """Agencies an applicant may choose: a filed plan valid today (for `category`, if given)."""
    plans = EvaluationPlan.objects.valid_on(timezone.localdate())
    if category is not None:
        plans = plans.filter(category=category)
    return Agency.objects.filter(pk__in=plans.values("agency_id"))


def certificates_visible_to(*, user) -> QuerySet[Certificate]:
    """Certificates of the cases the user may see."""
    return Certificate.objects.filter(
        application__in=cases_visible_to(user=user).values("pk")
    ).select_related("application__enterprise", "application__bureau")


def may_download_certificate(*, certificate: Certificate, user) -> bool:
    """Only the enterprise, its bureau and HQ download the certificate itself."""
    case = certificate.application
    return wf.is_owner(case, user) or wf.is_jurisdiction_bureau(case, user) or wf.is_hq(case, user)

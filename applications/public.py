"""Public reads (no login): certificate verification, protected products, revocations.
Never case materials, contacts or anything confidential."""

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery

from .models import Application, CaseHistory, Certificate
from .selectors import cases_named
from .workflow import State


def certificate_for_verification(*, number: str) -> Certificate | None:
    return (
        Certificate.objects.select_related(
            "application__enterprise", "application__bureau", "application__category"
        )
        .filter(number=number.strip().upper())
        .first()
    )


def status_change(*, certificate: Certificate) -> dict | None:
    """When and why a suspended or revoked certificate stopped being valid, as announced: the
    date of the latest suspension (or revocation) and its published reason. Nothing else of the
    case's history (who decided, the internal comments) is public. None for any other status."""
    transition = {
        Certificate.Status.SUSPENDED: "suspend",
        Certificate.Status.REVOKED: "revoke",
    }.get(certificate.status)
    if transition is None:
        return None
    record = (
        CaseHistory.objects.filter(application_id=certificate.application_id, transition=transition)
        .order_by("-pk")
        .values("created_at", "reason")
        .first()
    )
    reason = record["reason"] if record else ""
    if transition == "revoke":
        reason = certificate.application.revocation_reason or reason
    return {
        "status": certificate.status,
        "at": record["created_at"] if record else None,
        "reason": reason.strip(),
    }


def protected_products(
    *, query: str = "", bureau: str = "", category: str = ""
) -> QuerySet[Application]:
    """Currently protected products, searchable by product, enterprise, bureau and category;
    newest case first, the order of the (state, id) and (bureau, state, id) indexes: sorting
    ~90,000 products by their certificate's date took ~0.9 s per page (docs/performance.md)."""
    cases = Application.objects.filter(state=State.PROTECTED).select_related(
        "enterprise", "bureau", "category", "certificate"
    )
    if query:
        cases = cases.filter(cases_named(query))
    if bureau:
        cases = cases.filter(bureau__code=bureau)
    if category:
        cases = cases.filter(category__code=category)
    return cases.order_by("-pk")


def revocations() -> QuerySet[Application]:
    """撤销公告: revoked cases with their published reason, newest first."""
    revoked_at = CaseHistory.objects.filter(
        application=OuterRef("pk"), transition="revoke"
    ).order_by("-pk")
    return (
        Application.objects.filter(state=State.REVOKED)
        .select_related("enterprise", "bureau", "certificate")
        .annotate(revoked_at=Subquery(revoked_at.values("created_at")[:1]))
        .order_by("-revoked_at", "-pk")
    )


def applicant_guide() -> dict[str, int]:
    """The figures of the home page's 办事指南, as the portal applies them (settings): the
    bureau's working days to accept, the applicant's to answer a 补正 request, a certificate's
    validity and the largest material accepted."""
    return {
        "acceptance_days": settings.ACCEPTANCE_WORKING_DAYS,
        "correction_days": settings.CORRECTION_WORKING_DAYS,
        "validity_years": settings.CERTIFICATE_VALIDITY_YEARS,
        "upload_mb": settings.UPLOAD_MAX_BYTES // 2**20,
    }

"""Public reads (no login): certificate verification, protected products, revocations.
Never case materials, contacts or anything confidential."""

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

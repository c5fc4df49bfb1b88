"""Public pages (no login): the plans whose bureau published the monitoring results, and a
plan's results per product with its failed samples' product, enterprise and failed items (never
the notes, the credit code's owner's contacts or who recorded them)."""

from django.shortcuts import get_object_or_404, render

from ecoorigin.views import list_page

from . import selectors


def plan_list(request):
    return render(
        request,
        "public/monitoring/plan_list.html",
        {"page": list_page(selectors.public_plans(), request.GET.get("page"))},
    )


def plan_results(request, pk: int):
    plan = get_object_or_404(selectors.public_plans(), pk=pk)
    return render(
        request,
        "public/monitoring/plan_results.html",
        {
            "plan": plan,
            "summary": selectors.product_summary(plan=plan),
            "failed": list(selectors.failed_samples(plan=plan)),
        },
    )

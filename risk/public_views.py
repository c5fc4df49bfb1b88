"""Public pages of 风险预警与快速反应 (no sign-in): the warnings issued and lifted, and the
products that failed a risk assessment with the advice to consumers (§二.6, 8). Read only from
the public selectors: never the enterprises a warning names, the finding or the opinions."""

from django.shortcuts import render

from ecoorigin.views import list_page

from . import selectors


def warning_list(request):
    return render(
        request,
        "public/risk/warnings.html",
        {"page": list_page(selectors.public_warnings(), request.GET.get("page"))},
    )


def assessment_list(request):
    return render(
        request,
        "public/risk/assessments.html",
        {"page": list_page(selectors.public_assessments(), request.GET.get("page"))},
    )

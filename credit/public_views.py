"""公示 (seed 004 §二.12: 及时在信用中国网站进行公示): the blacklist entries in force, with the
enterprise, its code, the reason, the dates and the deciding unit. No login; nothing of a
proposal, a refusal or a listing that ended."""

from django.shortcuts import render

from ecoorigin.views import list_page

from . import selectors
from .forms import PublicSearchForm


def blacklist(request):
    form = PublicSearchForm(request.GET or None)
    form.is_valid()
    query = getattr(form, "cleaned_data", {}).get("q", "")
    entries = selectors.public_entries(query=query)
    return render(
        request,
        "public/credit/blacklist.html",
        {"form": form, "page": list_page(entries, request.GET.get("page"))},
    )

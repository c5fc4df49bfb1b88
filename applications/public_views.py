"""Public pages (no login): verification, protected products, revocation announcements."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ecoorigin.middleware import public_page
from ecoorigin.ratelimit import rate_limited
from ecoorigin.routers import reads_from_replica
from ecoorigin.views import list_page
from regions.models import Bureau

from . import public, verification
from .models import ProductCategory


@public_page
@require_GET
def verify_form(request):
    """证书查验 form; a number typed in goes to its own page (the address QR codes use)."""
    number = request.GET.get("number", "").strip().upper()[:64]
    if number:
        return redirect("public:verify", number=number)
    return render(request, "public/verify.html", {"number": "", "searched": False})


@public_page
@require_GET
@rate_limited("verification")
def verify(request, number: str):
    """证书查验 by number: status, product, enterprise name, bureau and validity; for a suspended
    or revoked certificate the date and the published reason; nothing more. From the cache
    (applications.verification): a QR scan reads no database."""
    answer = verification.answer_for(number=number)
    response = render(
        request, "public/verify.html", {"number": number, "answer": answer, "searched": True}
    )
    response.verification_answer = answer or verification.UNKNOWN  # the fast path keeps it
    return response


@public_page
@require_GET
@reads_from_replica
def protected_products(request):
    """受保护产品名录."""
    query = request.GET.get("q", "").strip()[:100]
    bureau = request.GET.get("bureau", "")
    category = request.GET.get("category", "")
    # No count: counting the ~90,000 protected products took a second at national scale.
    page = list_page(
        public.protected_products(query=query, bureau=bureau, category=category),
        request.GET.get("page"),
        size=25,
    )
    return render(
        request,
        "public/products.html",
        {
            "page": page,
            "query": query,
            "bureau": bureau,
            "category": category,
            "bureaus": Bureau.objects.all(),
            "categories": ProductCategory.objects.filter(is_active=True),
        },
    )


@public_page
@require_GET
@reads_from_replica
def revocations(request):
    """撤销公告."""
    page = Paginator(public.revocations(), 25).get_page(request.GET.get("page"))
    return render(request, "public/revocations.html", {"page": page})

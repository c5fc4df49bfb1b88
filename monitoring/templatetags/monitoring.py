"""The link from a failed sample to a new risk signal (seed 004 §二.2: laboratories report risk
information), shown only where the portal has the signals' form."""

from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def risk_signal_url(result) -> str:
    """The signal form's address prefilled from `result`, or "" when there is no such form."""
    try:
        base = reverse("risk:signal_create")
    except NoReverseMatch:
        return ""
    query = {
        "channel": "laboratory",
        "product": result.item.product,
        "uscc": result.credit_code,
        "enterprise": result.enterprise_name,
        "reference": result.sample_code,
        "place": result.place,
    }
    return f"{base}?{urlencode(query)}"

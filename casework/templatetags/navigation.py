"""`{% signed_in_header as header %}`: base.html's account menus (`header.0`) and main
navigation (`header.1`) for the signed-in user, kept rendered as one entry of the shared cache
per user's `navigation_key`, language and page (casework.context_processors): one cache read per
page for both. They are rendered only when the entry is missing; neither holds a CSRF token
(the sign-out form between them is drawn on every page)."""

import hashlib

from django import template
from django.core.cache import cache
from django.utils.translation import get_language

register = template.Library()

PARTS = ("includes/account_menus.html", "includes/main_nav.html")


@register.simple_tag(takes_context=True)
def signed_in_header(context) -> tuple[str, ...]:
    match = getattr(context["request"], "resolver_match", None)
    # Hashed: the navigation key names the user, which a cache's key listing need not show.
    vary = f"{context['navigation_key']}|{get_language()}|{match.view_name if match else ''}"
    key = "navigation:header:" + hashlib.md5(vary.encode(), usedforsecurity=False).hexdigest()
    kept = cache.get(key)
    if kept is None:
        engine = context.template.engine
        kept = tuple(engine.get_template(name).render(context) for name in PARTS)
        cache.set(key, kept, context["navigation_seconds"])
    return kept

"""The active product categories (产品类别) that the worklist's filter and the application form
offer, from the cache.

Every worklist page offers them, and HQ changes them a few times a year: kept as one small tuple
in the shared cache, forgotten by any save or delete of a category (ecoorigin.kept: now and on
commit). Writes that bypass the signals (queryset.update, data loads) show within
CACHE_SECONDS."""

from ecoorigin.kept import KeptTable
from ecoorigin.names import pick
from ecoorigin.routers import on_primary

CACHE_SECONDS = 3600
KEY = "applications:active-categories:v2"


def active_category_choices(*, by: str = "code") -> list[tuple]:
    """(code, or the id `by="pk"`; name in the active language) of each active category, in the
    categories' order."""
    return [
        (pk if by == "pk" else code, pick(name, name_en))
        for pk, code, name, name_en in CATEGORIES.get()
    ]


def _read() -> tuple[tuple[int, str, str, str], ...]:
    from .models import ProductCategory

    # From the primary: a replica a moment behind a category's commit would be kept.
    with on_primary():
        return tuple(
            ProductCategory.objects.filter(is_active=True).values_list(
                "pk", "code", "name", "name_en"
            )
        )


CATEGORIES = KeptTable(KEY, _read, seconds=CACHE_SECONDS, models=["applications.ProductCategory"])
connect = CATEGORIES.connect

"""The active product categories (产品类别) that the worklist's filter and the application form
offer, from the cache.

Every worklist page offers them, and HQ changes them a few times a year: kept as one small tuple
in the shared cache, forgotten by any save or delete of a category (ecoorigin.kept: now and on
commit). Writes that bypass the signals (queryset.update, data loads) show within
CACHE_SECONDS."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from ecoorigin.kept import forget_now_and_on_commit
from ecoorigin.names import pick
from ecoorigin.routers import on_primary

CACHE_SECONDS = 3600
KEY = "applications:active-categories:v2"


def active_category_choices(*, by: str = "code") -> list[tuple]:
    """(code, or the id `by="pk"`; name in the active language) of each active category, in the
    categories' order."""
    kept = cache.get(KEY)
    if kept is None:
        kept = _read()
        cache.set(KEY, kept, CACHE_SECONDS)
    return [(pk if by == "pk" else code, pick(name, name_en)) for pk, code, name, name_en in kept]


def _read() -> tuple[tuple[int, str, str, str], ...]:
    from .models import ProductCategory

    # From the primary: a replica a moment behind a category's commit would be kept.
    with on_primary():
        return tuple(
            ProductCategory.objects.filter(is_active=True).values_list(
                "pk", "code", "name", "name_en"
            )
        )


def forget() -> None:
    cache.delete(KEY)


def _changed(sender, **_kwargs) -> None:
    forget_now_and_on_commit(forget)


def connect() -> None:
    """From ApplicationsConfig.ready, in every process."""
    from .models import ProductCategory

    post_save.connect(_changed, sender=ProductCategory, dispatch_uid="applications-categories-save")
    post_delete.connect(
        _changed, sender=ProductCategory, dispatch_uid="applications-categories-delete"
    )

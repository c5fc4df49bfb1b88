"""Which zones each bureau leads (片区牵头单位), from the cache.

`User.led_zone_ids` is asked on nearly every request of a bureau's user (what it may read, its
navigation, its worklist's columns), and the memberships change a few times a year: the whole
table's leads, a few dozen rows, are kept as one small mapping, dropped by any save or delete of
a membership (now, and again on commit, since a request in between may have read the old rows).
Writes that bypass the signals (queryset.update, bulk_create, COPY) show within CACHE_SECONDS.
"""

from ecoorigin.kept import KeptTable
from ecoorigin.routers import on_primary

CACHE_SECONDS = 300
KEY = "regions:zone-leads"


def led_zone_ids(bureau_id: int | None) -> frozenset[int]:
    """The zones `bureau_id` leads: one cache read."""
    if bureau_id is None:
        return frozenset()
    return frozenset(LEADS.get().get(bureau_id, ()))


def _read() -> dict[int, tuple[int, ...]]:
    from .models import ZoneMembership

    leads: dict[int, list[int]] = {}
    # From the primary: a replica a moment behind a membership's commit would be kept.
    with on_primary():
        rows = ZoneMembership.objects.filter(role=ZoneMembership.Role.LEAD).values_list(
            "bureau_id", "zone_id"
        )
        for bureau_id, zone_id in rows:
            leads.setdefault(bureau_id, []).append(zone_id)
    return {bureau_id: tuple(zones) for bureau_id, zones in leads.items()}


LEADS = KeptTable(KEY, _read, seconds=CACHE_SECONDS, models=["regions.ZoneMembership"])
connect = LEADS.connect

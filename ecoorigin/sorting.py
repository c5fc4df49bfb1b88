"""Worklists sorted by clicking a column's header: `?sort=<key>` ascending, `?sort=-<key>`
descending. A page names its sortable columns and the ORDER BY of each; a key it does not name
(or none) leaves the list in its own order, never an error. Each order ends with the primary
key, so a page never repeats or skips a row between pages, and should be one an index serves
(docs/performance.md): a list reads one page at a time (ecoorigin.views.list_page) and must not
sort a whole table to show fifty rows."""

from dataclasses import dataclass

from django.db.models import F
from django.http import QueryDict
from django.utils.functional import Promise


@dataclass(frozen=True)
class SortColumn:
    """`key` in the URL, the header's `label`, the fields of its ascending order (descending is
    the reverse), and the direction a first click sorts in ("asc", or "desc": the newest
    first). Fields that may be null sort after the others in both directions."""

    key: str
    label: str | Promise
    fields: tuple[str, ...]
    first: str = "asc"
    nullable: tuple[str, ...] = ()


class Sorting:
    """The sort a request asked for among `columns`: `order_by()` for the queryset (None: keep
    the list's own order) and `headers`, by key, what each header shows. `default` ("-id") is
    the sort the list's own order is, shown on its header while nothing else is asked."""

    param = "sort"

    def __init__(self, columns: list[SortColumn], query: QueryDict, *, default: str = ""):
        self.columns = {column.key: column for column in columns}
        self._query = query
        self.asked = self._parse(query.get(self.param, ""))
        self.column, self.descending = self.asked or self._parse(default) or (None, False)

    def _parse(self, value: str):
        column = self.columns.get(value.removeprefix("-"))
        return (column, value.startswith("-")) if column is not None else None

    @property
    def key(self) -> str:
        return self.column.key if self.column else ""

    @property
    def value(self) -> str:
        """The `sort` value asked for ("" for the list's own order)."""
        if self.asked is None:
            return ""
        return f"-{self.column.key}" if self.descending else self.column.key

    def order_by(self) -> list | None:
        if self.asked is None:
            return None
        order = []
        for name in (*self.column.fields, "pk"):
            field = F(name)
            if name in self.column.nullable:
                order.append(
                    field.desc(nulls_last=True) if self.descending else field.asc(nulls_last=True)
                )
            else:
                order.append(field.desc() if self.descending else field.asc())
        return order

    def apply(self, queryset):
        order = self.order_by()
        return queryset if order is None else queryset.order_by(*order)

    def url_for(self, value: str) -> str:
        """This page sorted by `value` ("due", "-updated"), its filters kept, from page 1."""
        query = self._query.copy()
        query.pop("page", None)
        query[self.param] = value
        return f"?{query.urlencode()}"

    @property
    def headers(self) -> dict[str, dict]:
        """Per key: `label`, `url` (the sort a click asks for: the other direction if this
        column sorts the list now, else the column's first direction) and `aria_sort`
        ("ascending", "descending", or "" where the column does not sort the list)."""
        headers = {}
        for key, column in self.columns.items():
            active = self.column is column
            if active:
                descending_next = not self.descending
                aria = "descending" if self.descending else "ascending"
            else:
                descending_next = column.first == "desc"
                aria = ""
            headers[key] = {
                "label": column.label,
                "url": self.url_for(f"-{key}" if descending_next else key),
                "aria_sort": aria,
                "active": active,
            }
        return headers

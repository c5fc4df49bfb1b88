"""Panels other programmes add to the risk overview (seed 004, issue 17 point 8: 信用等级分布
beside the warnings, measures and signals), without the overview's programme importing theirs.
A programme registers `panel(user) -> OverviewPanel | None` from its AppConfig.ready(): None
when the user may not see it; otherwise its rows, drawn as a chart with the table beside it."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class OverviewPanel:
    code: str
    title: str | Promise
    column: str | Promise  # what the rows are (the table's first column)
    value_column: str | Promise  # what the values count
    rows: list[tuple[str, int, str]] = field(default_factory=list)  # (label, value, css class)
    link: str = ""  # the full list, if any


_PANELS: list[Callable] = []


def register_overview_panel(panel: Callable) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def overview_panels(*, user) -> list[OverviewPanel]:
    return [shown for panel in _PANELS if (shown := panel(user)) is not None]

"""The programmes the kernel serves, and what each tells the kernel about itself.

A programme (保护产品, 示范区, 试验区, …) is its workflow module (states, Rules, who may fire
each transition: the permission on the model's django-fsm transition methods), its models, forms,
templates and API. It registers one `Programme` here, from its AppConfig.ready(); the kernel's
transition service (casework.services.case_transition) then runs its cases: permission, row
lock, state re-check, input check, the model's transition, the deadline clock, the history row
and the side effects, in one transaction. The hooks below are where a programme says what only
it knows; their defaults do nothing.
"""

from django.db import models
from django.utils.functional import Promise
from django_fsm import can_proceed

from .exceptions import TransitionNotAllowed
from .models import TransitionRecord
from .workflow import Rule, nobody

_REGISTRY: dict[str, "Programme"] = {}


class Programme:
    code: str  # e.g. "ecoorigin": also the programme's key in URLs and counts
    label: str | Promise
    case_model: type[models.Model]
    history_model: type[TransitionRecord]  # a concrete TransitionRecord of this programme
    history_case_field: str = "case"  # its foreign key to the case
    rules: dict[str, Rule]
    method_names: dict[str, str] = {}  # transition → model method, where a name is a keyword
    lock_related: tuple[str, ...] = ()  # read with the locked row (select_related)

    def method_name(self, name: str) -> str:
        return self.method_names.get(name, name)

    def permission(self, name: str):
        """The permission callable declared on the model's transition method."""
        meta = getattr(self.case_model, self.method_name(name))._django_fsm
        return next(iter(meta.transitions.values())).permission

    def permitted(self, case, name: str, actor) -> bool:
        """`actor` None is the system (beat sweeps): it may fire only the system transitions."""
        permission = self.permission(name)
        if actor is None:
            return permission is nobody
        return bool(permission(case, actor))

    def may_fire(self, *, case, name: str, actor) -> bool:
        """Whether `actor` may fire `name` on `case` now (permission, state and conditions)."""
        return self.permitted(case, name, actor) and can_proceed(
            getattr(case, self.method_name(name))
        )

    def transitions_for(self, *, case, actor) -> list[str]:
        return [name for name in self.rules if self.may_fire(case=case, name=name, actor=actor)]

    # Hooks ---------------------------------------------------------------------------------

    def condition_refused(self, case, name: str) -> Exception:
        """The error when the state allows `name` but a condition of the transition does not."""
        return TransitionNotAllowed()

    def prepare(self, name: str, case, actor, *, comment: str, **data) -> tuple[dict, dict]:
        """The transition's arguments from the request body (raise InvalidTransitionInput, 400),
        and a JSON-safe record of them for the history row."""
        return {}, {}

    def run_clock(self, case, name: str, from_state: str) -> None:
        """Start, pause or stop the case's deadline clock (casework.deadlines)."""

    def after_transition(self, case, name: str, actor, arguments: dict, record: dict) -> list:
        """Rows the transition writes beside the case (a certificate, a title), in the same
        transaction; returns what to do once it has committed (callables). May add to `record`."""
        return []

    def on_recorded(self, entry) -> list:
        """Once the history row is written (a notice to the applicant): what to do on commit."""
        return []

    # Reporting: the programme's figures per bureau ------------------------------------------
    # HQ's dashboard shows them beside eco-origin's (a column per figure); with `year`, a
    # bureau's annual summary reports them for that year (regions.figures.programme_figures).
    # A programme without figures (the default) is left out of both.
    # figure_models: the models ("app_label.Model") whose rows figures_by_bureau counts; a write
    # to one of them refreshes HQ's dashboard (regions.dashboard_cache).
    figure_models: tuple[str, ...] = ()

    def figure_labels(self, *, year: int | None = None) -> dict[str, str | Promise]:
        """The figures figures_by_bureau gives, in column order, with their labels: the current
        ones, or with `year` those a bureau reports for that year."""
        return {}

    def figures_by_bureau(self, *, year: int | None = None) -> dict[int, dict[str, int]]:
        """Per bureau id, the figures of figure_labels (a bureau with none may be absent: zeros).
        A constant number of queries, one if it can, whatever the number of cases."""
        return {}


def register(programme: Programme) -> Programme:
    if programme.code in _REGISTRY and _REGISTRY[programme.code] is not programme:
        raise ValueError(f"programme {programme.code!r} is registered twice")
    _REGISTRY[programme.code] = programme
    return programme


def programme(code: str) -> Programme:
    return _REGISTRY[code]


def programmes() -> list[Programme]:
    return list(_REGISTRY.values())


def programme_of(case) -> Programme:
    """The programme whose case model `case` is an instance of."""
    for candidate in _REGISTRY.values():
        if isinstance(case, candidate.case_model):
            return candidate
    raise LookupError(f"no programme runs {type(case).__name__}")

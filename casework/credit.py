"""Quality credit facts (质量信用, seed 004 §二.11): what each programme knows of an enterprise's
record, gathered for the credit rule without any programme importing another.

Enterprises are the same across programmes by their 统一社会信用代码 (USCC). A programme registers
a source from its AppConfig.ready(): `source(*, usccs)` gives the facts it holds of those
enterprises (a revoked certificate, a withdrawn title, a warning naming it), a constant number of
queries whatever the number of codes. After a write that changes such facts it calls
`notify_credit_facts_changed`; the credit app listens and recomputes the grades of those
enterprises once the write has committed (docs/adr/0030-quality-credit-and-blacklist.md).

Fact kinds (`CreditFact.kind`), weighed by the credit rule in force:
  warning_i … warning_iv   a risk warning naming the enterprise, grade I highest
  measure                  a rapid-response measure against it
  recall                   a recall of its goods
  complaint_substantiated  a complaint about its product found true
  certificate_revoked      an eco-origin certificate revoked
  certificate_suspended    an eco-origin certificate suspended (ended when reinstated or revoked)
  title_withdrawn          a 示范企业 title withdrawn
  sample_failed            a monitoring sample of its goods failed
  blacklisted              listed on the quality-safety blacklist (the credit app's own)
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import django.dispatch
from django.db import transaction
from django.utils.functional import Promise

KINDS = (
    "warning_i",
    "warning_ii",
    "warning_iii",
    "warning_iv",
    "measure",
    "recall",
    "complaint_substantiated",
    "certificate_revoked",
    "certificate_suspended",
    "title_withdrawn",
    "sample_failed",
    "blacklisted",
)


@dataclass(frozen=True)
class CreditFact:
    uscc: str
    kind: str  # one of KINDS
    label: str | Promise  # what happened, for the explanation
    occurred_on: datetime.date
    source: str  # the programme's code, e.g. "ecoorigin"
    reference: str  # the record's number or id, shown in the explanation
    ended_on: datetime.date | None = None  # a suspension lifted, a warning lowered


@dataclass(frozen=True)
class KnownEnterprise:
    """An enterprise a programme knows: its name, and the bureau of its jurisdiction if it has
    one (eco-origin's registered enterprises; a demonstration zone's enterprise, its zone's)."""

    uscc: str
    name: str
    bureau_id: int | None


_SOURCES: list[Callable[..., Iterable[CreditFact]]] = []
_DIRECTORIES: list[Callable[..., Iterable[KnownEnterprise]]] = []

# Sent once a write that changes facts has committed: send(sender=…, usccs=[…]).
credit_facts_changed = django.dispatch.Signal()


def register_credit_source(source: Callable[..., Iterable[CreditFact]]) -> None:
    """Add a programme's source of facts (once: a second registration of it is ignored, so a
    test reloading an app does not count facts twice)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def credit_facts(*, usccs: list[str]) -> list[CreditFact]:
    """Every registered programme's facts of those enterprises, oldest first."""
    if not usccs:
        return []
    facts = [fact for source in _SOURCES for fact in source(usccs=list(usccs))]
    return sorted(facts, key=lambda f: (f.uscc, f.occurred_on, f.source, f.reference))


def register_enterprise_directory(directory: Callable[..., Iterable[KnownEnterprise]]) -> None:
    """Add a programme's enterprises: `directory(*, usccs)` gives those of the codes, or with
    usccs=None every one it knows (the credit grades of every enterprise)."""
    if directory not in _DIRECTORIES:
        _DIRECTORIES.append(directory)


def known_enterprises(*, usccs: list[str] | None = None) -> dict[str, KnownEnterprise]:
    """By code, the enterprises the programmes know; where two know one, the first registered
    (eco-origin, whose enterprises have a bureau of jurisdiction) wins."""
    found: dict[str, KnownEnterprise] = {}
    for directory in _DIRECTORIES:
        for entry in directory(usccs=None if usccs is None else list(usccs)):
            found.setdefault(entry.uscc, entry)
    return found


def notify_credit_facts_changed(*, usccs: list[str]) -> None:
    """Say the facts of these enterprises changed, once the surrounding transaction commits (at
    once outside one); a failing receiver never turns the done write into an error."""
    codes = sorted({code for code in usccs if code})
    if not codes:
        return
    transaction.on_commit(
        lambda: credit_facts_changed.send(sender=notify_credit_facts_changed, usccs=codes),
        robust=True,
    )

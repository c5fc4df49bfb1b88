"""Risk-based supervision (seed 004 §二.17: 依据企业质量信用等级，结合风险监测与评估结果，对不同风险
等级的商品实施差异化监管): what the programmes tell a weighted double-random draw about an
enterprise, without the draw's programme importing theirs.

A programme registers a factor source from its AppConfig.ready(): `source(*, usccs)` gives, for
those of the codes it has something to say about, an integer multiplier (≥ 1) and the reason
(the credit grade, the most serious active warning naming it). A weighted plan multiplies each
candidate's own weight by the product of its enterprise's factors (weighting version 2,
docs/adr/0009-verifiable-draw.md): integers, so the weights committed in the snapshot are exact
and a draw re-runs from its published document alone, whatever the factors are later."""

from collections.abc import Callable

WEIGHTING_VERSION = 2

_SOURCES: list[Callable[..., dict[str, tuple[int, str]]]] = []


def register_risk_factor(source: Callable[..., dict[str, tuple[int, str]]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def risk_factors(*, usccs: list[str]) -> dict[str, int]:
    """The product of every source's factor per code (codes without any are left out)."""
    codes = sorted({code for code in usccs if code})
    factors: dict[str, int] = {}
    if not codes:
        return factors
    for source in _SOURCES:
        for code, (factor, _reason) in source(usccs=codes).items():
            factors[code] = factors.get(code, 1) * max(int(factor), 1)
    return factors

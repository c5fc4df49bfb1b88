"""强制退出 (seed 004 §二.12: 建立严重违法企业强制退出制度): when HQ lists an enterprise on the
blacklist, every programme puts what the enterprise holds (a valid certificate, a title in force)
to its decider as a proposal to suspend, revoke or withdraw it, through its own engine. A
programme registers its proposer from its AppConfig.ready(); the credit app calls
`propose_forced_exit` once the listing has committed.

A proposer is `proposer(*, uscc, reason, actor, reference) -> int`, the number of proposals it
made. It is idempotent: what it already proposed under `reference` (the listing's decision
number) it does not propose again."""

from collections.abc import Callable

_PROPOSERS: list[Callable[..., int]] = []


def register_exit_proposer(proposer: Callable[..., int]) -> None:
    if proposer not in _PROPOSERS:
        _PROPOSERS.append(proposer)


def propose_forced_exit(*, uscc: str, reason: str, actor, reference: str) -> int:
    """Every programme's proposals for the enterprise; how many were made."""
    return sum(
        proposer(uscc=uscc, reason=reason, actor=actor, reference=reference)
        for proposer in _PROPOSERS
    )

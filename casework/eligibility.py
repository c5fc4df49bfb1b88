"""Who may start an application in any programme (seed 004 §二.12: a blacklisted enterprise is
barred from every programme). A programme that bars enterprises (the credit app's blacklist)
registers a check from its AppConfig.ready(); every programme's service that starts an
application by an enterprise asks `applicant_refusal` with the enterprise's 统一社会信用代码 and
refuses with a domain error when it answers."""

from collections.abc import Callable

_CHECKS: list[Callable[[str], str | None]] = []


def register_applicant_check(check: Callable[[str], str | None]) -> None:
    """`check(uscc)` answers the refusal's message, or None when it has nothing against it."""
    if check not in _CHECKS:
        _CHECKS.append(check)


def applicant_refusal(*, uscc: str) -> str | None:
    """The first registered check's refusal of the enterprise, or None."""
    code = (uscc or "").strip().upper()
    for check in _CHECKS:
        message = check(code)
        if message:
            return message
    return None

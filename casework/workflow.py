"""What a programme's workflow module declares beside its states: a Rule per transition (what
the caller must send), and `nobody`, the permission of transitions only the system fires."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rule:
    """What a transition needs from the caller, beyond the state and the permission."""

    label: str
    needs_reason: bool = False
    fields: tuple[str, ...] = field(default_factory=tuple)


def nobody(case, user) -> bool:
    """System transitions (expiry and the like) are fired by a beat sweep, never by a user."""
    return False

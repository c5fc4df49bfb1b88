"""演示数据 of quality credit and the blacklist (seed 004 §二.11–12): one enterprise listed by HQ
on its bureau's proposal (its protected products and 示范企业 titles go to HQ as proposals to
revoke: 强制退出), another proposed and awaiting HQ's decision, and the grades of every enterprise
the programmes know, by rule version 1 (the data migration). The caller (seed_demo) names the two
enterprises; each is walked through the services as the demo accounts (bureau-<code>, hq), so
history and proposals are what the portal would have written. Idempotent: an enterprise with an
entry keeps it."""

from accounts.models import User
from casework.credit import known_enterprises

from . import services
from .models import BlacklistEntry

LISTED_REASON = (
    "经查，该企业出口产品以次充好、伪造检验证单，涉案货值较大，已依法立案处罚，情节严重。"
)
PROPOSED_REASON = "该企业拒不配合风险排查和缺陷产品召回，经两次责令整改仍未落实。"


def _bureau_user(uscc: str) -> User:
    entry = known_enterprises(usccs=[uscc])[uscc]
    return User.objects.get(bureau_id=entry.bureau_id, username__startswith="bureau-")


def seed_credit(*, listed_uscc: str | None, proposed_uscc: str | None) -> int:
    """Returns how many blacklist entries were written now; grades are recomputed in any case."""
    hq = User.objects.get(username="hq")
    written = 0
    if listed_uscc and not BlacklistEntry.objects.filter(uscc=listed_uscc).exists():
        entry = services.blacklist_propose(
            actor=_bureau_user(listed_uscc),
            uscc=listed_uscc,
            violation="counterfeit",
            reason=LISTED_REASON,
        )
        services.blacklist_transition(
            entry=entry, name="list", actor=hq, decision_number="总局信用〔2026〕1号"
        )
        # The listing's 强制退出 runs once committed (a task); the demo does not wait for a worker.
        services.blacklist_enforce(entry_id=entry.pk)
        written += 1
    if proposed_uscc and not BlacklistEntry.objects.filter(uscc=proposed_uscc).exists():
        services.blacklist_propose(
            actor=_bureau_user(proposed_uscc),
            uscc=proposed_uscc,
            violation="evasion",
            reason=PROPOSED_REASON,
        )
        written += 1
    services.credit_recompute_all()
    return written

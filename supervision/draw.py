"""The double-random draw (双随机, seed §10) as a pure, documented function, so that anyone holding
the revealed seed and the stored snapshot can re-run it and get the same result.

Algorithm (version 1):
- Every random choice is a key HMAC-SHA256(seed, label) read as a 256-bit integer; nothing else
  is random, so the result depends only on the seed and the snapshot.
- Targets are stratified by bureau: the sample n (at most the number of candidates) is shared
  out in proportion to each bureau's candidates (largest remainder; ties by the key
  "stratum:<bureau>"). Within a bureau the candidates with the smallest keys "target:<case>"
  are drawn; with weighting, Efraimidis–Spirakis keys log(u)/w (largest first) where
  u = (key + 1) / (2**256 + 1) and w is the candidate's weight.
- For each drawn target, in order, the team is taken independently from the inspector list:
  never a recused inspector (the case's officer, its evaluators, earlier inspectors), nor, if
  the plan says so, one from the target's own bureau; among the eligible the least loaded so
  far come first, then the smallest keys "team:<case>:<user>".
"""

import hashlib
import hmac
import math
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

ALGORITHM_VERSION = 1


def commitment(seed_hex: str) -> str:
    """The public commitment to a secret seed: SHA-256 of its bytes, in hex."""
    return hashlib.sha256(bytes.fromhex(seed_hex)).hexdigest()


def _key(seed: bytes, label: str) -> int:
    return int.from_bytes(hmac.new(seed, label.encode(), hashlib.sha256).digest(), "big")


@dataclass
class DrawResult:
    targets: list[dict] = field(default_factory=list)  # [{"case": id, "inspectors": [ids]}]
    shortfalls: list[dict] = field(default_factory=list)  # what could not be met, and why

    def as_dict(self) -> dict:
        return {"algorithm": ALGORITHM_VERSION, "targets": self.targets}


def sample_size_for(candidates: int, *, size: int | None, ratio) -> int:
    """The number to draw: a fixed size, or a percentage of the candidates (rounded up).
    The percentage is taken exactly (64.40 % of 250 is 161, not 162 as in floating point)."""
    if size is not None:
        return min(size, candidates)
    return min(candidates, math.ceil(candidates * Fraction(str(ratio)) / 100))


def _allocate(seed: bytes, strata: dict, n: int) -> dict:
    total = sum(len(members) for members in strata.values())
    if total == 0 or n == 0:
        return dict.fromkeys(strata, 0)
    exact = {b: n * len(members) / total for b, members in strata.items()}
    quota = {b: math.floor(value) for b, value in exact.items()}
    left = n - sum(quota.values())
    order = sorted(strata, key=lambda b: (-(exact[b] - quota[b]), _key(seed, f"stratum:{b}")))
    for bureau in order[:left]:
        quota[bureau] += 1
    return quota


def run(
    snapshot: dict,
    seed_hex: str,
    *,
    sample_size: int | None,
    sample_ratio=None,
    team_size: int,
    exclude_own_bureau: bool,
    weighted: bool,
) -> DrawResult:
    """Draw targets and teams from `snapshot` ({"targets": [...], "inspectors": [...]})."""
    seed = bytes.fromhex(seed_hex)
    result = DrawResult()
    candidates = snapshot["targets"]
    n = sample_size_for(len(candidates), size=sample_size, ratio=sample_ratio)
    wanted = sample_size if sample_size is not None else n
    if n < wanted:
        result.shortfalls.append({"kind": "targets", "wanted": wanted, "available": n})

    strata = defaultdict(list)
    for candidate in candidates:
        strata[candidate["bureau"]].append(candidate)
    quota = _allocate(seed, strata, n)

    scale = 2**256 + 1

    def weighted_order(c) -> float:
        u = (_key(seed, f"target:{c['case']}") + 1) / scale
        return -math.log(u) / max(c.get("weight", 1), 1e-9)

    def plain_order(c) -> int:
        return _key(seed, f"target:{c['case']}")

    order = weighted_order if weighted else plain_order
    chosen = []
    for bureau in sorted(strata):
        chosen.extend(sorted(strata[bureau], key=order)[: quota[bureau]])
    chosen.sort(key=lambda c: c["case"])

    load = defaultdict(int)
    for target in chosen:
        recused = set(target.get("recused", []))
        eligible = [
            person
            for person in snapshot["inspectors"]
            if person["user"] not in recused
            and not (exclude_own_bureau and person["bureau"] == target["bureau"])
        ]
        eligible.sort(
            key=lambda p: (load[p["user"]], _key(seed, f"team:{target['case']}:{p['user']}"))
        )
        team = [person["user"] for person in eligible[:team_size]]
        for user in team:
            load[user] += 1
        if len(team) < team_size:
            result.shortfalls.append(
                {
                    "kind": "team",
                    "case": target["case"],
                    "wanted": team_size,
                    "available": len(team),
                }
            )
        result.targets.append({"case": target["case"], "inspectors": team})
    return result

"""随机分配评查人员 (互查互评) as a pure function of a seed and two lists, so that anyone holding a
round's recorded seed and snapshot re-runs it and gets the same assignment. It needs nothing but
Python's standard library: `python assignment.py round.json` re-runs a round's published
document ({"seed", "snapshot", "assignment"}) offline.

Algorithm (version 1):
- Every random choice is a key HMAC-SHA256(seed, label) read as a 256-bit integer, as the
  double-random draw's (casework.draw); nothing else is random.
- The cases are taken in the order of their keys "case:<case id>".
- A case's reviewer is one of the reviewers whose place is not the case's (never its own place):
  among those, the least loaded so far (balanced load), and among those the one with the
  smallest key "reviewer:<case id>:<user id>".
- A case with no reviewer of another place gets none (null): the portal refuses to assign then.
"""

import hashlib
import hmac
import json
import sys

ALGORITHM_VERSION = 1


def _key(seed: bytes, label: str) -> int:
    return int.from_bytes(hmac.digest(seed, label.encode(), "sha256"), "big")


def run(snapshot: dict, seed_hex: str) -> dict[str, int | None]:
    """{case id as text: reviewer's user id or None} for `snapshot` ({"cases": [{"case", "place"}],
    "reviewers": [{"user", "place"}]}) drawn with `seed_hex`."""
    seed = bytes.fromhex(seed_hex)
    load = {person["user"]: 0 for person in snapshot["reviewers"]}
    cases = sorted(snapshot["cases"], key=lambda case: _key(seed, f"case:{case['case']}"))
    result: dict[str, int | None] = {}
    for case in cases:
        eligible = [p["user"] for p in snapshot["reviewers"] if p["place"] != case["place"]]
        if not eligible:
            result[str(case["case"])] = None
            continue
        least = min(load[user] for user in eligible)
        chosen = min(
            (user for user in eligible if load[user] == least),
            key=lambda user: _key(seed, f"reviewer:{case['case']}:{user}"),
        )
        load[chosen] += 1
        result[str(case["case"])] = chosen
    return dict(sorted(result.items(), key=lambda item: int(item[0])))


def snapshot_digest(snapshot: dict) -> str:
    """SHA-256 of the snapshot's canonical JSON: what the history row records of the lists."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def verify(document: dict) -> bool:
    """Whether re-running the document's seed on its snapshot gives its assignment."""
    return run(document["snapshot"], document["seed"]) == {
        str(case): user for case, user in document["assignment"].items()
    }


if __name__ == "__main__":  # pragma: no cover - the offline check of a published document
    with open(sys.argv[1], encoding="utf-8") as source:
        published = json.load(source)
    print("matches" if verify(published) else "DOES NOT MATCH")

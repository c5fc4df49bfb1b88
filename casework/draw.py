"""The double-random draw (双随机, seed §10) as a pure, documented function, so that anyone holding
the revealed seed and the stored snapshot can re-run it and get the same result.

Algorithm (version 2; a draw records its version, and version 1 stays available to verify the
draws made with it):
- Every random choice is a key HMAC-SHA256(seed, label) read as a 256-bit integer; nothing else
  is random, so the result depends only on the seed and the snapshot.
- Targets are stratified by bureau: the sample n (at most the number of candidates) is shared
  out in proportion to each bureau's candidates (largest remainder; ties by the key
  "stratum:<bureau>"). Within a bureau the candidates with the smallest keys "target:<case>"
  are drawn; with weighting, Efraimidis–Spirakis keys log(u)/w (largest first) where
  u = (key + 1) / (2**256 + 1) and w is the candidate's weight.
- For each drawn target, in order, the team is taken from the inspector list one member at a
  time: never a recused inspector (the case's officer, its evaluators, earlier inspectors), nor,
  if the plan says so, one from the target's own bureau, nor one already in the team; always
  from the least loaded so far, and among those uniformly at random:
  - version 2: within the least-loaded level (inspectors by user id), the one at
    position key "team2:<case>:<slot>:<attempt>" mod the level's size, for attempts 0…7, is
    taken if eligible; if none of the eight is, the level's eligible inspectors are listed in
    order and the one at position key "team2:<case>:<slot>:all" mod their number is taken; a
    level with no eligible inspector passes to the next level. About two keys per member
    (version 1 keyed every inspector for every target: 5,000 × n keys).
  - version 1: the eligible sorted by (load, key "team:<case>:<user>"), the first team_size.
- Mixed teams (混合编组, a plan's `mixed_teams`; version 2 only): a member is first sought, as
  above, among the eligible whose bureau has nobody in the team yet; only when there is none at
  any level is one of a bureau already in the team taken (with the same keys), and the draw
  reports the team as a "mixed" shortfall. A draw without the switch is the same as before it.

Where the seed comes from is the plan's protocol (ADR 0009), apart from the algorithm above:
- protocol 1: a secret 32-byte seed made with the plan, its SHA-256 published (`commitment`),
  the seed revealed after the inspections;
- protocol 2: nothing secret. The candidate lists are frozen and their hash published first
  (`snapshot_commitment`: SHA-256 of the stored snapshot without the recusals, as canonical
  JSON); the seed is then SHA-256 of "<commitment>|<beacon>|<plan>" (`beacon_seed`), where the
  beacon is a lottery result of a date declared beforehand (casework.beacon) and the plan is
  "<app>.<model>:<id>". `verify_published` re-runs a draw from its published document alone;
  this file needs nothing but Python's standard library, so `python draw.py plan.json` does it
  offline.
"""

import hashlib
import heapq
import hmac
import json
import math
import sys
from bisect import insort
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

ALGORITHM_VERSION = 2
TEAM_ATTEMPTS = 8


def commitment(seed_hex: str) -> str:
    """The public commitment to a secret seed: SHA-256 of its bytes, in hex."""
    return hashlib.sha256(bytes.fromhex(seed_hex)).hexdigest()


def canonical_json(value) -> bytes:
    """The one byte spelling of a JSON value that is hashed: keys sorted, no spaces, ASCII."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def snapshot_commitment(stored: dict) -> str:
    """Protocol 2's commitment to a stored snapshot (`pack_snapshot`): SHA-256 of its canonical
    JSON without "recused" (the recusals of the drawn targets are added when the result is
    drawn, since which targets are drawn is not known at commitment)."""
    committed = {name: part for name, part in stored.items() if name != "recused"}
    return hashlib.sha256(canonical_json(committed)).hexdigest()


def beacon_seed(commitment_hex: str, beacon: str, plan_key: str) -> str:
    """Protocol 2's seed: SHA-256 of "<commitment>|<beacon>|<plan>", in hex."""
    return hashlib.sha256(f"{commitment_hex}|{beacon}|{plan_key}".encode()).hexdigest()


def _key(seed: bytes, label: str) -> int:
    return int.from_bytes(hmac.digest(seed, label.encode(), "sha256"), "big")


def _digester(seed: bytes):
    """HMAC-SHA256(seed, label) as its 32 bytes, with the seed's pads hashed once (RFC 2104
    spelled out): the same digests as `hmac.digest` at less than half the cost, which matters
    for the 100,000 keys of a national draw."""
    if len(seed) > 64:
        seed = hashlib.sha256(seed).digest()
    padded = seed.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def digest(label: str) -> bytes:
        i = inner.copy()
        i.update(label.encode())
        o = outer.copy()
        o.update(i.digest())
        return o.digest()

    return digest


def _keyer(seed: bytes):
    """`_key`, by `_digester`."""
    digest = _digester(seed)
    from_bytes = int.from_bytes

    def key(label: str) -> int:
        return from_bytes(digest(label), "big")

    return key


def pack_snapshot(snapshot: dict) -> dict:
    """The snapshot as stored (format 2): each list as columns of numbers, and the recusals of
    the drawn targets by case. A national snapshot of ~90,000 candidates as objects took
    ~0.35 s to store (JSON of 3 MB parsed into jsonb); as columns it is a third of the size and
    of the time (docs/performance.md). `unpack_snapshot` gives back the lists, in their order."""
    targets, inspectors = snapshot["targets"], snapshot["inspectors"]
    columns = {"case": [t["case"] for t in targets], "bureau": [t["bureau"] for t in targets]}
    if any("weight" in t for t in targets):  # a weighted plan's snapshot has them all
        columns["weight"] = [t.get("weight", 1) for t in targets]
    # How a weighted plan's weights were reckoned (casework.weighting), committed with them.
    extra = {"weighting": snapshot["weighting"]} if "weighting" in snapshot else {}
    return {
        **extra,
        "format": 2,
        "targets": columns,
        "recused": packed_recusals(snapshot),
        "inspectors": {
            "user": [person["user"] for person in inspectors],
            "bureau": [person["bureau"] for person in inspectors],
        },
    }


def packed_recusals(snapshot: dict) -> dict:
    """The recusals `run` wrote into an unpacked snapshot's drawn targets, as a stored
    snapshot's "recused" holds them ({case id as text: [user ids]})."""
    return {str(t["case"]): t["recused"] for t in snapshot["targets"] if "recused" in t}


def unpack_snapshot(stored: dict) -> dict:
    """The lists `run` reads, from a stored snapshot of either format (format 1, the draws
    stored before format 2: the lists themselves)."""
    if stored.get("format") != 2:
        return stored
    columns, recused = stored["targets"], stored["recused"]
    targets = [
        {"case": case, "bureau": bureau}
        for case, bureau in zip(columns["case"], columns["bureau"], strict=True)
    ]
    if "weight" in columns:
        for target, weight in zip(targets, columns["weight"], strict=True):
            target["weight"] = weight
    for target in targets:
        if str(target["case"]) in recused:
            target["recused"] = recused[str(target["case"])]
    people = stored["inspectors"]
    return {
        "targets": targets,
        "inspectors": [
            {"user": user, "bureau": bureau}
            for user, bureau in zip(people["user"], people["bureau"], strict=True)
        ],
    }


@dataclass
class DrawResult:
    targets: list[dict] = field(default_factory=list)  # [{"case": id, "inspectors": [ids]}]
    shortfalls: list[dict] = field(default_factory=list)  # what could not be met, and why
    algorithm: int = ALGORITHM_VERSION

    def as_dict(self) -> dict:
        return {"algorithm": self.algorithm, "targets": self.targets}


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
    mixed_teams: bool = False,
    algorithm: int = ALGORITHM_VERSION,
    recusal=None,
) -> DrawResult:
    """Draw targets and teams from `snapshot` ({"targets": [...], "inspectors": [...]}).

    `recusal`, if given, is called once with the drawn case ids and returns {case: [user ids]};
    those lists are written into the snapshot's drawn targets before the teams are drawn (only
    drawn targets' recusals matter, so the caller need not compute them for every candidate).
    """
    if algorithm not in (1, 2):
        raise ValueError(f"unknown draw algorithm {algorithm}")
    if mixed_teams and algorithm != 2:
        raise ValueError("mixed teams are drawn by algorithm 2 only")
    seed = bytes.fromhex(seed_hex)
    key = _keyer(seed)
    result = DrawResult(algorithm=algorithm)
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
        u = (key(f"target:{c['case']}") + 1) / scale
        return -math.log(u) / max(c.get("weight", 1), 1e-9)

    digest = _digester(seed)

    def plain_order(c) -> bytes:
        # The key's 32 big-endian bytes order as the key does: no integer made per candidate.
        return digest(f"target:{c['case']}")

    order = weighted_order if weighted else plain_order
    chosen = []
    for bureau in sorted(strata):
        # The quota smallest keys (what sorting and slicing would give, without the sort).
        chosen.extend(heapq.nsmallest(quota[bureau], strata[bureau], key=order))
    chosen.sort(key=lambda c: c["case"])
    if recusal is not None and chosen:
        recused = recusal([c["case"] for c in chosen])
        for target in chosen:
            target["recused"] = sorted(recused.get(target["case"], ()))

    if algorithm == 2:
        teams = _teams_v2(
            key, chosen, snapshot["inspectors"], team_size, exclude_own_bureau, mixed_teams
        )
    else:
        teams = _teams_v1(key, chosen, snapshot["inspectors"], team_size, exclude_own_bureau)
    bureau_of = (
        {person["user"]: person["bureau"] for person in snapshot["inspectors"]}
        if mixed_teams
        else {}
    )
    for target, team in zip(chosen, teams, strict=True):
        if len(team) < team_size:
            result.shortfalls.append(
                {
                    "kind": "team",
                    "case": target["case"],
                    "wanted": team_size,
                    "available": len(team),
                }
            )
        mixed = len({bureau_of[user] for user in team}) if mixed_teams else len(team)
        if mixed < len(team):
            result.shortfalls.append(
                {"kind": "mixed", "case": target["case"], "bureaus": mixed, "members": len(team)}
            )
        result.targets.append({"case": target["case"], "inspectors": team})
    return result


def _teams_v1(key, chosen, inspectors, team_size, exclude_own_bureau):
    load = defaultdict(int)
    for target in chosen:
        recused = set(target.get("recused", []))
        eligible = [
            person
            for person in inspectors
            if person["user"] not in recused
            and not (exclude_own_bureau and person["bureau"] == target["bureau"])
        ]
        eligible.sort(
            key=lambda p, case=target["case"]: (
                load[p["user"]],
                key(f"team:{case}:{p['user']}"),
            )
        )
        team = [person["user"] for person in eligible[:team_size]]
        for user in team:
            load[user] += 1
        yield team


def _teams_v2(key, chosen, inspectors, team_size, exclude_own_bureau, mixed_teams=False):
    inspectors = sorted(inspectors, key=lambda person: person["user"])  # whatever the order given
    users = [person["user"] for person in inspectors]
    bureaus = [person["bureau"] for person in inspectors]
    levels: dict[int, list[int]] = {0: list(range(len(inspectors)))} if inspectors else {}
    load = [0] * len(inspectors)
    for target in chosen:
        case, own = target["case"], target["bureau"]
        recused = set(target.get("recused", []))
        team_positions: list[int] = []
        team_bureaus: set[int] = set()

        def eligible(position, recused=recused, own=own, team_positions=team_positions):
            return (
                users[position] not in recused
                and not (exclude_own_bureau and bureaus[position] == own)
                and position not in team_positions
            )

        def unmixed(position, team_bureaus=team_bureaus):
            return eligible(position) and bureaus[position] not in team_bureaus

        for slot in range(team_size):
            picked = None
            for allowed_here in (unmixed, eligible) if mixed_teams else (eligible,):
                picked = _pick(key, levels, allowed_here, f"team2:{case}:{slot}")
                if picked is not None:
                    break
            if picked is None:
                break  # nobody left who may go: a shortfall
            team_positions.append(picked)
            team_bureaus.add(bureaus[picked])
            level = load[picked]
            levels[level].remove(picked)
            if not levels[level]:
                del levels[level]
            load[picked] = level + 1
            insort(levels.setdefault(level + 1, []), picked)
        yield [users[p] for p in team_positions]


def _pick(key, levels: dict[int, list[int]], allowed, label: str) -> int | None:
    """Version 2's choice of one member: from the least-loaded level with anyone `allowed`, the
    one at position key "<label>:<attempt>" mod the level's size for attempts 0…7 if allowed,
    else the one at key "<label>:all" mod their number among the level's allowed, in order."""
    for level in sorted(levels):
        members = levels[level]
        for attempt in range(TEAM_ATTEMPTS):
            position = members[key(f"{label}:{attempt}") % len(members)]
            if allowed(position):
                return position
        permitted = [p for p in members if allowed(p)]
        if permitted:
            return permitted[key(f"{label}:all") % len(permitted)]
    return None


def verify_published(document: dict) -> dict:
    """Re-run a draw from its published document (casework.draws.published_document) and nothing
    else: whether the seed follows from what was committed (protocol 1: SHA-256 of the revealed
    seed is the commitment; protocol 2: the snapshot's hash is the commitment and the seed is
    `beacon_seed` of it), the re-run's targets and whether they are the published result."""
    protocol = document.get("protocol", 1)
    stored = document["snapshot"]
    if protocol == 2:
        commitment_hex = snapshot_commitment(stored)
        seed_hex = beacon_seed(commitment_hex, document["beacon"]["value"], document["plan"])
        committed = commitment_hex == document["snapshot_commitment"]
        committed = committed and seed_hex == document["seed"]
    else:
        seed_hex = document["seed"]
        committed = commitment(seed_hex) == document["seed_commitment"]
    parameters = document["parameters"]
    again = run(
        unpack_snapshot(stored),
        seed_hex,
        sample_size=parameters["sample_size"],
        sample_ratio=parameters["sample_ratio"],
        team_size=parameters["team_size"],
        exclude_own_bureau=parameters["exclude_own_bureau"],
        weighted=parameters["weighted"],
        mixed_teams=parameters.get("mixed_teams", False),
        algorithm=document["result"].get("algorithm", ALGORITHM_VERSION),
    )
    return {
        "protocol": protocol,
        "seed": seed_hex,
        "committed": committed,
        "result_matches": again.as_dict() == document["result"],
        "algorithm": again.algorithm,
        "targets": again.targets,
    }


if __name__ == "__main__":  # python draw.py published.json: re-run a published draw offline
    with open(sys.argv[1], encoding="utf-8") as handle:
        verdict = verify_published(json.load(handle))
    print(json.dumps({k: v for k, v in verdict.items() if k != "targets"}, indent=2))
    sys.exit(0 if verdict["committed"] and verdict["result_matches"] else 1)

"""质量信用与黑名单 (seed 004 §二.11–12) of the national data set (bench/generate.py's phase
"credit"): a credit grade for every confirmed enterprise by rule version 1 (the data migration),
about 1 % of them with facts of their record (warnings, measures, recalls, substantiated
complaints, certificates revoked or suspended, titles withdrawn, failed samples) whose
explanation adds up to the score, each with its first grade change; and at scale 1.0 about 50
blacklist entries in every state with their history (listed ones' enterprises graded D).

The facts stand for the record the other phases wrote: `manage.py credit_recompute` replaces
them with the programmes' own. Drawn from a generator of its own (seed + ":credit"), after every
other phase: the rest of the data set stays what it was. Entry numbers run per year in time
order (gen.credit_sequences: casework.numbering goes on after them)."""

import random
from datetime import date, timedelta

from applications.models import Enterprise
from casework.credit import CreditFact
from credit import scoring
from credit.models import (
    BlacklistEntry,
    BlacklistHistory,
    CreditGrade,
    CreditGradeChange,
    CreditRule,
)
from credit.workflow import State, Violation

BASE = {"entries": (50, 6)}
FACT_SHARE = 0.01
MODELS = [CreditGrade, CreditGradeChange, BlacklistEntry, BlacklistHistory]
KIND_WEIGHTS = [
    ("warning_i", 2), ("warning_ii", 4), ("warning_iii", 8), ("warning_iv", 10), ("measure", 10),
    ("recall", 6), ("complaint_substantiated", 20), ("certificate_revoked", 4),
    ("certificate_suspended", 10), ("title_withdrawn", 2), ("sample_failed", 24),
]  # fmt: skip
LABELS = {
    "warning_i": "Ⅰ级风险预警", "warning_ii": "Ⅱ级风险预警", "warning_iii": "Ⅲ级风险预警",
    "warning_iv": "Ⅳ级风险预警", "measure": "快速反应措施", "recall": "缺陷产品召回",
    "complaint_substantiated": "投诉举报经核查属实", "certificate_revoked": "生态原产地保护证书被撤销",
    "certificate_suspended": "生态原产地保护证书暂停保护", "title_withdrawn": "示范企业称号被撤销",
    "sample_failed": "监测抽样检验不合格",
}  # fmt: skip
ENTRY_SHARES = [
    (State.LISTED, 0.55), (State.PROPOSED, 0.15), (State.REFUSED, 0.10), (State.REMOVED, 0.12),
    (State.EXPIRED, 0.08),
]  # fmt: skip


def _or(value, null):
    return null if value is None else value


class Credit:
    def __init__(self, gen):
        self.gen = gen
        self.rng = random.Random(f"{gen.seed}:credit")
        self.today = gen.as_of
        self.sequences: dict[str, int] = {}

    def run(self) -> None:
        gen = self.gen
        gen.sink.wait()  # the enterprises as the load wrote them
        self.rule = CreditRule.objects.using(gen.using).get(version=1)
        known = list(
            Enterprise.objects.using(gen.using)
            .filter(confirmed_at__isnull=False)
            .order_by("pk")
            .values_list("uscc", "name", "bureau_id")
        )
        listed = self._entries(known)
        self._grades(known, listed)
        gen.credit_sequences = self.sequences

    def _day(self, days_back_max: int) -> date:
        return self.today - timedelta(days=1 + int(self.rng.random() * days_back_max))

    def _entries(self, known) -> dict[str, date]:
        """The blacklist; returns the listed enterprises' codes with their listing day."""
        gen, r = self.gen, self.rng.random
        lo_n, floor = BASE["entries"]
        n = max(floor, round(lo_n * gen.scale))
        rows = gen.sink.open(BlacklistEntry, [
            "id", "number", "uscc", "enterprise_name", "bureau_id", "violation", "reason",
            "proposed_by_id", "proposed_at", "state", "decision_number", "listed_on", "ends_on",
            "decided_by_id", "decided_at", "removed_on", "exit_proposals", "exit_proposed_at",
        ])  # fmt: skip
        history = gen.sink.open(BlacklistHistory, [
            "entry_id", "transition", "from_state", "to_state", "actor_id", "reason", "comment",
            "data", "created_at",
        ])  # fmt: skip
        first = gen.sink.next_id(BlacklistEntry)
        picks = self.rng.sample(known, min(n, len(known)))
        # every state at least once (the floor), the rest by its share
        states = [s for s, _share in ENTRY_SHARES]
        extra = max(0, n - len(states))
        states += [s for s, share in ENTRY_SHARES for _ in range(round(share * extra))]
        states = (states + [State.LISTED] * n)[:n]
        drawn = sorted((self._day(900), k) for k in range(len(picks)))
        listed, hq, N, J, T = {}, gen.hq[0], gen.N, gen.J, gen.T
        from .generate import _day_ts

        for index, (proposed_on, k) in enumerate(drawn):
            uscc, name, bureau_id = picks[k]
            state = states[k % len(states)]
            clerk = gen.staff[bureau_id][0][0]
            year = proposed_on.year
            self.sequences[f"credit:blacklist:{year}"] = (
                self.sequences.get(f"credit:blacklist:{year}", 0) + 1
            )
            number = f"HMD-{year}-{self.sequences[f'credit:blacklist:{year}']:04d}"
            at = T(_day_ts(proposed_on) + 10 * 3600)
            decided_on = min(
                self.today - timedelta(days=1), proposed_on + timedelta(days=10 + int(r() * 30))
            )
            decided = T(_day_ts(decided_on) + 15 * 3600)
            eid = first + index
            decision = (
                f"总局信用〔{decided_on.year}〕{index + 1}号"
                if state != State.PROPOSED and state != State.REFUSED
                else ""
            )
            listed_on = decided_on if decision else None
            ends_on = removed_on = None
            if state == State.EXPIRED:
                ends_on = min(self.today - timedelta(days=1), decided_on + timedelta(days=180))
                removed_on = (
                    ends_on + timedelta(days=1)
                    if ends_on < self.today - timedelta(days=1)
                    else ends_on
                )
            elif state == State.REMOVED:
                removed_on = min(self.today, decided_on + timedelta(days=90 + int(r() * 200)))
            elif state == State.LISTED and r() < 0.5:
                ends_on = self.today + timedelta(days=30 + int(r() * 700))
            rows.add((
                eid, number, uscc, name, bureau_id, self.rng.choice(Violation.values),
                "经查，该企业存在严重质量安全违法行为，已依法立案处罚。", clerk, at, state, decision,
                _or(listed_on, N), _or(ends_on, N), hq if state != State.PROPOSED else N,
                decided if state != State.PROPOSED else N, _or(removed_on, N),
                0 if decision else N, decided if decision else N,
            ))  # fmt: skip
            if state == State.PROPOSED:
                continue
            if state == State.REFUSED:
                history.add(
                    (eid, "refuse", "proposed", "refused", hq, "证据不足。", "", J({}), decided)
                )
                continue
            history.add((eid, "list", "proposed", "listed", hq, "", "", J({
                "decision_number": decision, "listed_on": listed_on.isoformat(),
                "ends_on": ends_on.isoformat() if ends_on else None,
            }), decided))  # fmt: skip
            if state == State.LISTED:
                listed[uscc] = listed_on
            elif removed_on is not None:
                name_ = "expire" if state == State.EXPIRED else "remove"
                history.add((
                    eid, name_, "listed", state, N if name_ == "expire" else hq,
                    "" if name_ == "expire" else "企业完成整改，信用修复。", "",
                    J({"removed_on": removed_on.isoformat()}),
                    T(_day_ts(removed_on) + 2 * 3600),
                ))  # fmt: skip
        rows.close()
        history.close()
        return listed

    def _grades(self, known, listed: dict[str, date]) -> None:
        gen, r = self.gen, self.rng.random
        N, J = gen.N, gen.J
        kinds = [k for k, _w in KIND_WEIGHTS]
        weights = [w for _k, w in KIND_WEIGHTS]
        grades = gen.sink.open(CreditGrade, [
            "id", "uscc", "name", "bureau_id", "grade", "score", "rule_id", "explanation",
            "computed_at",
        ])  # fmt: skip
        changes = gen.sink.open(CreditGradeChange, [
            "credit_grade_id", "from_grade", "to_grade", "from_score", "to_score", "rule_version",
            "reason", "explanation", "created_at",
        ])  # fmt: skip
        first = gen.sink.next_id(CreditGrade)
        now = gen.T(gen.now_ts - 3 * 3600)
        for index, (uscc, name, bureau_id) in enumerate(known):
            if index % 5000 == 0:
                grades.check(), changes.check()
            facts = []
            if r() < FACT_SHARE:
                for n in range(1 + int(r() * 3)):
                    kind = self.rng.choices(kinds, weights)[0]
                    day = self._day(2000)
                    ended = day + timedelta(days=30 + int(r() * 200)) if r() < 0.4 else None
                    facts.append(CreditFact(
                        uscc=uscc, kind=kind, label=LABELS[kind], occurred_on=day,
                        source="generated", reference=f"G-{index}-{n}",
                        ended_on=ended if ended and ended < self.today else None,
                    ))  # fmt: skip
            if uscc in listed:
                facts.append(CreditFact(
                    uscc=uscc, kind="blacklisted", label="列入质量安全违法黑名单",
                    occurred_on=listed[uscc], source="blacklist", reference=uscc,
                ))  # fmt: skip
            result = scoring.score(self.rule, facts, self.today)
            gid = first + index
            lines = J(result.lines)
            grades.add((gid, uscc, name, bureau_id, result.grade, result.score, self.rule.pk,
                        lines, now))  # fmt: skip
            changes.add((gid, "", result.grade, N, result.score, 1, "首次评价", lines, now))
        grades.close()
        changes.close()


def generate(gen) -> None:
    """The phase: credit grades and the blacklist (gen.credit_sequences: entry numbers)."""
    Credit(gen).run()

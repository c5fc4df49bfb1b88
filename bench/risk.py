"""风险预警与快速反应 (seed 004) of the national data set (bench/generate.py's phase "risk
warnings"): at scale 1.0, 60 members of the expert committee, 3,000 risk signals of the last
three years from every channel (a tenth still awaiting study or in assessment, the others
concluded with their experts' opinions, dismissed or merged), 400 warnings of the four grades
(HQ's Ⅰ and Ⅱ for the country or a zone, the bureaus' Ⅲ and Ⅳ for their own area; most lifted,
some raised or lowered on the way) with the enterprises they name and a notification for every
bureau in scope at each issue, change and lifting, and about two measures per warning suited to
its grade, in every state, recalls with their progress.

Drawn from a generator of its own (seed + ":risk"), after every other phase: the rest of the
data set stays what it was. States are written directly; every history row is what the
transition service would have written for that step (risk.programme). Numbers run per year in
time order (gen.risk_sequences: casework.numbering goes on after them)."""

import random
from datetime import date, timedelta

from applications.models import ProductCategory
from experts.models import Expert
from regions.models import ZoneMembership
from risk.models import (
    AssessmentOpinion,
    MeasureCatalogueEntry,
    MeasureHistory,
    MeasureProgress,
    ResponseMeasure,
    RiskSignal,
    RiskWarning,
    SignalHistory,
    WarningHistory,
    WarningNotification,
    WarningStandard,
    WarningTarget,
)
from risk.workflow import (
    BUREAU_GRADES,
    GRADE_ORDER,
    Channel,
    Conclusion,
    Grade,
    MeasureKind,
    MeasureState,
    Scope,
    SignalState,
    WarningState,
)

# Sizes at scale 1.0 and the floors at small scales.
BASE = {"experts": (60, 6), "signals": (3_000, 30), "warnings": (400, 12)}
MODELS = [
    Expert, RiskSignal, SignalHistory, AssessmentOpinion, RiskWarning, WarningHistory,
    WarningTarget, WarningNotification, ResponseMeasure, MeasureHistory, MeasureProgress,
]  # fmt: skip

SIGNAL_SHARES = [
    (SignalState.REPORTED, 0.05), (SignalState.ASSESSING, 0.05),
    (SignalState.CONCLUDED, 0.65), (SignalState.DISMISSED, 0.15), (SignalState.MERGED, 0.10),
]  # fmt: skip
CHANNEL_WEIGHTS = [
    (Channel.LABORATORY, 25), (Channel.MONITORING, 20), (Channel.COMPLAINT, 15),
    (Channel.MEDIA, 12), (Channel.PRODUCER, 10), (Channel.ASSOCIATION, 6), (Channel.ACADEMIC, 5),
    (Channel.INJURY, 4), (Channel.OTHER, 3),
]  # fmt: skip
CONCLUSION_WEIGHTS = [(Conclusion.NO_RISK, 30), (Conclusion.IV, 30), (Conclusion.III, 25),
                      (Conclusion.II, 12), (Conclusion.I, 3)]  # fmt: skip
# Each grade there at the floor of 12 (the stratified quantiles fall 1/24 apart).
GRADE_SHARES = [(Grade.I, 0.05), (Grade.II, 0.12), (Grade.III, 0.38), (Grade.IV, 0.45)]
WARNING_SHARES = [(WarningState.DRAFT, 0.04), (WarningState.ISSUED, 0.26),
                  (WarningState.LIFTED, 0.70)]  # fmt: skip
PRODUCTS = ["牛羊肉", "冷水鱼", "蜂产品", "虫草", "枸杞及其制品", "沙棘及其制品", "藏毯", "民族服饰",
            "盐化工产品", "绿茶", "大米", "食用菌", "水果", "乳制品", "婴幼儿配方乳粉"]  # fmt: skip
TEXT = {
    "description": "检出有害物质超出限量，涉及出口批次。",
    "evidence": "检测报告及抽样记录。",
    "dismiss": "经核查信息不实，无需评估。",
    "merge": "与已有风险信息重复。",
    "opinion": "根据检测数据和暴露评估，建议按所列等级处置。",
    "finding": "风险属实，已查明来源，按评估等级处置。",
    "advice": "请勿购买、食用相关批次产品；已购买的可联系经营者退货。",
    "raise": "风险扩散，波及范围扩大。",
    "lower": "快速反应措施见效，风险降低。",
    "lift": "风险已消除，解除预警。",
    "measure": "按预警要求组织实施。",
    "progress": "已按要求推进，详见台账。",
    "result": "措施已落实到位。",
    "evaluation": "措施有效，风险明显降低。",
    "lift_measure": "措施目的已达到，予以解除。",
}

DAY = 86400
EPOCH = date(1970, 1, 1).toordinal()
BEIJING = 8 * 3600


def _date(ts: float) -> date:
    return date.fromordinal(EPOCH + int(ts + BEIJING) // DAY)


def _scaled(name: str, scale: float) -> int:
    full, floor = BASE[name]
    return max(floor, round(full * scale))


def _stratified(shares, n: int, rng) -> list:
    """n values in proportion to their shares (each quantile's), in random order."""
    out, cumulative, total = [], [], 0.0
    for value, share in shares:
        total += share
        cumulative.append((total, value))
    for k in range(n):
        x = (k + 0.5) / n * total
        out.append(next(value for bound, value in cumulative if x <= bound))
    rng.shuffle(out)
    return out


class RiskPhase:
    def __init__(self, gen):
        self.gen = gen
        self.rng = random.Random(f"{gen.seed}:risk")
        self.now = gen.now_ts - 3600  # nothing after 08:00 on the "as of" day
        self.sequences: dict[str, int] = {}

    def _next(self, key: str) -> int:
        self.sequences[key] = self.sequences.get(key, 0) + 1
        return self.sequences[key]

    def _pick(self, weighted):
        return self.rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]

    def run(self) -> None:
        gen = self.gen
        gen.sink.wait()  # the last phases read what the load wrote
        self.ids = {model: gen.sink.next_id(model) for model in (Expert, RiskSignal,
                                                                  RiskWarning, ResponseMeasure)}  # fmt: skip
        self.first_enterprise = gen.enterprises[0][0] if gen.enterprises else 0
        # Read before writing: a query on the connection while a COPY is in flight would wait on it.
        using = gen.using
        self.standard = WarningStandard.objects.using(using).order_by("version").first()
        self.catalogue = {
            e.kind: e for e in MeasureCatalogueEntry.objects.using(using).order_by("pk")
        }
        self.zones: dict[int, list[int]] = {}
        for zone_id, bureau_id in ZoneMembership.objects.using(using).values_list(
            "zone_id", "bureau_id"
        ):
            self.zones.setdefault(zone_id, []).append(bureau_id)
        self._experts()
        self._signals()
        self._warnings()
        gen.risk_sequences = self.sequences

    def _take(self, model) -> int:
        self.ids[model] += 1
        return self.ids[model] - 1

    def _enterprise(self):
        """(name, uscc, bureau id) of a random generated enterprise."""
        gen = self.gen
        eid, bureau_id, bureau_code, _staff, _uid, _confirmed, place = gen.enterprises[
            int(self.rng.random() * len(gen.enterprises))
        ]
        from .generate import credit_code  # the codes the enterprises phase gave them

        code = credit_code(bureau_code, eid - self.first_enterprise + gen.seed * 7919)
        return f"{place}有限公司", code, bureau_id

    def _clerk(self, bureau_id) -> int:
        return self.gen.staff[bureau_id][0][0]

    # -- the committee

    def _experts(self) -> None:
        gen, r = self.gen, self.rng.random
        categories = list(
            ProductCategory.objects.using(gen.using).order_by("pk").values_list("pk", flat=True)
        )
        rows = gen.sink.open(Expert, [
            "id", "name", "organisation", "speciality_id", "products", "contact", "reason",
            "account_id", "bureau_id", "recommended_by_id", "recommended_at", "status",
            "decided_by_id", "decided_at", "decision_reason", "pool_member_id",
        ])  # fmt: skip
        self.experts = []
        for k in range(_scaled("experts", gen.scale)):
            bureau = gen.bureaus[k % len(gen.bureaus)]
            eid = self._take(Expert)
            at = gen.start_ts + r() * 300 * DAY
            rows.add((
                eid, gen._name(), f"{bureau.name}技术中心", categories[k % len(categories)],
                "、".join(self.rng.sample(PRODUCTS, 2)), f"0{k:03d}-8000{k:04d}", "",
                gen.N, bureau.pk, self._clerk(bureau.pk), gen.T(at), Expert.Status.ADMITTED,
                gen.hq[0], gen.T(at + 30 * DAY), "", gen.N,
            ))  # fmt: skip
            self.experts.append(eid)
        rows.close()

    # -- 风险信息

    def _signals(self) -> None:
        gen, rng = self.gen, self.rng
        r, N, T, J = rng.random, gen.N, gen.T, gen.J
        n = _scaled("signals", gen.scale)
        states = _stratified(SIGNAL_SHARES, n, rng)
        span = 3 * 365 * DAY
        rows = gen.sink.open(RiskSignal, [
            "id", "number", "channel", "source", "product", "enterprise_name", "enterprise_uscc",
            "place", "description", "evidence", "bureau_id", "complaint_id", "reported_by_id",
            "reported_at", "state", "assessment_due_on", "conclusion", "finding",
            "failed_product", "consumer_advice", "concluded_at", "merged_into_id", "updated_at",
        ])  # fmt: skip
        history = gen.sink.open(SignalHistory, ["signal_id", "transition", "from_state",
                                                "to_state", "actor_id", "reason", "comment",
                                                "data", "created_at"])  # fmt: skip
        opinions = gen.sink.open(AssessmentOpinion, ["signal_id", "expert_id", "drawn",
                                                     "suggested_grade", "opinion",
                                                     "recorded_by_id", "recorded_at"])  # fmt: skip
        reported = sorted(self.now - r() * span for _k in range(n))
        standing = []  # (id, bureau id, number) of signals a later duplicate may repeat
        names = {b.pk: b.name for b in gen.bureaus}
        self.concluded = []  # (id, bureau id, conclusion, ts, product, enterprise)
        for ts, state in zip(reported, states, strict=True):
            sid = self._take(RiskSignal)
            channel = self._pick(CHANNEL_WEIGHTS)
            name, uscc, bureau_id = self._enterprise() if r() < 0.7 else ("", "", None)
            if bureau_id is None:
                bureau_id = gen.bureaus[int(r() * len(gen.bureaus))].pk
            clerk = self._clerk(bureau_id)
            product = PRODUCTS[int(r() * len(PRODUCTS))]
            number = f"FX-{_date(ts).year}-{self._next(f'risk:signal:{_date(ts).year}'):06d}"
            due = conclusion = finding = advice = ""
            concluded_at = merged = N
            failed = False
            updated = ts
            if state == SignalState.MERGED and standing:
                target, target_bureau, target_number = standing[int(r() * len(standing))]
                bureau_id, clerk, merged = target_bureau, self._clerk(target_bureau), target
                at = ts + (1 + r() * 10) * DAY
                history.add((sid, "merge", SignalState.REPORTED, state, clerk, TEXT["merge"], "",
                             J({"into": target_number}), T(min(at, self.now))))  # fmt: skip
                updated = at
            elif state == SignalState.MERGED:
                state = SignalState.REPORTED
            if state == SignalState.DISMISSED:
                at = min(ts + (1 + r() * 20) * DAY, self.now)
                history.add((sid, "dismiss", SignalState.REPORTED, state, clerk, TEXT["dismiss"],
                             "", J({}), T(at)))  # fmt: skip
                updated = at
            if state in (SignalState.ASSESSING, SignalState.CONCLUDED):
                opened = min(ts + (1 + r() * 10) * DAY, self.now)
                due = _date(opened) + timedelta(days=15)
                experts = rng.sample(self.experts, min(3, len(self.experts)))
                history.add((sid, "open_assessment", SignalState.REPORTED, SignalState.ASSESSING,
                             clerk, "", "", J({"experts": sorted(experts), "drawn": [],
                                               "due_on": due.isoformat()}), T(opened)))  # fmt: skip
                updated = opened
                closed = min(opened + (5 + r() * 25) * DAY, self.now)
                done = state == SignalState.CONCLUDED
                conclusion_value = self._pick(CONCLUSION_WEIGHTS)
                for expert in sorted(experts):
                    if done or r() < 0.4:
                        at = opened + r() * (closed - opened)
                        opinions.add((sid, expert, False, conclusion_value, TEXT["opinion"],
                                      clerk, T(at)))  # fmt: skip
                    else:
                        opinions.add((sid, expert, False, "", "", N, N))
                if done:
                    conclusion, finding = conclusion_value, TEXT["finding"]
                    failed = conclusion != Conclusion.NO_RISK and r() < 0.5
                    advice = TEXT["advice"] if failed else ""
                    concluded_at = T(closed)
                    history.add((sid, "conclude", SignalState.ASSESSING, state, clerk, "", "",
                                 J({"conclusion": conclusion, "failed_product": failed}),
                                 concluded_at))  # fmt: skip
                    updated = closed
                    if conclusion != Conclusion.NO_RISK:
                        self.concluded.append((sid, bureau_id, conclusion, closed, product,
                                               (name, uscc)))  # fmt: skip
            if state in (SignalState.REPORTED, SignalState.ASSESSING, SignalState.CONCLUDED):
                standing.append((sid, bureau_id, number))
            rows.add((
                sid, number, channel, f"{Channel(channel).label}报告", product, name, uscc,
                f"{names[bureau_id]}{product}产地",
                TEXT["description"], TEXT["evidence"], bureau_id, N, clerk, T(ts), state,
                due or N, conclusion, finding, failed, advice, concluded_at, merged, T(updated),
            ))  # fmt: skip
        for writer in (rows, history, opinions):
            writer.close()

    # -- 风险预警 and 快速反应措施

    def _warnings(self) -> None:
        gen, rng = self.gen, self.rng
        r, N, T, J = rng.random, gen.N, gen.T, gen.J
        standard, catalogue, zones = self.standard, self.catalogue, self.zones
        all_bureaus = [b.pk for b in gen.bureaus]
        n = _scaled("warnings", gen.scale)
        grades = _stratified(GRADE_SHARES, n, rng)
        states = _stratified(WARNING_SHARES, n, rng)
        rows = gen.sink.open(RiskWarning, [
            "id", "number", "title", "grade", "standard_id", "scope", "scope_bureau_id",
            "scope_zone_id", "products", "description", "consumer_advice", "signal_id",
            "issuing_bureau_id", "created_by_id", "created_at", "state", "issued_at",
            "lifted_at", "updated_at",
        ])  # fmt: skip
        history = gen.sink.open(WarningHistory, ["id", "warning_id", "transition", "from_state",
                                                 "to_state", "actor_id", "reason", "comment",
                                                 "data", "created_at"])  # fmt: skip
        targets = gen.sink.open(WarningTarget, ["warning_id", "enterprise_name",
                                                "enterprise_uscc"])  # fmt: skip
        notices = gen.sink.open(WarningNotification, [
            "warning_id", "entry_id", "bureau_id", "grade", "created_at", "due_at", "emailed_at",
            "acknowledged_at", "acknowledged_by_id",
        ])  # fmt: skip
        self.measure_rows = gen.sink.open(ResponseMeasure, [
            "id", "warning_id", "kind", "description", "enterprise_name", "enterprise_uscc",
            "responsible_bureau_id", "due_on", "quantity_concerned", "quantity_recalled",
            "quantity_unit", "assigned_by_id", "assigned_at", "state", "started_at", "result",
            "completed_at", "effect", "evaluation", "evaluated_at", "escalated_at",
            "escalation_emailed_at", "lifted_at", "updated_at",
        ])  # fmt: skip
        self.measure_history = gen.sink.open(MeasureHistory, [
            "measure_id", "transition", "from_state", "to_state", "actor_id", "reason",
            "comment", "data", "created_at",
        ])  # fmt: skip
        self.progress = gen.sink.open(MeasureProgress, ["measure_id", "text",
                                                        "quantity_recalled", "reported_by_id",
                                                        "reported_at"])  # fmt: skip
        entry_id = gen.sink.next_id(WarningHistory)
        planned = []
        for grade, state in zip(grades, states, strict=True):
            by_hq = grade not in BUREAU_GRADES or r() < 0.15
            origin = self.concluded[int(r() * len(self.concluded))] if self.concluded else None
            created = self.now - (5 + r() * 2.5 * 365) * DAY
            planned.append((created, grade, state, by_hq, origin))
        planned.sort(key=lambda p: p[0])
        for created, grade, state, by_hq, origin in planned:
            wid = self._take(RiskWarning)
            bureau_id = origin[1] if origin else all_bureaus[int(r() * len(all_bureaus))]
            if by_hq:
                actor, issuer = gen.hq[0], N
                if grade == Grade.I or not zones:
                    scope, scope_bureau, scope_zone, reached = Scope.NATIONAL, N, N, all_bureaus
                else:
                    zone_id = list(zones)[int(r() * len(zones))]
                    scope, scope_bureau, scope_zone = Scope.ZONE, N, zone_id
                    reached = zones[zone_id]
            else:
                actor, issuer = self._clerk(bureau_id), bureau_id
                scope, scope_bureau, scope_zone, reached = Scope.BUREAU, bureau_id, N, [bureau_id]
            product = origin[4] if origin else PRODUCTS[int(r() * len(PRODUCTS))]
            named = [origin[5]] if origin and origin[5][1] else []
            named += [self._enterprise()[:2] for _k in range(int(r() * 2))]
            for name, code in named:
                targets.add((wid, name, code))
            number, issued_at, lifted_at, updated = N, N, N, created
            current = grade
            events = []  # (transition, ts, from grade → to grade)
            if state != WarningState.DRAFT:
                issued = min(created + (0.2 + r() * 3) * DAY, self.now)
                year = _date(issued).year
                number = f"YJ-{year}-{self._next(f'risk:warning:{year}'):04d}"
                issued_at = T(issued)
                events.append(("issue", issued, {"number": number, "grade": grade}))
                end = (
                    self.now
                    if state == WarningState.ISSUED
                    else min(issued + (20 + r() * 200) * DAY, self.now)
                )
                if r() < 0.25:
                    # An adjustment on the way: a bureau's warning stays within Ⅲ–Ⅳ.
                    allowed = [g for g in Grade.values if by_hq or g in BUREAU_GRADES]
                    options = [g for g in allowed if g != grade]
                    new = options[int(r() * len(options))]
                    name = "raise_grade" if GRADE_ORDER[new] < GRADE_ORDER[grade] else "lower_grade"
                    at = issued + r() * (end - issued) * 0.5
                    events.append((name, at, {"from_grade": grade, "to_grade": new}))
                    current = new
                if state == WarningState.LIFTED:
                    lifted_at = T(end)
                    events.append(("lift", end, {}))
                updated = events[-1][1]
            rows.add((
                wid, number, f"{product}质量安全风险预警", current, standard.pk, scope,
                scope_bureau, scope_zone, product, TEXT["description"],
                TEXT["advice"] if current in (Grade.I, Grade.II) else "",
                origin[0] if origin else N, issuer, actor, T(created), state, issued_at,
                lifted_at, T(updated),
            ))  # fmt: skip
            if state != WarningState.DRAFT:
                lifted_ids = self._measures(wid, events, current, reached, actor, named, catalogue)
                if state == WarningState.LIFTED:
                    events[-1][2]["measures_lifted"] = lifted_ids
            for event in events:
                if event[0] == "lower_grade":
                    event[2]["measures_lifted"] = []  # its measures suit the lower grade
            from_state = WarningState.DRAFT
            for name, at, data in events:
                to_state = WarningState.LIFTED if name == "lift" else WarningState.ISSUED
                reason = {"raise_grade": TEXT["raise"], "lower_grade": TEXT["lower"],
                          "lift": TEXT["lift"]}.get(name, "")  # fmt: skip
                history.add((entry_id, wid, name, from_state, to_state, actor, reason, "", J(data),
                             T(at)))  # fmt: skip
                shown = data.get("to_grade", data.get("grade", current))
                for reached_id in reached:
                    acknowledged = at + r() * 20 * 3600
                    done = acknowledged < self.now and r() < 0.97
                    notices.add((wid, entry_id, reached_id, shown, T(at), T(at + DAY), T(at),
                                 T(acknowledged) if done else N,
                                 self._clerk(reached_id) if done else N))  # fmt: skip
                entry_id += 1
                from_state = to_state
            if wid % 50 == 0:
                for writer in (rows, history, targets, notices):
                    writer.check()
        for writer in (rows, history, targets, notices, self.measure_rows, self.measure_history,
                       self.progress):  # fmt: skip
            writer.close()

    def _measures(self, wid, events, grade, reached, issuer, named, catalogue) -> list[int]:
        """About two measures suited to the warning's grade; returns those lifted with it."""
        gen, rng = self.gen, self.rng
        r, N, T, J = rng.random, gen.N, gen.T, gen.J
        # Assigned after the last change of grade, so each suits the grade it was assigned at
        # (the catalogue's lower grades take a subset of the higher grades' measures).
        issued = max(at for name, at, _data in events if name != "lift")
        lifted = events[-1][1] if events[-1][0] == "lift" else None
        lifted_ids = []
        suited = [kind for kind, entry in catalogue.items() if grade in entry.grades]
        for _k in range(1 + int(r() * 3)):
            mid = self._take(ResponseMeasure)
            kind = suited[int(r() * len(suited))]
            bureau_id = reached[int(r() * len(reached))]
            clerk = self._clerk(bureau_id)
            name, code = named[0] if named and r() < 0.7 else ("", "")
            assigned = issued + r() * 3 * DAY
            due = _date(assigned) + timedelta(days=catalogue[kind].default_days)
            end = lifted if lifted is not None else self.now
            steps = []  # (transition, ts, from, to, actor, reason, data)
            state = MeasureState.ASSIGNED
            started = completed = evaluated = escalated = N
            result = effect = evaluation = ""
            t = assigned
            if r() < 0.85 and t < end:
                t = min(t + (0.5 + r() * 3) * DAY, end)
                steps.append(("start", t, state, MeasureState.IN_PROGRESS, clerk, "", {}))
                state, started = MeasureState.IN_PROGRESS, T(t)
            concerned = recalled = N
            unit = ""
            if kind == MeasureKind.RECALL:
                concerned = round(100 + r() * 20_000, 2)
                recalled, unit = 0, "千克"
                for _p in range(int(r() * 3)):
                    if state != MeasureState.IN_PROGRESS:
                        break
                    at = t + r() * max(end - t, 0) * 0.3
                    recalled = round(min(concerned, recalled + r() * concerned * 0.5), 2)
                    self.progress.add((mid, TEXT["progress"], recalled, clerk, T(at)))
            due_ts = (due.toordinal() - EPOCH) * DAY
            if (lifted is None and state != MeasureState.ASSIGNED and r() < 0.6) or (
                lifted is not None and r() < 0.8
            ):
                t = min(t + (2 + r() * 20) * DAY, end)
                steps.append(("complete", t, state, MeasureState.COMPLETED, clerk, "",
                              {"quantity_recalled": str(recalled), "quantity_concerned":
                               str(concerned)} if kind == MeasureKind.RECALL else {}))  # fmt: skip
                state, completed, result = MeasureState.COMPLETED, T(t), TEXT["result"]
                if r() < 0.8:
                    t = min(t + (1 + r() * 10) * DAY, end)
                    effect = rng.choice(["effective", "partly", "ineffective"])
                    steps.append(("evaluate", t, state, MeasureState.EVALUATED, issuer, "",
                                  {"effect": effect}))  # fmt: skip
                    state, evaluated, evaluation = MeasureState.EVALUATED, T(t), TEXT["evaluation"]
            elif due_ts + DAY < end:
                escalated = T(due_ts + 1.1 * DAY)
                steps.append(("escalate", due_ts + 1.1 * DAY, state, state, None, "", {}))
            lifted_at = N
            if lifted is not None:
                steps.append(("lift_with_warning", lifted, state, MeasureState.LIFTED, None, "",
                              {}))  # fmt: skip
                state, lifted_at = MeasureState.LIFTED, T(lifted)
                lifted_ids.append(mid)
            steps.sort(key=lambda s: s[1])
            self.measure_rows.add((
                mid, wid, kind, TEXT["measure"], name, code, bureau_id, due, concerned,
                recalled if recalled is not N else 0, unit, issuer, T(assigned), state, started,
                result, completed, effect, evaluation, evaluated, escalated, escalated, lifted_at,
                T(steps[-1][1] if steps else assigned),
            ))  # fmt: skip
            for transition, at, from_state, to_state, actor, reason, data in steps:
                self.measure_history.add((mid, transition, from_state, to_state,
                                          actor if actor is not None else N, reason, "",
                                          J(data), T(at)))  # fmt: skip
        return lifted_ids


def generate(gen) -> None:
    """The phase: the committee, signals, warnings and measures (gen.risk_sequences)."""
    RiskPhase(gen).run()

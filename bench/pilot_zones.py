"""国检试验区 (seed 002) of the national data set (bench/generate.py's phase "pilot zones"): at
scale 1.0, 60 zones over the bureaus, each applied for by one of the demonstration zones' local
governments (a government applies for both), in every state with the history of its path: the
bureau's recommendation, the acceptance working group's opinion rows laid when 通关司 opens the
acceptance (answered, one now and then an objection that the decision answers), approvals
numbered in time order, and the operating zones run by an operating enterprise of their bureau
(one account each) and visited by their bureau now and then (日常监督管理). The approved and
operating zones carry innovation measures (those beyond the rules reported to HQ first) with
HQ's 督查评估, commendations for 成效显著 measures, and practices submitted to the library,
numbered when accepted and adopted by other bureaus.

Drawn from a generator of its own (seed + ":pilot-zones"), after every other phase: the rest of
the data set stays what it was. The state is written directly; every history row is what the
transition service would have written for that step (pilotzones.programme)."""

import random
from datetime import date

from accounts.models import Role, User
from pilotzones.models import (
    AcceptanceOpinion,
    Commendation,
    InnovationMeasure,
    MeasureAssessment,
    MeasureHistory,
    PilotZone,
    PracticeAdoption,
    PracticeHistory,
    ReplicablePractice,
    SupervisionVisit,
    ZoneHistory,
)
from pilotzones.workflow import (
    LEAD_DEPARTMENT,
    MEMBER_DEPARTMENTS,
    NAME_SUFFIX,
    Effect,
    Innovation,
    MeasureState,
    PracticeState,
    State,
)
from regions.models import Organisation

# Size at scale 1.0 and the floor at small scales (never more than the governments there are).
BASE = (60, 12)
# Every model the phase writes (for the sequences reset after a PostgreSQL load).
MODELS = [
    PilotZone, AcceptanceOpinion, ZoneHistory, InnovationMeasure, MeasureHistory,
    MeasureAssessment, Commendation, Commendation.measures.through, ReplicablePractice,
    ReplicablePractice.measures.through, PracticeHistory, PracticeAdoption, SupervisionVisit,
]  # fmt: skip

# Share of zones ending in each state (sums to 1), allocated in proportion (stratified: each
# share at least 1/12, every state is there at the floor).
STATE_SHARES = [
    (State.DRAFT, 0.09), (State.SUBMITTED, 0.09), (State.RETURNED, 0.09),
    (State.RECOMMENDED, 0.09), (State.ACCEPTANCE, 0.09), (State.APPROVED, 0.15),
    (State.NOT_APPROVED, 0.10), (State.OPERATING, 0.30),
]  # fmt: skip
# Gap before each transition, in days (min, max).
ZONE_GAPS = {
    "submit": (5, 60), "return": (3, 15), "recommend": (5, 30), "open_acceptance": (10, 40),
    "approve": (15, 60), "not_approve": (15, 60), "start_operation": (10, 90),
}  # fmt: skip
MEASURE_GAPS = {"report": (1, 20), "approve": (10, 45), "refuse": (10, 45), "start": (3, 30),
                "end": (60, 400)}  # fmt: skip
PRACTICE_GAPS = {"submit": (5, 30), "return": (5, 20), "accept": (10, 40),
                 "withdraw": (60, 300)}  # fmt: skip
# Measures within the rules, and beyond them (reported to HQ first): share in each state.
WITHIN_SHARES = [(MeasureState.REGISTERED, 0.15), (MeasureState.RUNNING, 0.60),
                 (MeasureState.ENDED, 0.25)]  # fmt: skip
BEYOND_SHARES = [
    (MeasureState.REGISTERED, 0.05), (MeasureState.PENDING_APPROVAL, 0.20),
    (MeasureState.APPROVED, 0.10), (MeasureState.REFUSED, 0.15), (MeasureState.RUNNING, 0.35),
    (MeasureState.ENDED, 0.15),
]  # fmt: skip
BEYOND_SHARE = 0.3
EFFECT_SHARES = [(Effect.MARKED, 0.30), (Effect.GOOD, 0.35), (Effect.FAIR, 0.25),
                 (Effect.POOR, 0.10)]  # fmt: skip
PRACTICE_SHARES = [
    (PracticeState.DRAFT, 0.15), (PracticeState.SUBMITTED, 0.15), (PracticeState.RETURNED, 0.10),
    (PracticeState.ACCEPTED, 0.50), (PracticeState.WITHDRAWN, 0.10),
]  # fmt: skip

FUNCTIONS = ["进境指定口岸", "跨境电商零售进口", "第三方检验结果采信", "出口食品农产品质量安全示范",
             "检验检疫一体化监管", "“单一窗口”建设", "公共卫生安全保障"]  # fmt: skip
INDUSTRIES = ["跨境电商", "进口水果", "进口肉类", "汽车零部件", "电子信息", "生物医药", "大宗商品",
              "红木家具", "特色农产品", "冷链物流"]  # fmt: skip
MEASURES = [
    ("“提前申报、抵港直放”通关模式", Innovation.MODEL),
    ("第三方检验结果采信", Innovation.SYSTEM),
    ("进境货物“先放后检”", Innovation.MEASURE),
    ("出口企业分类管理、信用放行", Innovation.SYSTEM),
    ("跨境电商零售进口商品质量追溯", Innovation.MODEL),
    ("进境动植物产品集中检疫处理", Innovation.MEASURE),
    ("检验检疫证书电子化签发", Innovation.MEASURE),
    ("口岸与内地检验检疫执法协作", Innovation.MODEL),
]
TEXT = {
    "return": "请补充预测年检验检疫业务量的测算依据。",
    "recommendation": "该试验区产业基础较好，地方政府组织保障有力，同意推荐。",
    "guidance": "突出试验区功能定位，完善信息化监管平台和风险防控措施。",
    "arrangement": "总局验收工作组赴现场验收：听取汇报、查看设施、抽查台账。",
    "agree": "同意验收通过。",
    "object": "查验场地和检疫处理设施尚未配齐，建议整改后再行批准。",
    "response": "已要求地方政府限期配齐设施，由直属局验收后报总局备案。",
    "not_approve": "验收发现试验区基础设施不具备运行条件，暂不予批准。",
    "rules_affected": "突破现行规章关于口岸查验放行的规定；风险防控：名录管理、比对抽检、发现问题即停止。",
    "description": "在试验区内先行先试，由辖区直属局组织实施并跟踪评估。",
    "refuse": "风险防控措施不足，不予批准实施。",
    "end": "试点期满，已纳入常规监管。",
    "findings": "措施实施后通关时间明显缩短，企业成本下降，未发生质量安全事件。",
    "citation": "试验区创新检验检疫监管方式，督查评估成效显著，予以通报表扬。",
    "summary": "可在同类口岸和试验区复制推广。",
    "content": "地方政府、直属局和运营企业协同推进，以制度化、信息化固化创新做法。",
    "results": "口岸通关效率明显提升，企业成本下降，未发生质量安全事件。",
    "practice_return": "请补充实施成效的统计数据。",
    "withdraw": "相关做法已被新的规定吸收，撤出经验库。",
    "adoption": "结合本关区实际复制推广，通关时间明显缩短。",
    "visit": "试验区查验场地、视频监控和信息化平台运行正常，创新措施台账完整。",
    "problems": "个别批次检疫处理记录填写不完整。",
    "requirements": "运营企业限期补全记录，完善台账填写规范。",
}

DAY = 86400
EPOCH = date(1970, 1, 1).toordinal()
BEIJING = 8 * 3600


def _date(ts: float) -> date:
    return date.fromordinal(EPOCH + int(ts + BEIJING) // DAY)


def _stratified(shares, n: int, rng) -> list:
    """n states in proportion to their shares (each quantile's state), in random order."""
    states, cumulative, total = [], [], 0.0
    for state, share in shares:
        total += share
        cumulative.append((total, state))
    for k in range(n):
        x = (k + 0.5) / n * total
        states.append(next(state for bound, state in cumulative if x <= bound))
    rng.shuffle(states)
    return states


def _pick(shares, rng):
    return rng.choices([s for s, _w in shares], weights=[w for _s, w in shares])[0]


def zone_steps(state: str, returned_once: bool) -> list[tuple[str, str, str]]:
    """The transitions (pilotzones.workflow.RULES) that lead a zone to `state`."""
    S = State
    if state == S.DRAFT:
        return []
    submit = ("submit", S.DRAFT, S.SUBMITTED)
    if state == S.RETURNED:
        return [submit, ("return", S.SUBMITTED, S.RETURNED)]
    steps = [submit]
    if returned_once:
        steps += [("return", S.SUBMITTED, S.RETURNED), ("submit", S.RETURNED, S.SUBMITTED)]
    if state == S.SUBMITTED:
        return steps
    steps.append(("recommend", S.SUBMITTED, S.RECOMMENDED))
    if state == S.RECOMMENDED:
        return steps
    steps.append(("open_acceptance", S.RECOMMENDED, S.ACCEPTANCE))
    if state == S.ACCEPTANCE:
        return steps
    if state == S.NOT_APPROVED:
        return [*steps, ("not_approve", S.ACCEPTANCE, S.NOT_APPROVED)]
    steps.append(("approve", S.ACCEPTANCE, S.APPROVED))
    if state == S.OPERATING:
        steps.append(("start_operation", S.APPROVED, S.OPERATING))
    return steps


def measure_steps(state: str, beyond: bool) -> list[tuple[str, str, str]]:
    """The transitions (MEASURE_RULES) that lead a measure to `state`: one beyond the rules is
    reported and approved before it starts."""
    M = MeasureState
    if state == M.REGISTERED:
        return []
    if not beyond:
        steps = [("start", M.REGISTERED, M.RUNNING)]
        return [*steps, ("end", M.RUNNING, M.ENDED)] if state == M.ENDED else steps
    steps = [("report", M.REGISTERED, M.PENDING_APPROVAL)]
    if state == M.PENDING_APPROVAL:
        return steps
    if state == M.REFUSED:
        return [*steps, ("refuse", M.PENDING_APPROVAL, M.REFUSED)]
    steps.append(("approve", M.PENDING_APPROVAL, M.APPROVED))
    if state == M.APPROVED:
        return steps
    steps.append(("start", M.APPROVED, M.RUNNING))
    return [*steps, ("end", M.RUNNING, M.ENDED)] if state == M.ENDED else steps


def practice_steps(state: str, returned_once: bool) -> list[tuple[str, str, str]]:
    P = PracticeState
    if state == P.DRAFT:
        return []
    submit = ("submit", P.DRAFT, P.SUBMITTED)
    if state == P.RETURNED:
        return [submit, ("return", P.SUBMITTED, P.RETURNED)]
    steps = [submit]
    if returned_once:
        steps += [("return", P.SUBMITTED, P.RETURNED), ("submit", P.RETURNED, P.SUBMITTED)]
    if state == P.SUBMITTED:
        return steps
    steps.append(("accept", P.SUBMITTED, P.ACCEPTED))
    if state == P.WITHDRAWN:
        steps.append(("withdraw", P.ACCEPTED, P.WITHDRAWN))
    return steps


class PilotZones:
    """The phase, on the Generator `gen` (its sink, ids, staff, HQ accounts and the local
    governments of its demonstration zones)."""

    def __init__(self, gen):
        self.gen = gen
        self.rng = random.Random(f"{gen.seed}:pilot-zones")
        self.now = gen.now_ts - 3600  # nothing after 08:00 on the "as of" day
        self.sequences: dict[str, int] = {}

    def _times(self, steps, gaps, t0: float, t1: float) -> list[float]:
        """Moments of `steps` after t0, squeezed proportionally to end by t1."""
        r = self.rng.random
        out, t = [], 0.0
        for name, _from, _to in steps:
            lo, hi = gaps[name]
            t += (lo + r() * (hi - lo)) * DAY
            out.append(t)
        if out and t0 + out[-1] > t1:
            factor = max(t1 - t0, 0) / out[-1]
            out = [x * factor for x in out]
        return [t0 + x for x in out]

    def run(self) -> None:
        gen, rng = self.gen, self.rng
        r = rng.random
        N, J, T = gen.N, gen.J, gen.T
        using = gen.using
        # The last phase: the COPY worker (which shares the connection) is let finish before the
        # reads below, as every other read waits for the load to end.
        gen.sink.wait()
        departments = dict(
            Organisation.objects.using(using)
            .filter(kind=Organisation.Kind.HQ_DEPARTMENT)
            .values_list("code", "pk")
        )
        ids = {model: gen.sink.next_id(model) for model in (PilotZone, InnovationMeasure,
                                                             ReplicablePractice, Commendation)}  # fmt: skip

        def take(model):
            ids[model] += 1
            return ids[model] - 1

        # HQ's departments' staff: the lead decides, the members record their opinions.
        accounts = gen.sink.open(User, [*gen.USER_FIELDS, "organisation_id"])
        staff = {}
        for code in (LEAD_DEPARTMENT, *MEMBER_DEPARTMENTS):
            uid = gen._take(User)
            accounts.add((*gen._user_row(uid, f"gen-dept-{code}", Role.HQ_DEPARTMENT,
                                         gen._name(), joined=gen.start_ts), departments[code]))  # fmt: skip
            staff[code] = uid
        lead = staff[LEAD_DEPARTMENT]
        organisations = gen.sink.open(Organisation, [
            "id", "code", "name", "name_en", "kind", "level", "bureau_id", "parent_id",
            "credit_code", "is_active", "created_by_id", "created_at",
        ])  # fmt: skip

        n = min(max(BASE[1], round(BASE[0] * gen.scale)), len(gen.governments))
        governments = rng.sample(gen.governments, n)
        states = _stratified(STATE_SHARES, n, rng)
        zones = []  # plans: dicts, written once the approvals are numbered
        for k, ((oid, uid, bureau, place), state) in enumerate(zip(governments, states,
                                                                   strict=True), start=1):  # fmt: skip
            clerk = gen.staff[bureau.pk][0][0]
            steps = zone_steps(state, r() < 0.15)
            names = [name for name, _f, _t in steps]
            if not steps:
                created = self.now - (1 + r() * 180) * DAY
                times = []
            else:
                if "approve" in names or state == State.NOT_APPROVED:
                    at = len(steps) - 1 if state == State.NOT_APPROVED else names.index("approve")
                    anchor = gen.start_ts + 200 * DAY + r() * (self.now - gen.start_ts - 320 * DAY)
                else:  # under way: the last step within the last 90 days
                    at, anchor = len(steps) - 1, self.now - r() * 90 * DAY
                times = self._times(steps, ZONE_GAPS, 0, float("inf"))
                times = [x - times[at] + anchor for x in times]
                created = times[0] - (1 + r() * 30) * DAY
            industry = INDUSTRIES[int(r() * len(INDUSTRIES))]
            zone = {
                "id": take(PilotZone), "k": k, "state": state, "steps": steps, "times": times,
                "oid": oid, "uid": uid, "bureau": bureau, "clerk": clerk, "created": created,
                "name": f"{place}{NAME_SUFFIX}", "industry": industry, "number": N,
            }  # fmt: skip
            zones.append(zone)
            if "approve" in names:
                zone["approved_ts"] = times[names.index("approve")]

        # 批准文号 in the order approved, one running number a year (programme.approval_number).
        for zone in sorted(
            (z for z in zones if "approved_ts" in z), key=lambda z: z["approved_ts"]
        ):
            year = _date(zone["approved_ts"]).year
            seq = self._next(f"pilotzones:zone:{year}")
            zone["number"] = f"GJSYQ-{year}-{seq:03d}"

        rows = gen.sink.open(PilotZone, [
            "id", "name", "applicant_id", "bureau_id", "location", "area", "industries",
            "functions", "expected_batches", "expected_value", "leading_body", "state",
            "submitted_at", "recommendation", "guidance", "recommended_at", "arrangement",
            "number", "approved_at", "operator_id", "operation_started_on", "created_at",
            "updated_at",
        ])  # fmt: skip
        history = gen.sink.open(ZoneHistory, ["zone_id", "transition", "from_state", "to_state",
                                              "actor_id", "reason", "comment", "data",
                                              "created_at"])  # fmt: skip
        opinions = gen.sink.open(AcceptanceOpinion, ["zone_id", "department_id", "verdict",
                                                     "opinion", "recorded_by_id", "recorded_at",
                                                     "response"])  # fmt: skip
        visits = gen.sink.open(SupervisionVisit, ["zone_id", "visited_on", "findings", "problems",
                                                  "requirements", "recorded_by_id",
                                                  "created_at"])  # fmt: skip
        empty = J({})
        for zone in zones:
            zid, bureau, clerk, state = zone["id"], zone["bureau"], zone["clerk"], zone["state"]
            submitted_at = recommended_at = approved_at = operator = started_on = N
            recommendation = guidance = arrangement = ""
            opened = None
            for (name, from_state, to_state), ts in zip(zone["steps"], zone["times"], strict=True):
                actor, reason, data = clerk, "", empty
                if name == "submit":
                    actor, submitted_at = zone["uid"], T(ts)
                elif name == "return":
                    reason = TEXT["return"]
                elif name == "recommend":
                    recommendation, guidance = TEXT["recommendation"], TEXT["guidance"]
                    recommended_at = T(ts)
                elif name == "open_acceptance":
                    actor, arrangement, opened = lead, TEXT["arrangement"], ts
                elif name in ("approve", "not_approve"):
                    actor = lead
                    answers = self._opinions(opinions, zone, staff, departments, opened, ts)
                    record = {"responses": answers}
                    if name == "approve":
                        record["number"] = zone["number"]
                        approved_at = _date(ts)
                    else:
                        reason = TEXT["not_approve"]
                    data = J(record)
                elif name == "start_operation":
                    operator = gen._take(Organisation)
                    organisations.add((
                        operator, f"gen-op-{zone['k']}", f"{zone['name']}运营有限公司", "",
                        Organisation.Kind.ZONE_OPERATOR, "", bureau.pk, N, "", True, clerk,
                        T(ts - 20 * DAY),
                    ))  # fmt: skip
                    ouid = gen._take(User)
                    accounts.add((*gen._user_row(ouid, f"gen-op-{zone['k']}", Role.OPERATOR,
                                                 gen._name(), joined=ts - 20 * DAY), operator))  # fmt: skip
                    started_on = _date(ts)
                    data = J({"operator": operator, "started_on": started_on.isoformat()})
                    # 日常监督管理 by the bureau since (§五.3), in time order.
                    for at in sorted(ts + r() * (self.now - ts) for _v in range(int(r() * 4))):
                        problem = r() < 0.3
                        visits.add((
                            zid, _date(at), TEXT["visit"], TEXT["problems"] if problem else "",
                            TEXT["requirements"] if problem else "", clerk, T(at),
                        ))  # fmt: skip
                history.add((zid, name, from_state, to_state, actor, reason, "", data, T(ts)))
            if state == State.ACCEPTANCE:
                self._opinions(opinions, zone, staff, departments, opened, None)
            zone["operator"] = operator
            rows.add((
                zid, zone["name"], zone["oid"], bureau.pk,
                f"{zone['name'][: -len(NAME_SUFFIX)]}综合保税区", f"{2 + r() * 30:.2f}",
                f"{zone['industry']}、{INDUSTRIES[int(r() * len(INDUSTRIES))]}",
                "、".join(rng.sample(FUNCTIONS, 3)) + "。", 2000 + int(r() * 50000),
                f"{5000 + r() * 200000:.2f}", "地方政府成立国检试验区建设领导小组，建立联席会议制度。",
                state, submitted_at, recommendation, guidance, recommended_at, arrangement,
                zone["number"], approved_at, operator, started_on, T(zone["created"]),
                T(zone["times"][-1] if zone["times"] else zone["created"]),
            ))  # fmt: skip
        for writer in (accounts, organisations, rows, history, opinions, visits):
            writer.close()
        self._measures_and_practices(
            [z for z in zones if "approved_ts" in z], take, lead, staff, departments
        )
        gen.pilot_sequences = self.sequences

    def _next(self, key: str) -> int:
        self.sequences[key] = self.sequences.get(key, 0) + 1
        return self.sequences[key]

    def _opinions(self, writer, zone, staff, departments, opened, decided) -> dict[str, str]:
        """The five member rows laid when the acceptance opened: all answered before a decision
        (an objection now and then, answered by the lead in it), some while still open."""
        r = self.rng.random
        zid = zone["id"]
        answers = {}
        end = decided if decided is not None else self.now
        objecting = 0.4 if zone["state"] == State.NOT_APPROVED else 0.12
        for code in MEMBER_DEPARTMENTS:
            if decided is None and r() < 0.5:
                writer.add((zid, departments[code], "", "", self.gen.N, self.gen.N, ""))
                continue
            verdict = "object" if r() < objecting else "agree"
            response = TEXT["response"] if verdict == "object" and decided is not None else ""
            if response:
                answers[code] = response
            at = opened + (0.1 + 0.8 * r()) * (end - opened)
            writer.add((zid, departments[code], verdict, TEXT[verdict], staff[code],
                        self.gen.T(at), response))  # fmt: skip
        return answers

    def _measures_and_practices(self, zones, take, lead, staff, departments) -> None:
        gen, rng = self.gen, self.rng
        r = rng.random
        N, J, T = gen.N, gen.J, gen.T
        empty = J({})
        measures = gen.sink.open(InnovationMeasure, [
            "id", "zone_id", "title", "innovation", "description", "beyond_rules",
            "rules_affected", "state", "registered_by_id", "registered_at", "started_on",
            "ended_at", "updated_at",
        ])  # fmt: skip
        measure_history = gen.sink.open(MeasureHistory, [
            "measure_id", "transition", "from_state", "to_state", "actor_id", "reason", "comment",
            "data", "created_at",
        ])  # fmt: skip
        assessments = gen.sink.open(MeasureAssessment, ["measure_id", "assessed_on", "effect",
                                                        "findings", "assessed_by_id",
                                                        "created_at"])  # fmt: skip
        commendations = gen.sink.open(Commendation, ["id", "zone_id", "document_number",
                                                     "issued_on", "citation", "issued_by_id",
                                                     "created_at"])  # fmt: skip
        commended = gen.sink.open(Commendation.measures.through,
                                  ["commendation_id", "innovationmeasure_id"])  # fmt: skip
        practices = gen.sink.open(ReplicablePractice, [
            "id", "zone_id", "title", "innovation", "summary", "content", "results", "state",
            "number", "accepted_at", "withdrawal_reason", "created_by_id", "created_at",
            "updated_at",
        ])  # fmt: skip
        practice_measures = gen.sink.open(ReplicablePractice.measures.through,
                                          ["replicablepractice_id", "innovationmeasure_id"])  # fmt: skip
        practice_history = gen.sink.open(PracticeHistory, [
            "practice_id", "transition", "from_state", "to_state", "actor_id", "reason",
            "comment", "data", "created_at",
        ])  # fmt: skip
        adoptions = gen.sink.open(PracticeAdoption, ["practice_id", "bureau_id", "place",
                                                     "adopted_on", "note", "recorded_by_id",
                                                     "created_at"])  # fmt: skip
        hq = gen.hq
        accepted = []  # (accept moment, practice row) numbered in time order
        commendation_counts: dict[int, int] = {}
        for zone in zones:
            zid, clerk, approved = zone["id"], zone["clerk"], zone["approved_ts"]
            marked, zone_measures = [], []
            count = 1 + int(r() * (4 if zone["state"] == State.OPERATING else 2))
            for title, innovation in rng.sample(MEASURES, count):
                mid = take(InnovationMeasure)
                beyond = r() < BEYOND_SHARE
                state = _pick(BEYOND_SHARES if beyond else WITHIN_SHARES, rng)
                registered = min(approved + (5 + r() * 55) * DAY, self.now - DAY)
                steps = measure_steps(state, beyond)
                times = self._times(steps, MEASURE_GAPS, registered, self.now)
                started_on = ended_at = N
                for (name, from_state, to_state), ts in zip(steps, times, strict=True):
                    actor, reason, data = clerk, "", empty
                    if name in ("approve", "refuse"):
                        actor = lead if r() < 0.5 else hq[int(r() * len(hq))]
                        reason = TEXT["refuse"] if name == "refuse" else ""
                    elif name == "start":
                        started_on = _date(ts)
                        data = J({"started_on": started_on.isoformat()})
                    elif name == "end":
                        reason, ended_at = TEXT["end"], T(ts)
                    measure_history.add((mid, name, from_state, to_state, actor, reason, "",
                                         data, T(ts)))  # fmt: skip
                measures.add((
                    mid, zid, f"{zone['name'][: -len(NAME_SUFFIX)]}{title}", innovation,
                    TEXT["description"], beyond, TEXT["rules_affected"] if beyond else "", state,
                    clerk, T(registered), started_on, ended_at,
                    T(times[-1] if times else registered),
                ))  # fmt: skip
                zone_measures.append(mid)
                if started_on is not N and r() < 0.6:
                    start = times[steps.index(next(s for s in steps if s[0] == "start"))]
                    at = start + (30 + r() * 300) * DAY
                    at = min(at, self.now)
                    effect = _pick(EFFECT_SHARES, rng)
                    assessments.add((mid, _date(at), effect, TEXT["findings"],
                                     hq[int(r() * len(hq))], T(at)))  # fmt: skip
                    if effect == Effect.MARKED:
                        marked.append((at, mid))
            # 通报表扬 for the 成效显著 measures, after their 督查评估.
            if marked and r() < 0.7:
                at = min(max(ts for ts, _m in marked) + (10 + r() * 60) * DAY, self.now)
                year = _date(at).year
                commendation_counts[year] = commendation_counts.get(year, 0) + 1
                cid = take(Commendation)
                commendations.add((
                    cid, zid, f"国质检通函〔{year}〕{100 + commendation_counts[year]}号", _date(at),
                    TEXT["citation"], hq[int(r() * len(hq))], T(at),
                ))  # fmt: skip
                for _ts, mid in sorted(marked, key=lambda pair: pair[1]):
                    commended.add((cid, mid))
            # 可复制推广经验 of about half the zones.
            if r() < 0.5:
                for _n in range(1 + int(r() * 2)):
                    pid = take(ReplicablePractice)
                    state = _pick(PRACTICE_SHARES, rng)
                    created = min(approved + (30 + r() * 200) * DAY, self.now - DAY)
                    steps = practice_steps(state, r() < 0.15)
                    times = self._times(steps, PRACTICE_GAPS, created, self.now)
                    title, innovation = MEASURES[int(r() * len(MEASURES))]
                    row = [
                        pid, zid, f"{zone['name'][: -len(NAME_SUFFIX)]}{title}经验", innovation,
                        TEXT["summary"], TEXT["content"], TEXT["results"], state, N, N, "",
                        clerk, T(created), T(times[-1] if times else created),
                    ]  # fmt: skip
                    entries = []
                    for (name, from_state, to_state), ts in zip(steps, times, strict=True):
                        actor, reason = hq[int(r() * len(hq))], ""
                        if name == "submit":
                            actor = clerk
                        elif name == "return":
                            reason = TEXT["practice_return"]
                        elif name == "withdraw":
                            reason = row[10] = TEXT["withdraw"]
                        entries.append([pid, name, from_state, to_state, actor, reason, "",
                                        empty, T(ts)])  # fmt: skip
                    names = [name for name, _f, _t in steps]
                    accept_ts = times[names.index("accept")] if "accept" in names else None
                    if accept_ts is None:
                        practices.add(tuple(row))
                        for entry in entries:
                            practice_history.add(tuple(entry))
                    else:  # written once numbered, its history in order
                        accepted.append((accept_ts, row, entries))
                    for mid in rng.sample(zone_measures, min(len(zone_measures), int(r() * 3))):
                        practice_measures.add((pid, mid))
                    if state == PracticeState.ACCEPTED:
                        others = [b for b in gen.bureaus if b.pk != zone["bureau"].pk]
                        for bureau in rng.sample(others, int(r() * 4)):
                            at = accept_ts + r() * (self.now - accept_ts)
                            adoptions.add((
                                pid, bureau.pk, f"{bureau.name}口岸", _date(at),
                                TEXT["adoption"], gen.staff[bureau.pk][0][0], T(at),
                            ))  # fmt: skip
        # 经验库编号 in the order accepted (programme.library_number).
        for ts, row, entries in sorted(accepted, key=lambda item: (item[0], item[1][0])):
            year = _date(ts).year
            number = f"GJSYQ-JY-{year}-{self._next(f'pilotzones:practice:{year}'):03d}"
            row[8], row[9] = number, _date(ts)
            practices.add(tuple(row))
            for entry in entries:
                if entry[1] == "accept":
                    entry[7] = J({"number": number})
                practice_history.add(tuple(entry))
        for writer in (measures, measure_history, assessments, commendations, commended,
                       practices, practice_measures, practice_history, adoptions):  # fmt: skip
            writer.close()


def generate(gen) -> None:
    """The phase: pilot zones and what hangs on them (gen.pilot_sequences: their numbers)."""
    PilotZones(gen).run()

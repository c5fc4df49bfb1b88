"""风险监测计划 (seed 004 §二.1, 3) of the national data set (bench/generate.py's phase "monitoring
plans"): HQ's national plan of last year and of this year, and every bureau's local plan of each,
derived from it; at scale 1.0 about 5 monitoring points a bureau, 10 plan items and 50 sample
results a local plan (a few failed, now and then one corrected). Last year's plans are closed, most
after their results were published; this year's local plans stand in every state with the
samples taken so far.

Drawn from a generator of its own (seed + ":monitoring"), after every other phase: the rest of the
data set stays what it was. States are written directly; every history row is what the transition
service would have written for that step (monitoring.programme)."""

import random
from datetime import date, timedelta

from monitoring.models import MonitoringPlan, MonitoringPoint, PlanHistory, PlanItem, SampleResult
from monitoring.workflow import Level, PointKind, State, Verdict

# Size at scale 1.0 and the floor at small scales.
BASE = {"points": (5, 2), "items": (10, 2), "results": (50, 3)}
MODELS = [MonitoringPoint, MonitoringPlan, PlanHistory, PlanItem, SampleResult]

PRODUCTS = [
    "牛羊肉", "冷水鱼", "蜂产品", "虫草", "枸杞及其制品", "沙棘及其制品", "藏毯", "民族服饰",
    "盐化工", "进口水果", "进口乳制品", "出口茶叶", "出口水产品", "儿童玩具", "纺织服装", "小家电",
]  # fmt: skip
HAZARDS = ["农药残留", "兽药残留", "重金属", "微生物", "甲醛", "可迁移元素", "标签标识"]
POINT_KINDS = [PointKind.PORT, PointKind.PRODUCER, PointKind.MARKET]
FAIL_SHARE = 0.06
CORRECTED_SHARE = 0.02
# This year's local plans: share in each state (last year's are all closed).
CURRENT_SHARES = [(State.DRAFT, 0.10), (State.PUBLISHED, 0.70), (State.RESULTS_PUBLISHED, 0.20)]

DAY = 86400
EPOCH = date(1970, 1, 1).toordinal()
BEIJING = 8 * 3600


def _date(ts: float) -> date:
    return date.fromordinal(EPOCH + int(ts + BEIJING) // DAY)


def _ts(day: date, hour: int = 10) -> float:
    return (day.toordinal() - EPOCH) * DAY - BEIJING + hour * 3600


def _scaled(name: str, scale: float) -> int:
    full, floor = BASE[name]
    return max(floor, round(full * scale))


class MonitoringPhase:
    def __init__(self, gen):
        self.gen = gen
        self.rng = random.Random(f"{gen.seed}:monitoring")
        self.now = gen.now_ts - 3600  # nothing after 08:00 on the "as of" day

    def _take(self, model) -> int:
        self.ids[model] += 1
        return self.ids[model] - 1

    def run(self) -> None:
        gen = self.gen
        gen.sink.wait()  # the last phases read what the load wrote
        self.ids = {model: gen.sink.next_id(model) for model in MODELS}
        sink = gen.sink
        self.points = sink.open(MonitoringPoint, [
            "id", "bureau_id", "name", "kind", "place", "products", "active", "created_at",
            "updated_at",
        ])  # fmt: skip
        self.plans = sink.open(MonitoringPlan, [
            "id", "level", "year", "title", "focus_products", "notes", "bureau_id",
            "national_plan_id", "state", "created_by_id", "published_at", "results_published_at",
            "closed_at", "created_at", "updated_at",
        ])  # fmt: skip
        self.history = sink.open(PlanHistory, [
            "plan_id", "transition", "from_state", "to_state", "actor_id", "reason", "comment",
            "data", "created_at",
        ])  # fmt: skip
        self.items = sink.open(PlanItem, [
            "id", "plan_id", "product", "point_id", "hazards", "quota", "starts_on", "ends_on",
        ])  # fmt: skip
        self.results = sink.open(SampleResult, [
            "id", "plan_id", "item_id", "sample_code", "sampled_on", "place", "enterprise_name",
            "credit_code", "laboratory", "verdict", "failed_items", "notes", "supersedes_id",
            "correction_reason", "recorded_by_id", "recorded_at",
        ])  # fmt: skip
        this_year = _date(self.now).year
        bureau_points = {bureau.pk: self._points(bureau) for bureau in gen.bureaus}
        current = self._stratified(CURRENT_SHARES, len(gen.bureaus))
        for year in (this_year - 1, this_year):
            national = self._national(year, closed=year < this_year)
            for bureau, state in zip(gen.bureaus, current, strict=True):
                final = State.CLOSED if year < this_year else state
                self._local(bureau, year, national, bureau_points[bureau.pk], final)
        for writer in (self.points, self.plans, self.history, self.items, self.results):
            writer.close()

    def _stratified(self, shares, n: int) -> list:
        out, cumulative, total = [], [], 0.0
        for value, share in shares:
            total += share
            cumulative.append((total, value))
        for k in range(n):
            x = (k + 0.5) / n * total
            out.append(next(value for bound, value in cumulative if x <= bound))
        self.rng.shuffle(out)
        return out

    def _points(self, bureau) -> list[tuple[int, str]]:
        gen, rng = self.gen, self.rng
        at = gen.T(gen.start_ts + rng.random() * 200 * DAY)
        points = []
        for k in range(_scaled("points", gen.scale)):
            pid = self._take(MonitoringPoint)
            kind = POINT_KINDS[k % len(POINT_KINDS)]
            place = f"{bureau.name}关区第{k + 1}监测区"
            products = "、".join(rng.sample(PRODUCTS, 3))
            self.points.add((
                pid, bureau.pk, f"{bureau.name}{dict(PointKind.choices)[kind]}监测点{k + 1}", kind,
                place, products, True, at, at,
            ))  # fmt: skip
            points.append((pid, place))
        return points

    def _moves(self, plan_id, moves, actor) -> None:
        """History rows of `moves`: (transition, from, to, ts)."""
        for name, source, target, ts in moves:
            self.history.add((plan_id, name, source, target, actor, "", "", self.gen.J({}),
                              self.gen.T(ts)))  # fmt: skip

    def _national(self, year: int, *, closed: bool) -> int:
        gen = self.gen
        hq = gen.hq[0]
        pid = self._take(MonitoringPlan)
        created = _ts(date(year, 1, 5))
        published = _ts(date(year, 1, 15))
        closed_at = _ts(date(year, 12, 31), 16) if closed else None
        self.plans.add((
            pid, Level.NATIONAL, year, f"{year}年国家进出口商品质量安全风险监测计划",
            gen.sink.LINE_BREAK.join(self.rng.sample(PRODUCTS, 6)), "各直属局结合本关区外贸实际制订地方风险监测计划。",
            gen.N, gen.N, State.CLOSED if closed else State.PUBLISHED, hq, gen.T(published),
            gen.N, gen.T(closed_at) if closed_at else gen.N, gen.T(created),
            gen.T(closed_at or published),
        ))  # fmt: skip
        moves = [("publish", State.DRAFT, State.PUBLISHED, published)]
        if closed:
            moves.append(("close", State.PUBLISHED, State.CLOSED, closed_at))
        self._moves(pid, moves, hq)
        return pid

    def _local(self, bureau, year, national, points, state) -> None:
        gen, rng = self.gen, self.rng
        clerk = gen.staff[bureau.pk][0][0]
        pid = self._take(MonitoringPlan)
        created = _ts(date(year, 1, 20) + timedelta(days=int(rng.random() * 20)))
        published = created + (3 + rng.random() * 20) * DAY
        products = rng.sample(PRODUCTS, min(len(PRODUCTS), _scaled("items", gen.scale)))
        items = []
        for product in products:
            iid = self._take(PlanItem)
            point_id, place = points[int(rng.random() * len(points))]
            quota = 3 + int(rng.random() * 6)
            self.items.add((iid, pid, product, point_id, "、".join(rng.sample(HAZARDS, 2)), quota,
                            date(year, 3, 1), date(year, 11, 30)))  # fmt: skip
            items.append((iid, product, place))
        moves, results_at, closed_at = [], None, None
        last, sampled = created, 0
        if state != State.DRAFT:
            moves.append(("publish", State.DRAFT, State.PUBLISHED, published))
            last, sampled = self._samples(pid, year, bureau, clerk, items, published)
        if not sampled and state == State.RESULTS_PUBLISHED:
            state = State.PUBLISHED  # nothing sampled yet (an early "as of" day): no results
        # Last year's: most published their results before closing; a few closed without.
        if state == State.RESULTS_PUBLISHED or (
            state == State.CLOSED and sampled and rng.random() < 0.85
        ):
            results_at = min(max(last, published) + (5 + rng.random() * 20) * DAY, self.now)
            moves.append(("publish_results", State.PUBLISHED, State.RESULTS_PUBLISHED, results_at))
        if state == State.CLOSED:
            closed_at = _ts(date(year, 12, 28), 15)
            source = State.RESULTS_PUBLISHED if results_at else State.PUBLISHED
            moves.append(("close", source, State.CLOSED, closed_at))
        self.plans.add((
            pid, Level.LOCAL, year, f"{year}年{bureau.name}地方风险监测计划",
            gen.sink.LINE_BREAK.join(product for _iid, product, _place in items), "", bureau.pk, national, state,
            clerk, gen.T(published) if state != State.DRAFT else gen.N,
            gen.T(results_at) if results_at else gen.N, gen.T(closed_at) if closed_at else gen.N,
            gen.T(created), gen.T(max(m[3] for m in moves) if moves else created),
        ))  # fmt: skip
        self._moves(pid, moves, clerk)
        for writer in (self.items, self.results, self.history, self.plans):
            writer.check()

    def _samples(self, pid, year, bureau, clerk, items, published) -> tuple[float, int]:
        """About 50 samples at scale 1.0 between March and November, none after now; returns
        the last one's time and how many there are."""
        gen, rng = self.gen, self.rng
        first = max(_ts(date(year, 3, 1)), published)
        last = min(_ts(date(year, 11, 30)), self.now)
        if last <= first:
            return published, 0
        n = _scaled("results", gen.scale)
        moments = sorted(first + rng.random() * (last - first) for _k in range(n))
        for k, ts in enumerate(moments, 1):
            iid, product, place = items[int(rng.random() * len(items))]
            rid = self._take(SampleResult)
            failed = rng.random() < FAIL_SHARE
            row = [
                rid, pid, iid, f"{bureau.code.upper()}-{year}-{k:05d}", _date(ts), place,
                f"{place}{product}有限公司", "", f"{bureau.name}技术中心",
                Verdict.FAIL if failed else Verdict.PASS,
                f"{rng.choice(HAZARDS)}超标" if failed else "", "", gen.N, "", clerk,
                gen.T(ts + 3 * DAY if ts + 3 * DAY < self.now else ts),
            ]  # fmt: skip
            self.results.add(tuple(row))
            if rng.random() < CORRECTED_SHARE:
                row[0], row[12], row[13] = self._take(SampleResult), rid, "实验室复核更正。"
                row[15] = gen.T(min(ts + 10 * DAY, self.now))
                self.results.add(tuple(row))
        return moments[-1], n


def generate(gen) -> None:
    """The phase: monitoring points, national and local plans, items and results."""
    MonitoringPhase(gen).run()

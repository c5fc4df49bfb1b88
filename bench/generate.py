"""The national data set (`manage.py generate_national --scale N`): at scale 1.0, 35 bureaus,
200,000 enterprises with valid 统一社会信用代码, 1,000,000 cases in every state with the
history rows of each state's path, 100,000 certificates, 5,000 inspectors in the pool, a year
of inspections, complaints, activities, summaries and rankings, and 300 demonstration zones
(seed 001) of as many local governments, in every state with the history of their path, with
3,000 enterprises in the zones that hold or held a title (入区企业 in every state, 示范企业
numbered per zone) with their history, their quality archive's events and last year's reports;
and 60 inspection pilot zones (seed 002, bench/pilot_zones.py) applied for by those governments.

Rows are written through the real models' tables (column lists checked against the models) by
PostgreSQL COPY, or by bulk_create elsewhere (SQLite, small scales). Everything is drawn from
random generators derived from one seed (the cases, the zones, their reports and their
enterprises each from their own, so that adding one part leaves the others as they were): a
seed, a scale and an "as of" date give the same data. The state
field is written directly (bulk data), never through the transitions; each history row is what
the transition service would have written for that step.

Users get one precomputed password hash ($DEMO_PASSWORD), so the generated accounts can log in.
A marker row in the audit log (object_type "bench.dataset") records scale, seed and counts.
"""

import multiprocessing
import random
import time
from bisect import bisect
from datetime import date, datetime, timedelta
from itertools import accumulate

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connections, transaction
from stdnum.cn import uscc

from accounts.models import AuditEntry, Role, User
from applications.models import (
    Agency,
    Application,
    CaseHistory,
    Certificate,
    CertificateNumberRule,
    Enterprise,
    EvaluationPlan,
    ProductCategory,
    RecoveryRecord,
    RectificationReview,
)
from applications.workflow import State
from casework import beacon, draw
from casework.models import NumberSequence
from demonstration.models import (
    NATIONAL_PASS_MARK,
    ArchiveEvent,
    ArchiveEventHistory,
    AssessmentStandard,
    DemonstrationZone,
    EnterpriseHistory,
    ZoneAssessment,
    ZoneEnterprise,
    ZoneHistory,
    ZoneYearReport,
)
from demonstration.workflow import (
    ACTION_FIELDS,
    CONDITION_MAX,
    CONDITIONS,
    Cause,
    EnterpriseState,
    EventKind,
    EventState,
    Level,
)
from demonstration.workflow import State as ZoneState
from liaison.models import Assignment, Report, ReportReply, Task, TaskUpdate
from regions.models import (
    AnnualSummary,
    Bureau,
    BureauDepartment,
    GovernmentReport,
    LectureTour,
    Organisation,
    ResearchProject,
    Zone,
    ZoneMembership,
)
from regions.organisation import HQ_DEPARTMENTS, HQ_DEPARTMENTS_EN
from supervision.models import (
    Complaint,
    Inspection,
    InspectionPlan,
    InspectionTarget,
    Interview,
    KeyWorkItem,
    KeyWorkProgress,
    PoolMember,
    Proposal,
)

from . import credit, monitoring, pilot_zones, risk
from .sinks import CopySink, TextSink, literal_timestamps, sink_for

# Every generated bureau's 内设机构 (通关处 and 检验监管处 of seed 000 §18's 责任部门).
DEPARTMENTS = [
    ("通关处", "Customs Clearance Division"),
    ("检验监管处", "Inspection and Supervision Division"),
]

MARKER_TYPE = "bench.dataset"
MARKER_ID = "national"

# Sizes at scale 1.0 (the issue's figures), and the floor that keeps small scales meaningful.
BASE = {
    "enterprises": (200_000, 200),
    "cases": (1_000_000, 1_000),
    "inspectors": (5_000, 40),
    "experts": (250, 5),
    "staff_per_bureau": (20, 3),
    "agencies": (30, 4),
    "complaints": (20_000, 40),
    "targets": (10_000, 40),
    "accountability": (60, 6),
    "zones": (300, 20),  # 示范区, each of its own local government
    "zone_enterprises": (3_000, 60),  # 入区企业 of the zones that hold or held a title
    "liaison_tasks": (50, 12),  # 总局交办任务 of the two years, each to zones or a few bureaus
    "liaison_reports": (560, 40),  # 报送事项 of the two years, all bureaus together
}

# Share of cases ending in each state (sums to 1). 10 % are certified (protected, suspended,
# revoked, expired): 100,000 certificates at scale 1.0.
STATE_SHARES = [
    (State.DRAFT, 0.33),
    (State.SUBMITTED, 0.04),
    (State.RETURNED, 0.04),
    (State.REFUSED, 0.10),
    (State.ACCEPTED, 0.03),
    (State.PRE_EVALUATED, 0.02),
    (State.RECOMMENDED, 0.02),
    (State.APPROVED, 0.02),
    (State.NOT_APPROVED, 0.06),
    (State.EVALUATING, 0.03),
    (State.EVALUATED, 0.01),
    (State.FAILED, 0.08),
    (State.WITHDRAWN, 0.12),
    (State.PROTECTED, 0.090),
    (State.SUSPENDED, 0.003),
    (State.REVOKED, 0.003),
    (State.EXPIRED, 0.004),
]
CERTIFIED = {State.PROTECTED, State.SUSPENDED, State.REVOKED, State.EXPIRED}

# Relative size of each bureau's caseload (large agricultural provinces first).
BUREAU_WEIGHT = {
    "guangdong": 4, "zhejiang": 4, "jiangsu": 4, "shandong": 3.5, "sichuan": 3.5,
    "yunnan": 3, "fujian": 3, "henan": 3, "hubei": 3, "hunan": 3, "guangxi": 2.5,
    "guizhou": 2.5, "anhui": 2.5, "jiangxi": 2.5, "hebei": 2, "heilongjiang": 2, "jilin": 2,
    "liaoning": 2, "shaanxi": 2, "chongqing": 2, "xinjiang": 2, "gansu": 1.5, "neimenggu": 1.5,
    "shanxi": 1.5, "beijing": 1.5, "shanghai": 1.5, "ningbo": 1.5, "xiamen": 1, "shenzhen": 1,
    "zhuhai": 0.8, "tianjin": 1, "hainan": 1.2, "qinghai": 1, "ningxia": 1, "xizang": 0.6,
}  # fmt: skip
# Administrative division prefixes (GB/T 2260) for the credit codes.
REGION = {
    "beijing": "11", "tianjin": "12", "hebei": "13", "shanxi": "14", "neimenggu": "15",
    "liaoning": "21", "jilin": "22", "heilongjiang": "23", "shanghai": "31", "jiangsu": "32",
    "zhejiang": "33", "anhui": "34", "fujian": "35", "jiangxi": "36", "shandong": "37",
    "henan": "41", "hubei": "42", "hunan": "43", "guangdong": "44", "guangxi": "45",
    "hainan": "46", "chongqing": "50", "sichuan": "51", "guizhou": "52", "yunnan": "53",
    "xizang": "54", "shaanxi": "61", "gansu": "62", "qinghai": "63", "ningxia": "64",
    "xinjiang": "65", "shenzhen": "4403", "zhuhai": "4404", "xiamen": "3502", "ningbo": "3302",
}  # fmt: skip

PRODUCTS = {
    "grain_oil": ["大米", "小米", "香米", "菜籽油", "山茶油", "荞麦", "玉米"],
    "fruit_veg": ["脐橙", "苹果", "猕猴桃", "蜜柚", "雪梨", "葡萄", "香菇", "辣椒"],
    "tea": ["绿茶", "红茶", "白茶", "毛尖", "乌龙茶", "黑茶", "花茶"],
    "livestock": ["黑猪", "土鸡", "牦牛肉", "山羊", "蜂蜜", "麻鸭"],
    "aquatic": ["大闸蟹", "鳜鱼", "海参", "紫菜", "小龙虾", "鲈鱼"],
    "liquor": ["白酒", "黄酒", "米酒", "葡萄酒"],
    "beverage": ["矿泉水", "山泉水", "果汁", "酸梅汤"],
    "herbal": ["杜仲", "天麻", "黄芪", "枸杞", "三七", "当归"],
    "forestry": ["竹笋", "核桃", "板栗", "油茶籽", "木耳"],
    "handicraft": ["竹编", "陶瓷", "刺绣", "漆器"],
    "industrial": ["宣纸", "石材", "丝绸"],
    "demo_zone": ["生态原产地产品保护示范区"],
}
SYLLABLES = "青云龙凤桃溪梅松石泉金玉白山河湖岭坪源川江峰林竹兰花阳明安宁平和丰华新古"
INDUSTRIES = ["生态农业", "茶业", "食品", "酒业", "林业", "药业", "水产", "农产品", "畜牧", "特产"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
REASONS = {
    "return": ["请补充产地生态环境监测报告。", "申报材料不齐全，请补充质量检测报告。"],
    "refuse": ["产品不属于生态原产地产品保护范围。", "申报主体资格不符合要求。"],
    "not_approve": ["初评材料未能证明产品的生态原产地特征。", "产地环境指标不达标。"],
    "suspend": ["双随机抽查发现标志使用不规范。", "投诉核查发现产品质量不稳定。"],
    "revoke": ["产品与评定结果严重不一致。", "逾期未完成整改。"],
    "withdraw": ["企业主动撤回申请。"],
}

# 示范区 (seed 001): share of zones ending in each state, and of national ones.
ZONE_STATE_SHARES = [
    (ZoneState.DRAFT, 0.08), (ZoneState.SUBMITTED, 0.06), (ZoneState.RETURNED, 0.04),
    (ZoneState.RECOMMENDED, 0.05), (ZoneState.ASSESSING, 0.05), (ZoneState.ASSESSED, 0.04),
    (ZoneState.DESIGNATED, 0.50), (ZoneState.REFUSED, 0.08), (ZoneState.WITHDRAWN, 0.10),
]  # fmt: skip
ZONE_NATIONAL_SHARE = 0.4
# Gap before each transition of a zone, in days (min, max).
ZONE_GAPS = {
    "submit": (5, 60), "return": (3, 15), "recommend": (5, 30), "organise_assessment": (10, 40),
    "record_assessment": (15, 60), "designate": (5, 30), "refuse": (5, 30),
    "withdraw_title": (90, 700),
}  # fmt: skip
ZONE_INDUSTRIES = ["汽车零部件", "电子信息", "纺织服装", "家具", "陶瓷", "五金工具", "小家电",
                   "玩具", "光伏组件", "机电产品"]  # fmt: skip
ZONE_TEAM = "总局评估组：张明（组长）、李华、王强"
ZONE_REPORT_TEXT = {
    "experience": "地方政府统筹推进示范区建设，检验检疫部门实施分类管理和风险监测，企业质量主体责任落实。",
    "problems": "部分中小企业质量技术力量薄弱，应对国外技术性贸易措施能力不足。",
    "next_steps": "加强技术性贸易措施通报培训，推动龙头企业帮扶中小企业。",
}

# 入区企业 and 示范企业 (seed 001 §三.5, §六.3) of the zones that hold or held a title: share
# ending in each state. In a zone whose title was withdrawn, the 示范企业 lost theirs with it
# (end_title); elsewhere a withdrawn 示范企业 title followed 恶意违法 in its quality archive.
ENTERPRISE_STATE_SHARES = [
    (EnterpriseState.PROPOSED, 0.04), (EnterpriseState.DECLINED, 0.04),
    (EnterpriseState.ADMITTED, 0.50), (EnterpriseState.NOMINATED, 0.03),
    (EnterpriseState.ASSESSED, 0.03), (EnterpriseState.GRANTED, 0.25),
    (EnterpriseState.TITLE_WITHDRAWN, 0.01), (EnterpriseState.EXITED, 0.10),
]  # fmt: skip
# Where each transition of an enterprise leads (exit: from any state in the zone).
ENTERPRISE_TARGETS = {
    "admit": EnterpriseState.ADMITTED, "decline": EnterpriseState.DECLINED,
    "nominate": EnterpriseState.NOMINATED, "assess": EnterpriseState.ASSESSED,
    "grant": EnterpriseState.GRANTED, "refuse_title": EnterpriseState.ADMITTED,
    "withdraw_title": EnterpriseState.TITLE_WITHDRAWN,
    "end_title": EnterpriseState.TITLE_WITHDRAWN, "exit": EnterpriseState.EXITED,
}  # fmt: skip
# Gap before each transition of an enterprise, in days (min, max); withdraw_title: from the
# grant to the archive's record of malice that withdraws it.
ENTERPRISE_GAPS = {
    "admit": (3, 30), "decline": (3, 30), "nominate": (60, 400), "assess": (10, 60),
    "grant": (5, 30), "refuse_title": (5, 30), "withdraw_title": (60, 500), "exit": (60, 700),
}  # fmt: skip
ZONE_PRODUCTS = {
    "汽车零部件": ["制动盘", "汽车轮毂", "减震器", "汽车线束"],
    "电子信息": ["印制电路板", "液晶模组", "电源适配器", "连接器"],
    "纺织服装": ["针织服装", "羊毛衫", "家纺制品", "牛仔服装"],
    "家具": ["实木家具", "办公椅", "软体沙发", "藤编家具"],
    "陶瓷": ["日用陶瓷", "卫生陶瓷", "建筑瓷砖", "陶瓷餐具"],
    "五金工具": ["手动工具", "电动工具", "锁具", "紧固件"],
    "小家电": ["电水壶", "电吹风", "咖啡机", "空气净化器"],
    "玩具": ["塑胶玩具", "毛绒玩具", "电动玩具", "木制玩具"],
    "光伏组件": ["晶硅光伏组件", "光伏逆变器", "光伏支架", "汇流箱"],
    "机电产品": ["电动机", "水泵", "阀门", "变压器"],
}
ZONE_FIRM_KINDS = ["实业", "科技", "制造", "电器", "工贸", "机械", "进出口"]
ENTERPRISE_TEXT = {
    "decline": ["企业近三年发生出口产品质量安全问题，暂不予入区。", "企业不属于示范区集聚产业。"],
    "assess_passed": "经评估，企业质量管理体系健全，出口产品质量稳定，符合示范企业条件。",
    "assess_failed": "经评估，企业质量管理体系运行记录不完整，未达到示范企业条件。",
    "refuse_title": "评估不合格，不授予示范企业称号。",
    "exit": ["企业申请退出示范区。", "企业已迁出示范区。", "企业停止出口业务。"],
}
# 质量档案 (seed 001 §六.6): ~10 % of the admitted enterprises have an event, in each state.
ARCHIVE_SHARE = 0.10
EVENT_STEPS = [
    ("investigate", EventState.OPENED, EventState.INVESTIGATED),
    ("classify", EventState.INVESTIGATED, EventState.CLASSIFIED),
    ("record_actions", EventState.CLASSIFIED, EventState.ACTIONS_RECORDED),
    ("close", EventState.ACTIONS_RECORDED, EventState.CLOSED),
]
EVENT_STEP_SHARES = [0.15, 0.15, 0.10, 0.15, 0.45]  # of 0, 1, … 4 steps taken
EVENT_GAPS = {"investigate": (5, 30), "classify": (3, 20), "record_actions": (5, 30),
              "close": (10, 60)}  # fmt: skip
EVENT_TEXT = {
    EventKind.FOREIGN_NOTIFICATION: "进口国主管部门通报该批出口产品不符合其技术法规要求。",
    EventKind.RECALL: "企业对已出口的一批产品实施召回。",
    EventKind.EXPORT_RETURN: "一批出口产品因质量问题被退运。",
    EventKind.DOMESTIC_SAMPLING: "国内监督抽查发现企业产品不合格。",
    "findings": "经调查，已查明问题产品的批次、数量和原因，企业已采取控制措施。",
    "feedback": "已将问题原因反馈企业，督促企业对照相关要求改进。",
    "negotiation": "已通过技术性贸易措施通报咨询渠道与有关方面沟通交涉。",
    "support": "组织技术专家赴企业帮扶，指导企业完善质量管理体系。",
    "penalty": "依法对企业立案查处。",
    "announcement": "企业以次充好、故意违法，撤销其示范企业称号。",
    "conclusion": "处理措施已落实，予以结案。",
}
# Causes of the events drawn at random (malice only comes with a withdrawn 示范企业 title).
EVENT_CAUSES = [Cause.FOREIGN_REGULATION, Cause.MARKET_SURVEILLANCE, Cause.DESIGN,
                Cause.CAPABILITY]  # fmt: skip

DAY = 86400
EPOCH = date(1970, 1, 1).toordinal()
BEIJING = 8 * 3600


# ---------------------------------------------------------------- small helpers


def _scaled(name: str, scale: float) -> int:
    full, floor = BASE[name]
    return max(floor, round(full * scale))


def _day_ts(day: date) -> int:
    """Midnight of `day` in Beijing, as seconds since the epoch."""
    return (day.toordinal() - EPOCH) * DAY - BEIJING


def _date(ts: float) -> date:
    return date.fromordinal(EPOCH + int(ts + BEIJING) // DAY)


def _valid_until(valid_from: date, years: int | None = None) -> date:
    """As applications.services: three years (CERTIFICATE_VALIDITY_YEARS) less a day; a zone's
    title: ZONE_TITLE_YEARS, as demonstration.programme.term_end."""
    years = years or settings.CERTIFICATE_VALIDITY_YEARS
    try:
        end = valid_from.replace(year=valid_from.year + years)
    except ValueError:
        end = valid_from.replace(year=valid_from.year + years, day=28)
    return end - timedelta(days=1)


_B31 = "0123456789ABCDEFGHJKLMNPQRTUWXY"


_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_PREFIX_SUMS: dict[str, tuple[str, int]] = {}


def credit_code(bureau_code: str, n: int) -> str:
    """A valid 统一社会信用代码: 9 (市场监管) 1 (企业), the bureau's division code, an
    organisation code "MAG" + six base-31 characters from n, and the GB 32100 check character
    (stdnum.cn.uscc's weights; the weighted sum of the fixed prefix is computed once)."""
    prefix = _PREFIX_SUMS.get(bureau_code)
    if prefix is None:
        region = REGION.get(bureau_code, "11")
        region = (region + "0101")[:6] if len(region) == 2 else region + "01"
        text = f"91{region}MAG"
        total = sum(_B31.index(c) * w for c, w in zip(text, _USCC_WEIGHTS, strict=False))
        prefix = _PREFIX_SUMS[bureau_code] = (text, total)
    text, total = prefix
    digits = ""
    for weight in (28, 30, 10, 24, 8, 13):  # the last six weights, right to left
        n, r = divmod(n, 31)
        digits = _B31[r] + digits
        total += r * weight
    code = f"{text}{digits}{_B31[(31 - total) % 31]}"
    return code


def _check_credit_codes() -> None:
    """The fast path agrees with python-stdnum for every prefix (run once per generation)."""
    for bureau_code in REGION:
        for n in (1, 30, 31, 961, 887_503_680):
            code = credit_code(bureau_code, n)
            if code[-1] != uscc.calc_check_digit(code[:-1]) or not uscc.is_valid(code):
                raise AssertionError(f"invalid credit code {code}")


def _tracking_code(n: int) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    n = (n * 0x9E3779B1 + 12345) % (32**11)
    out = ""
    for _ in range(11):
        n, r = divmod(n, 32)
        out += alphabet[r]
    return "G" + out


# ---------------------------------------------------------------- case paths

MAIN = [
    ("submit", State.DRAFT, State.SUBMITTED),
    ("accept", State.SUBMITTED, State.ACCEPTED),
    ("pre_evaluate", State.ACCEPTED, State.PRE_EVALUATED),
    ("recommend", State.PRE_EVALUATED, State.RECOMMENDED),
    ("approve", State.RECOMMENDED, State.APPROVED),
    ("choose_agency", State.APPROVED, State.EVALUATING),
    ("evaluate", State.EVALUATING, State.EVALUATED),
    ("certify", State.EVALUATED, State.PROTECTED),
]
RETURN_CYCLE = [
    ("submit", State.DRAFT, State.SUBMITTED),
    ("return", State.SUBMITTED, State.RETURNED),
    ("submit", State.RETURNED, State.SUBMITTED),
]
SUSPEND = ("suspend", State.PROTECTED, State.SUSPENDED)
RECTIFY = ("submit_rectification", State.SUSPENDED, State.SUSPENDED)
REINSTATE = ("reinstate", State.SUSPENDED, State.PROTECTED)

# Gap before each transition, in days (min, max).
GAPS = {
    "submit": (1, 45), "return": (1, 6), "refuse": (1, 8), "accept": (1, 6),
    "pre_evaluate": (5, 30), "recommend": (1, 12), "approve": (5, 25), "not_approve": (5, 25),
    "choose_agency": (1, 20), "evaluate": (20, 60), "certify": (5, 20), "suspend": (60, 500),
    "submit_rectification": (5, 25), "reinstate": (5, 20), "revoke": (20, 200),
    "withdraw": (1, 30), "expire": (0, 0),
}  # fmt: skip
# Active states: the last step happened within this many days before "as of".
RECENT = {
    State.SUBMITTED: 12, State.RETURNED: 40, State.ACCEPTED: 30, State.PRE_EVALUATED: 40,
    State.RECOMMENDED: 40, State.APPROVED: 60, State.EVALUATING: 90, State.EVALUATED: 25,
}  # fmt: skip


def _variants(state: str) -> list[tuple[float, tuple, int]]:
    """Every path leading to `state`, with its weight and the index of the step anchored in
    time (-1: the last step). 12 % of the paths go through one return for correction."""
    out = []
    for cycle, cycle_weight in ((False, 0.88), (True, 0.12)):
        head = [*RETURN_CYCLE] if cycle else [MAIN[0]]

        def main(n, head=head):  # the first n steps of the main path
            return head + MAIN[1:n] if n >= 1 else []

        def add(weight, steps, anchor=-1, cycle_weight=cycle_weight):
            out.append((weight * cycle_weight, tuple(steps), anchor))

        simple = {
            State.SUBMITTED: 1, State.ACCEPTED: 2, State.PRE_EVALUATED: 3,
            State.RECOMMENDED: 4, State.APPROVED: 5, State.EVALUATING: 6, State.EVALUATED: 7,
        }  # fmt: skip
        if state == State.DRAFT:
            add(1, [])
        elif state in simple:
            add(1, main(simple[state]))
        elif state == State.RETURNED:
            add(1, [*main(1), ("return", State.SUBMITTED, State.RETURNED)])
        elif state == State.REFUSED:
            add(0.5, [*main(1), ("refuse", State.SUBMITTED, State.REFUSED)])
            add(0.5, [*main(2), ("refuse", State.ACCEPTED, State.REFUSED)])
        elif state == State.NOT_APPROVED:
            add(1, [*main(4), ("not_approve", State.RECOMMENDED, State.NOT_APPROVED)])
        elif state == State.FAILED:
            add(1, [*main(6), ("evaluate", State.EVALUATING, State.FAILED)])
        elif state == State.WITHDRAWN:
            for n, weight in ((0, 2), (1, 2), (2, 1), (3, 1), (4, 1), (5, 1)):
                source = State.DRAFT if n == 0 else main(n)[-1][2]
                add(weight / 8, [*main(n), ("withdraw", source, State.WITHDRAWN)])
        else:
            full = main(8)
            anchor = len(full) - 1  # the certificate
            if state == State.PROTECTED:
                add(0.96, full, anchor)
                add(0.04, [*full, SUSPEND, RECTIFY, REINSTATE], anchor)
            elif state == State.SUSPENDED:
                add(0.5, [*full, SUSPEND], anchor)
                add(0.5, [*full, SUSPEND, RECTIFY], anchor)
            elif state == State.REVOKED:
                add(0.5, [*full, SUSPEND, ("revoke", State.SUSPENDED, State.REVOKED)], anchor)
                add(0.5, [*full, ("revoke", State.PROTECTED, State.REVOKED)], anchor)
            elif state == State.EXPIRED:
                add(1, [*full, ("expire", State.PROTECTED, State.EXPIRED)], anchor)
            else:
                raise ValueError(state)
    return out


def _paths() -> dict[str, tuple[list[float], list[tuple]]]:
    """Per state: cumulative weights and (steps, anchor, gap minima, gap widths) in seconds."""
    paths = {}
    for state, _share in STATE_SHARES:
        variants = _variants(state)
        cumulative = list(accumulate(w for w, _s, _a in variants))
        rows = [
            (
                steps,
                anchor,
                tuple(GAPS[name][0] * DAY for name, _f, _t in steps),
                tuple((GAPS[name][1] - GAPS[name][0]) * DAY for name, _f, _t in steps),
            )
            for _w, steps, anchor in variants
        ]
        paths[state] = ([c / cumulative[-1] for c in cumulative], rows)
    return paths


# ---------------------------------------------------------------- the generator

CASE_BLOCK = 20_000  # cases per block: the unit of parallel generation (fixed: deterministic)
_FORKED = None  # the generator, in the forked block workers


def _generate_block(block: int):
    """In a forked worker: one block of cases as COPY text chunks."""
    return _FORKED._block(block, TextSink())


class Generator:
    def __init__(self, *, scale: float, seed: int, as_of: date, using: str, log, reset=False):
        self.scale, self.seed, self.as_of, self.using, self.log = scale, seed, as_of, using, log
        self.reset = reset
        self.rng = random.Random(seed)
        self.sink = sink_for(using)
        self.N = self.sink.NULL
        self.J = self.sink.json
        self.T = self.sink.ts
        self.raw_json = self.sink.NULL is not None  # the COPY path takes JSON as text
        self.now_ts = _day_ts(as_of) + 9 * 3600  # 09:00 Beijing on the "as of" day
        self.start_ts = _day_ts(date(2019, 1, 1))
        self.phases: dict[str, float] = {}
        self.counts: dict[str, int] = {}

    # -- orchestration

    def run(self) -> dict:
        started = time.perf_counter()
        with literal_timestamps(), transaction.atomic(using=self.using):
            # Emptied in this transaction (when asked, or when already empty): PostgreSQL then
            # loads with COPY FREEZE, rows visible to all without a VACUUM.
            tables = _wiped_tables()
            fresh = self.reset or not _has_rows(self.using, tables)
            if fresh:
                _empty(self.using, tables)
            self.fresh = fresh
            self._reference()
            self.sink.begin([User, Enterprise, Application, CaseHistory, Certificate], fresh)
            self._phase("organisation and accounts", self._organisation)
            self._phase("enterprises", self._enterprises)
            self._phase("cases, history, certificates", self._cases)
            self._phase("supervision", self._supervision)
            self._phase("activities", self._activities)
            self._phase("HQ tasks and reports", self._liaison)
            self._phase("demonstration zones", self._zones)
            self._phase("zone enterprises, quality archive", self._zone_enterprises)
            self._phase("pilot zones", lambda: pilot_zones.generate(self))  # seed 002
            self._phase("risk warnings", lambda: risk.generate(self))  # seed 004
            self._phase("monitoring plans", lambda: monitoring.generate(self))  # seed 004 §二.1
            self._phase("credit", lambda: credit.generate(self))  # seed 004 §二.11–12
            self.sink.wait()
            models = [
                User, Enterprise, Agency, EvaluationPlan, Application, CaseHistory, Certificate,
                RecoveryRecord, RectificationReview, PoolMember, PoolMember.specialities.through,
                InspectionPlan, InspectionPlan.bureaus.through, InspectionPlan.categories.through,
                InspectionTarget, InspectionTarget.inspectors.through, Inspection, Proposal,
                Complaint, BureauDepartment, KeyWorkItem, KeyWorkProgress, Interview,
                ResearchProject,
                ResearchProject.member_bureaus.through, LectureTour, GovernmentReport,
                Organisation, AssessmentStandard, DemonstrationZone, ZoneAssessment, ZoneHistory,
                ZoneYearReport, ZoneEnterprise, EnterpriseHistory, ArchiveEvent,
                ArchiveEventHistory, Task, Assignment, TaskUpdate, Report, ReportReply,
                *pilot_zones.MODELS,
                *risk.MODELS,
                *monitoring.MODELS,
                *credit.MODELS,
            ]  # fmt: skip
            finish = time.perf_counter()
            self.phases.update(self.sink.finish(models))
            self._case_counts()
            self._title_numbers()
            self.phases["load finished (indexes, sequences)"] = time.perf_counter() - finish
        self._phase("analyze", self._analyze)
        self._phase("figures, summaries, rankings", self._derived)
        self.phases["total"] = time.perf_counter() - started
        self.counts = dict(self.sink.rows)
        self._marker()
        return {"counts": self.counts, "phases": self.phases, "copy": dict(self.sink.seconds)}

    def _phase(self, name, function):
        started = time.perf_counter()
        function()
        self.phases[name] = time.perf_counter() - started
        self.log(f"  {name}: {self.phases[name]:.1f} s")

    def _reference(self):
        """What the migrations ship: bureaus, zones, categories, the number rule."""
        self.bureaus = list(Bureau.objects.using(self.using).order_by("pk"))
        self.categories = list(
            ProductCategory.objects.using(self.using).filter(is_active=True).order_by("pk")
        )
        self.rule = CertificateNumberRule.objects.using(self.using).order_by("-version").first()
        self.zones = list(Zone.objects.using(self.using).order_by("pk"))
        self.leads = {}
        for seat in ZoneMembership.objects.using(self.using).filter(role="lead"):
            self.leads.setdefault(seat.bureau_id, []).append(seat.zone_id)
        if not self.bureaus or not self.categories or self.rule is None:
            raise RuntimeError("reference data missing: run the migrations first")
        self.ids = {
            model: self.sink.next_id(model)
            for model in (
                User, Enterprise, Agency, EvaluationPlan, Application, CaseHistory, Certificate,
                RecoveryRecord, RectificationReview, PoolMember, PoolMember.specialities.through,
                InspectionPlan, InspectionPlan.bureaus.through, InspectionPlan.categories.through,
                InspectionTarget, InspectionTarget.inspectors.through, Inspection, Proposal,
                Complaint, BureauDepartment, KeyWorkItem, KeyWorkProgress, Interview,
                ResearchProject,
                ResearchProject.member_bureaus.through, LectureTour, GovernmentReport,
                Organisation, AssessmentStandard, DemonstrationZone, ZoneEnterprise, ArchiveEvent,
                Task, Assignment, Report,
            )
        }  # fmt: skip

    def _take(self, model, n: int = 1) -> int:
        first = self.ids[model]
        self.ids[model] += n
        return first

    def _name(self) -> str:
        r = self.rng.random
        return SURNAMES[int(r() * len(SURNAMES))] + "".join(
            GIVEN[int(r() * len(GIVEN))] for _ in range(1 + (r() < 0.6))
        )

    def _syll(self, n=2) -> str:
        r = self.rng.random
        return "".join(SYLLABLES[int(r() * len(SYLLABLES))] for _ in range(n))

    def _ts_between(self, lo: float, hi: float) -> float:
        return lo + self.rng.random() * max(hi - lo, 0)

    # -- organisation: users, agencies, plans

    USER_FIELDS = [
        "id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
        "email", "is_staff", "is_active", "date_joined", "role", "bureau_id", "enterprise_id",
        "agency_id",
    ]  # fmt: skip

    def _user_row(self, uid, username, role, first_name, *, bureau=None, enterprise=None,
                  agency=None, staff=False, joined=None):  # fmt: skip
        N = self.N
        return (
            uid, self.password, N, False, username, first_name, "", f"{username}@example.com",
            staff, True, self.T(joined or self.start_ts), role,
            bureau if bureau is not None else N, enterprise if enterprise is not None else N,
            agency if agency is not None else N,
        )  # fmt: skip

    def _organisation(self):
        rng, scale = self.rng, self.scale
        self.password = make_password(settings.DEMO_PASSWORD)
        users = self.sink.open(User, self.USER_FIELDS)
        self.hq = []
        for n in range(1, 6):
            uid = self._take(User)
            users.add(self._user_row(uid, f"gen-hq-{n}", Role.HQ, f"总局审核员{n}", staff=True))
            self.hq.append(uid)
        self.staff = {}  # bureau id -> [(user id, username)]
        per_bureau = _scaled("staff_per_bureau", scale)
        for bureau in self.bureaus:
            for n in range(1, per_bureau + 1):
                uid, username = self._take(User), f"gen-bureau-{bureau.code}-{n}"
                users.add(
                    self._user_row(uid, username, Role.BUREAU, self._name(), bureau=bureau.pk)
                )
                self.staff.setdefault(bureau.pk, []).append((uid, username))
        # 内设机构 (seed §18's 责任部门): the two divisions every bureau has.
        departments = self.sink.open(BureauDepartment, ["id", "bureau_id", "name", "name_en",
                                                        "kind", "is_active"])  # fmt: skip
        self.departments = {}  # bureau id -> [department id]
        for bureau in self.bureaus:
            for name, name_en in DEPARTMENTS:
                did = self._take(BureauDepartment)
                departments.add((did, bureau.pk, name, name_en, "division", True))
                self.departments.setdefault(bureau.pk, []).append(did)
        departments.close()

        # Agencies, two evaluators each, and plans filed for several categories.
        agencies = self.sink.open(Agency, ["id", "code", "name", "address", "contact_name",
                                           "contact_phone"])  # fmt: skip
        self.agencies = []  # (id, name, [user ids])
        for n in range(1, _scaled("agencies", scale) + 1):
            aid = self._take(Agency)
            name = f"{self._syll()}{['认证', '检测', '评价', '质量'][n % 4]}技术有限公司（评定机构{n}）"
            agencies.add((aid, f"gen-agency-{n}", name, "北京市", self._name(), "010-00000000"))
            evaluators = []
            for k in (1, 2):
                uid = self._take(User)
                users.add(self._user_row(uid, f"gen-agency-{n}-{k}", Role.AGENCY, self._name(),
                                         agency=aid))  # fmt: skip
                evaluators.append(uid)
            self.agencies.append((aid, name, evaluators))
        agencies.close()
        plans = self.sink.open(EvaluationPlan, ["id", "agency_id", "category_id", "title",
                                                "pass_threshold", "valid_from", "valid_until",
                                                "document", "filed_at"])  # fmt: skip
        self.plans = {}  # category id -> [(plan id, threshold, agency index)]
        for category in self.categories:
            chosen = rng.sample(range(len(self.agencies)), min(len(self.agencies), 3))
            for index in chosen:
                aid, aname, _evaluators = self.agencies[index]
                pid, threshold = self._take(EvaluationPlan), rng.choice([75, 80, 80, 85])
                plans.add((pid, aid, category.pk, f"{aname}{category.name}评定方案", threshold,
                           date(2018, 1, 1), date(self.as_of.year + 3, 12, 31), "",
                           self.T(self.start_ts - 200 * DAY)))  # fmt: skip
                self.plans.setdefault(category.pk, []).append((pid, threshold, index))
        plans.close()

        # The inspector pool: inspectors and expert committee members of every bureau.
        weights = [BUREAU_WEIGHT.get(b.code, 1) for b in self.bureaus]
        pool = self.sink.open(PoolMember, ["id", "user_id", "bureau_id", "kind", "available",
                                           "note"])  # fmt: skip
        specialities = self.sink.open(PoolMember.specialities.through,
                                      ["id", "poolmember_id", "productcategory_id"])  # fmt: skip
        self.pool = []  # (user id, bureau id)
        kinds = [(Role.INSPECTOR, PoolMember.Kind.INSPECTOR, _scaled("inspectors", scale)),
                 (Role.EXPERT, PoolMember.Kind.EXPERT, _scaled("experts", scale))]  # fmt: skip
        for role, kind, count in kinds:
            bureaus = rng.choices(self.bureaus, weights=weights, k=count)
            for n, bureau in enumerate(bureaus, start=1):
                uid = self._take(User)
                users.add(self._user_row(uid, f"gen-{role}-{n}", role, self._name(),
                                         bureau=bureau.pk))  # fmt: skip
                mid = self._take(PoolMember)
                available = rng.random() > 0.03
                pool.add((mid, uid, bureau.pk, kind, available, ""))
                for category in rng.sample(self.categories, min(3, len(self.categories))):
                    specialities.add((self._take(PoolMember.specialities.through), mid,
                                      category.pk))  # fmt: skip
                if available:
                    self.pool.append((uid, bureau.pk))
        pool.close()
        specialities.close()
        self.users = users  # enterprise accounts are added with their enterprises

    # -- enterprises and their accounts

    def _enterprises(self):
        _check_credit_codes()
        rng = self.rng
        n = _scaled("enterprises", self.scale)
        weights = list(accumulate(BUREAU_WEIGHT.get(b.code, 1) for b in self.bureaus))
        total = weights[-1]
        rows = self.sink.open(Enterprise, [
            "id", "name", "uscc", "bureau_id", "address", "contact_name", "contact_phone",
            "contact_email", "created_at", "confirmed_at", "confirmed_by_id", "licence",
            "rejection_reason",
        ])  # fmt: skip
        self.enterprises = []  # (id, bureau index, user id, confirmed)
        first = self._take(Enterprise, n)
        first_user = self._take(User, n)
        span = self.now_ts - self.start_ts - 30 * DAY
        N, r = self.N, rng.random
        for i in range(n):
            if i % 2000 == 0:
                rows.check(), self.users.check()
            eid, uid = first + i, first_user + i
            b = bisect(weights, r() * total)
            bureau = self.bureaus[b]
            created = self.start_ts - 400 * DAY + span * (i / n) + r() * 30 * DAY
            confirmed = i < n * 0.99  # the newest registrations wait for confirmation
            officer = self.staff[bureau.pk][int(r() * len(self.staff[bureau.pk]))][0]
            contact = self._name()
            place = bureau.name + self._syll()
            rows.add((
                eid, f"{place}{INDUSTRIES[int(r() * len(INDUSTRIES))]}有限公司",
                credit_code(bureau.code, i + self.seed * 7919), bureau.pk,
                f"{place}县{self._syll()}镇", contact, f"1{3 + int(r() * 6)}{int(r() * 1e9):09d}",
                f"contact{eid}@example.com", self.T(created),
                self.T(created + 3 * DAY) if confirmed else N, officer if confirmed else N,
                "", "",
            ))  # fmt: skip
            self.users.add(self._user_row(uid, f"gen-ent-{i + 1:06d}", Role.ENTERPRISE, contact,
                                          enterprise=eid, joined=created))  # fmt: skip
            self.enterprises.append(
                (eid, bureau.pk, bureau.code, self.staff[bureau.pk], uid, confirmed, place)
            )
        rows.close()
        self.users.close()

    # -- cases with their history and certificates

    CASE_FIELDS = [
        "id", "enterprise_id", "bureau_id", "category_id", "product_name", "origin_place",
        "description", "state", "officer_id", "agency_id", "plan_id", "score",
        "evaluation_report", "rectification_deadline", "rectification_submitted_at",
        "rectification_report", "revocation_reason", "renewal_of_id", "submitted_at",
        "due_kind", "due_date", "paused_working_days", "escalated_at", "created_at", "updated_at",
    ]  # fmt: skip
    # History, certificates, recovery records and reviews take their ids from the database
    # (blocks are generated in parallel; nothing else points at these rows).
    HISTORY_FIELDS = ["application_id", "transition", "from_state", "to_state", "actor_id",
                      "reason", "comment", "data", "created_at"]  # fmt: skip
    CERT_FIELDS = ["application_id", "number", "rule_id", "year", "seq", "valid_from",
                   "valid_until", "marks_issued", "issued_at", "issued_by_id", "pdf"]  # fmt: skip

    def _json(self, kind: str, *values):
        """The history row's data, as the service writes it; hot kinds formatted directly
        (their values are ASCII and need no escaping) on the COPY path."""
        if not self.raw_json:
            keys = {
                "evaluate": ("score", "passed"),
                "certify": ("marks_issued", "valid_from", "certificate"),
                "suspend": ("deadline",),
            }[kind]
            return dict(zip(keys, values, strict=True))
        if kind == "evaluate":
            return f'{{"score":"{values[0]}","passed":{"true" if values[1] else "false"}}}'
        if kind == "certify":
            return (
                f'{{"marks_issued":{values[0]},"valid_from":"{values[1]}",'
                f'"certificate":"{values[2]}"}}'
            )
        return f'{{"deadline":"{values[0]}"}}'

    def _plan_cases(self) -> None:
        """What must be decided in case order before the cases are generated in blocks: the
        state, the enterprise, and for certified cases the moment of certification and the
        certificate's running number in its year (so numbers run without gaps)."""
        rng = random.Random(f"{self.seed}:cases")
        r = rng.random
        n = self.n_cases = _scaled("cases", self.scale)
        names = [s for s, _share in STATE_SHARES]
        states = rng.choices(names, cum_weights=list(accumulate(s for _n, s in STATE_SHARES)), k=n)
        n_ent = len(self.enterprises)
        picks = [int(n_ent * r() ** 1.6) for _ in range(n)]
        now, start = self.now_ts, self.start_ts
        validity = settings.CERTIFICATE_VALIDITY_YEARS * 365.25 * DAY
        windows = {  # when the certificate was issued, by final state
            State.PROTECTED: (now - validity + 2 * DAY, now - 20 * DAY),
            State.SUSPENDED: (now - 400 * DAY, now - 90 * DAY),
            State.REVOKED: (now - validity + 2 * DAY, now - 30 * DAY),
            State.EXPIRED: (start + 250 * DAY, now - validity - 2 * DAY),
        }
        certified: dict[int, tuple[float, int]] = {}
        seqs: dict[int, int] = {}
        for i in range(n):
            if not self.enterprises[picks[i]][5]:  # not confirmed yet: it cannot submit
                states[i] = State.DRAFT
            window = windows.get(states[i])
            if window:
                ts = window[0] + r() * (window[1] - window[0])
                year = _date(ts).year
                seqs[year] = seqs.get(year, 0) + 1
                certified[i] = (ts, seqs[year])
        self.case_states, self.case_picks, self.case_certified = states, picks, certified
        self.first_case = self._take(Application, n)

    def _cases(self):
        self._plan_cases()
        blocks = range((self.n_cases + CASE_BLOCK - 1) // CASE_BLOCK)
        self.certified = []  # (case id, bureau id, certificate number, state) for supervision
        self.protected = []  # (case id, bureau id, officer id)
        if isinstance(self.sink, CopySink) and len(blocks) > 1:
            # Two processes generate blocks of cases as COPY text; this one sends them on, in
            # block order, while they work. Forked: they share this generator's state and never
            # touch the database connection.
            global _FORKED
            _FORKED = self
            self.sink.wait()
            context = multiprocessing.get_context("fork")
            with context.Pool(processes=2) as pool:
                for chunks, certified, protected in pool.imap(_generate_block, blocks):
                    for chunk in chunks:
                        self.sink.send(*chunk)
                    self.certified += certified
                    self.protected += protected
            _FORKED = None
        else:
            for block in blocks:
                _chunks, certified, protected = self._block(block, self.sink)
                self.certified += certified
                self.protected += protected

    def _block(self, block: int, sink) -> tuple[list, list, list]:
        """Cases [block × CASE_BLOCK, …) with their history, certificates, recovery records
        and reviews, written to `sink`; deterministic per block whatever the process."""
        rng = random.Random(f"{self.seed}:cases:{block}")
        N, J, T = sink.NULL, sink.json, sink.ts
        r = rng.random
        paths = _paths()
        cases = sink.open(Application, self.CASE_FIELDS)
        history = sink.open(CaseHistory, self.HISTORY_FIELDS)
        certificates = sink.open(Certificate, self.CERT_FIELDS)
        recoveries = sink.open(RecoveryRecord, [
            "application_id", "certificate_returned_at", "marks_recovered",
            "follow_up_checked_at", "follow_up_note", "completed_at", "updated_by_id", "opened_at",
        ])  # fmt: skip
        reviews = sink.open(RectificationReview, ["application_id", "opinion", "comment",
                                                  "reviewer_id", "created_at"])  # fmt: skip
        add_case, add_history, add_certificate = cases.add, history.add, certificates.add
        n_hq = len(self.hq)
        certified_rows, protected_rows = [], []
        now, start = self.now_ts, self.start_ts
        valid_years = settings.CERTIFICATE_VALIDITY_YEARS
        validity = valid_years * 365.25 * DAY
        empty = J({})
        accept_data = {}  # officer id -> data
        agency_data = {}  # plan id -> data
        reasons = REASONS
        hq_steps = {"approve", "not_approve", "certify", "suspend", "reinstate", "revoke"}
        bureau_steps = {"return", "refuse", "pre_evaluate", "recommend"}
        categories = [
            (c.pk, PRODUCTS.get(c.code, ["特产"]), self.plans[c.pk]) for c in self.categories
        ]
        n_cat = len(categories)
        enterprises = self.enterprises
        rule_render, rule_id = self.rule.render, self.rule.pk
        pre_comment = "材料齐全，现场核查符合要求。"
        report = "各项指标符合评定方案要求。"
        towns = [f"县{a}{b}镇" for a in SYLLABLES[:12] for b in SYLLABLES[12:24]]
        states, picks, planned = self.case_states, self.case_picks, self.case_certified
        first = self.first_case
        for i in range(block * CASE_BLOCK, min(self.n_cases, (block + 1) * CASE_BLOCK)):
            cid = first + i
            state = states[i]
            eid, bureau_id, bureau_code, staff, owner, _confirmed, place = enterprises[picks[i]]
            category_id, nouns, category_plans = categories[int(r() * n_cat)]
            product = place[-2:] + nouns[int(r() * len(nouns))]
            origin = place + towns[int(r() * len(towns))]
            cumulative, variants = paths[state]
            steps, anchor, lows, widths = (
                variants[bisect(cumulative, r())] if len(variants) > 1 else variants[0]
            )

            # Times: gaps between steps, anchored so that the path ends where its state says.
            times, t = [], 0.0
            for lo, width in zip(lows, widths, strict=True):
                t += lo + r() * width
                times.append(t)
            if not steps:
                created = now - 730 * DAY * r() ** 2
            else:
                if state in RECENT:
                    offset = now - RECENT[state] * DAY * r() - 3600 - times[-1]
                elif anchor >= 0:  # certified: at the planned moment
                    offset = planned[i][0] - times[anchor]
                else:  # closed without protection: any time since 2019
                    offset = start + 150 * DAY + r() * (now - start - 151 * DAY) - times[-1]
                times = [x + offset for x in times]
                created = times[0] - (1 + r() * 20) * DAY
                # Steps after the certificate fall before "as of" and within its validity.
                if anchor >= 0 and state != State.EXPIRED:
                    a = times[anchor]
                    limit = min(now - DAY, a + validity - 3 * DAY)
                    if times[-1] > limit:
                        room = (limit - a) * (0.3 + 0.6 * r()) / (times[-1] - a)
                        times = times[: anchor + 1] + [
                            a + (x - a) * room for x in times[anchor + 1 :]
                        ]

            officer = agency = plan = score = N
            evaluator = threshold = issued = valid_from = None
            submitted_at = rect_deadline = rect_at = escalated = due_date = paused = N
            due_kind = rect_report = revocation = ""
            for k, (name, from_state, to_state) in enumerate(steps):
                ts = times[k]
                data = empty
                reason = comment = ""
                if name == "submit":
                    actor = owner
                    submitted_at = ts
                elif name == "accept":
                    officer, officer_name = staff[int(r() * len(staff))]
                    actor = officer
                    data = accept_data.get(officer)
                    if data is None:
                        data = accept_data[officer] = J({"officer": officer_name})
                elif name in bureau_steps:
                    actor = officer if officer is not N else staff[0][0]
                    if name == "pre_evaluate":
                        comment = pre_comment
                    elif name != "recommend":
                        options = reasons[name]
                        reason = options[int(r() * len(options))]
                elif name in hq_steps:
                    actor = self.hq[int(r() * n_hq)]
                    if name in reasons:
                        options = reasons[name]
                        reason = options[int(r() * len(options))]
                    if name == "certify":
                        valid_from = _date(ts)
                        year = valid_from.year
                        seq = planned[i][1]
                        number = rule_render(year=year, bureau_code=bureau_code, seq=seq)
                        marks = 500 * (1 + int(r() * 6))
                        data = self._json("certify", marks, valid_from.isoformat(), number)
                        issued = (ts, actor, year, seq, marks, number)
                    elif name == "suspend":
                        rect_deadline = _date(ts + (30 + int(r() * 60)) * DAY)
                        data = self._json("suspend", rect_deadline.isoformat())
                        rect_at, rect_report = N, ""
                    elif name == "reinstate":
                        rect_deadline = N
                    elif name == "revoke":
                        revocation = reason
                elif name == "choose_agency":
                    actor = owner
                    pid, threshold, index = category_plans[int(r() * len(category_plans))]
                    aid, aname, evaluators = self.agencies[index]
                    agency, plan = aid, pid
                    evaluator = evaluators[int(r() * 2)]
                    data = agency_data.get(pid)
                    if data is None:
                        data = agency_data[pid] = J({"agency": aname, "plan": pid})
                elif name == "evaluate":
                    actor = evaluator
                    passed = to_state != State.FAILED
                    if passed:
                        score = f"{threshold + r() * (100 - threshold):.2f}"
                    else:
                        score = f"{40 + r() * (threshold - 40.01):.2f}"
                    data = self._json("evaluate", score, passed)
                elif name == "submit_rectification":
                    actor = owner
                    comment = "已完成整改，标志使用已规范。"
                    rect_at, rect_report = ts, comment
                elif name == "withdraw":
                    actor = owner
                    reason = reasons["withdraw"][0]
                else:  # expire: the beat sweep, at 01:15 the day after validity ends
                    actor = N
                    ts = times[k] = _day_ts(_valid_until(valid_from) + timedelta(days=1)) + 4500
                    comment = "有效期届满，自动失效。"
                add_history((cid, name, from_state, to_state, actor, reason, comment, data,
                             T(ts)))  # fmt: skip

            # The running deadline clock of the final state (as the programme's run_clock leaves it).
            last = times[-1] if times else created
            if state == State.SUBMITTED:
                due_kind, due_date = "acceptance", _date(last + 7 * DAY)
            elif state == State.RETURNED:
                due_kind, due_date = "correction", _date(last + 28 * DAY)
                paused = 1 + int(r() * 5)
            elif state == State.SUSPENDED:
                due_kind, due_date = "rectification", rect_deadline
                if rect_deadline < self.as_of:
                    escalated = T(_day_ts(rect_deadline + timedelta(days=1)) + 4500)
            add_case((
                cid, eid, bureau_id, category_id, product, origin,
                f"{product}产自{origin}，生态环境优良，生产过程全程可追溯。", state,
                officer, agency, plan, score, report if score is not N else "",
                rect_deadline, T(rect_at) if rect_at is not N else N, rect_report, revocation,
                N, T(submitted_at) if submitted_at is not N else N, due_kind, due_date, paused,
                escalated, T(created), T(last),
            ))  # fmt: skip
            if issued is not None:
                ts, issuer, year, seq, marks, number = issued
                add_certificate((
                    cid, number, rule_id, year, seq,
                    valid_from, _valid_until(valid_from), marks, T(ts), issuer, "",
                ))  # fmt: skip
                certified_rows.append((cid, bureau_id, number, state))
                if state == State.PROTECTED:
                    protected_rows.append((cid, bureau_id, officer))
                elif state == State.REVOKED:
                    done = r() < 0.7
                    returned = _date(last + 20 * DAY)
                    recoveries.add((
                        cid, returned if done else N,
                        marks if done else int(marks * r()), returned if done else N,
                        "跟踪检查未发现继续使用标志。" if done else "",
                        T(last + 25 * DAY) if done else N, officer if done else N, T(last),
                    ))  # fmt: skip
                elif state == State.SUSPENDED and rect_at is not N and r() < 0.5:
                    reviews.add((cid, "reinstate",
                                 "整改材料齐全，建议恢复保护。", officer, T(rect_at + 3 * DAY)))  # fmt: skip
            if i % 2000 == 0:
                cases.check(), history.check(), certificates.check()
        for writer in (cases, history, certificates, recoveries, reviews):
            writer.close()
        return getattr(sink, "chunks", []), certified_rows, protected_rows

    # -- a year of supervision

    def _supervision(self):
        rng, N, J = self.rng, self.N, self.J
        r = rng.random
        year_ago = self.now_ts - 365 * DAY
        by_bureau: dict[int, list] = {}
        for row in self.protected:
            by_bureau.setdefault(row[1], []).append(row)
        pool_by_bureau: dict[int, list] = {}
        for uid, bid in self.pool:
            pool_by_bureau.setdefault(bid, []).append(uid)

        plans = self.sink.open(InspectionPlan, [
            "id", "name", "created_by_id", "owner_bureau_id", "sample_size", "sample_ratio",
            "team_size", "weighted", "exclude_own_bureau", "planned_date", "draw_at", "status",
            "protocol", "seed_commitment", "seed", "snapshot_commitment", "committed_at",
            "beacon_source", "beacon_date", "beacon_value", "beacon_entered_at", "snapshot",
            "result", "shortfalls", "drawn_at", "revealed_at", "published_at", "created_at",
            "withdrawal_reason",
        ])  # fmt: skip
        # Every plan draws by protocol 2 (ADR 0009): it declares the 双色球 draw a few days
        # before its inspection, its lists are committed the day before, and the numbers are
        # entered on the lottery's day. The data set stores no snapshots (nothing here is
        # re-run), so a commitment is a random hash; the numbers come from a generator of
        # their own, which leaves every other random choice as it was.
        numbers_rng = random.Random(f"{self.seed}:lottery")
        plan_bureaus = self.sink.open(InspectionPlan.bureaus.through,
                                      ["id", "inspectionplan_id", "bureau_id"])  # fmt: skip
        targets_w = self.sink.open(InspectionTarget, ["id", "plan_id", "application_id",
                                                      "position"])  # fmt: skip
        teams = self.sink.open(InspectionTarget.inspectors.through,
                               ["id", "inspectiontarget_id", "user_id"])  # fmt: skip
        inspections = self.sink.open(Inspection, ["id", "target_id", "findings", "outcome",
                                                  "recorded_by_id", "recorded_at"])  # fmt: skip
        proposals = self.sink.open(Proposal, [
            "id", "application_id", "kind", "reason", "inspection_id", "complaint_id",
            "proposed_by_id", "status", "decided_by_id", "decision_note", "created_at",
            "decided_at",
        ])  # fmt: skip

        # Four national plans (one a quarter) and two plans of every bureau, over the past year
        # and the coming quarter; the total sample is ~targets at this scale.
        specs = [(None, year_ago + q * 91 * DAY + 30 * DAY) for q in range(5)]
        specs += [(b.pk, year_ago + (60 + 150 * k + r() * 60) * DAY) for b in self.bureaus
                  for k in range(2)]  # fmt: skip
        per_plan = max(2, _scaled("targets", self.scale) // len(specs))
        all_inspectors = [uid for uid, _b in self.pool]
        for owner, planned_ts in specs:
            pid = self._take(InspectionPlan)
            commitment = f"{rng.getrandbits(256):064x}"
            drawn = planned_ts < self.now_ts
            lottery_day = beacon.next_draw_day("ssq", after=_date(planned_ts - 5 * DAY))
            lottery_ts = _day_ts(lottery_day) + 21.5 * 3600  # 21:30 Beijing: the draw
            # A plan ahead whose lottery has drawn waits for its numbers (committed).
            committed = drawn or lottery_ts < self.now_ts
            numbers = ""
            if drawn:
                red = sorted(numbers_rng.sample(range(1, 34), 6))
                numbers = " ".join(f"{n:02d}" for n in red) + f" + {numbers_rng.randint(1, 16):02d}"
            candidates = self.protected if owner is None else by_bureau.get(owner, [])
            picked = rng.sample(candidates, min(per_plan, len(candidates))) if drawn else []
            result = []
            creator = self.hq[0] if owner is None else self.staff[owner][0][0]
            for position, (case_id, case_bureau, officer) in enumerate(picked, start=1):
                tid = self._take(InspectionTarget)
                targets_w.add((tid, pid, case_id, position))
                if owner is None:  # never the case's officer, nor its own bureau's people
                    team = []
                    while len(team) < 2:
                        uid, bid = self.pool[int(r() * len(self.pool))]
                        if uid not in team and uid != officer and bid != case_bureau:
                            team.append(uid)
                else:
                    local = pool_by_bureau.get(owner) or all_inspectors
                    team = rng.sample(local, min(2, len(local)))
                for uid in team:
                    teams.add((self._take(InspectionTarget.inspectors.through), tid, uid))
                result.append({"case": case_id, "inspectors": team})
                recorded = planned_ts + (1 + r() * 10) * DAY
                if recorded < self.now_ts:
                    x = r()
                    outcome = ("no_issue" if x < 0.85 else "rectify" if x < 0.95
                               else "propose_suspension" if x < 0.98 else "propose_revocation")  # fmt: skip
                    iid = self._take(Inspection)
                    inspections.add((iid, tid, "现场检查产品标识、生产记录和产地环境。", outcome,
                                     team[0], self.T(recorded)))  # fmt: skip
                    if outcome.startswith("propose"):
                        decided = recorded + 20 * DAY < self.now_ts
                        proposals.add((
                            self._take(Proposal), case_id,
                            "revoke" if outcome == "propose_revocation" else "suspend",
                            "检查发现问题，建议总局处理。", iid, N, team[0],
                            "rejected" if decided else "open", self.hq[0] if decided else N,
                            "已责令整改。" if decided else "", self.T(recorded + DAY),
                            self.T(recorded + 20 * DAY) if decided else N,
                        ))  # fmt: skip
            plans.add((
                pid, f"{_date(planned_ts).year}年{'全国' if owner is None else '辖区'}双随机抽查计划（{pid}）",
                creator, owner if owner is not None else N, len(picked) or per_plan, N, 2, False,
                owner is None, _date(planned_ts), N,
                "drawn" if drawn else "committed" if committed else "planned", 2, "",
                draw.beacon_seed(commitment, numbers, f"supervision.inspectionplan:{pid}")
                if drawn else "",
                commitment if committed else "",
                self.T(lottery_ts - DAY) if committed else N, "ssq", lottery_day, numbers,
                self.T(lottery_ts + 3600) if drawn else N, N,
                J({"algorithm": 2, "targets": result}) if drawn else N, J([]),
                self.T(lottery_ts + 3600) if drawn else N, N, N, self.T(planned_ts - 20 * DAY), "",
            ))  # fmt: skip
            if owner is not None:
                plan_bureaus.add((self._take(InspectionPlan.bureaus.through), pid, owner))

        # Complaints over the past year, most about a certified product.
        complaints = self.sink.open(Complaint, [
            "id", "tracking_code", "certificate_number", "product_text", "application_id",
            "bureau_id", "content", "contact_name", "contact_phone", "contact_email", "status",
            "due_date", "handled_by_id", "outcome", "resolution", "received_at", "closed_at",
            "escalated_at",
        ])  # fmt: skip
        for _n in range(_scaled("complaints", self.scale)):
            cid = self._take(Complaint)
            received = year_ago + r() * 365 * DAY
            if self.certified and r() < 0.8:
                case_id, bid, number, _state = self.certified[int(r() * len(self.certified))]
                text = ""
            else:
                case_id, number = N, ""
                bid = self.bureaus[int(r() * len(self.bureaus))].pk
                text = f"{self._syll()}{self._syll()}产品"
            due = received + 21 * DAY
            closed = received + (3 + r() * 30) * DAY
            is_closed = closed < self.now_ts and r() < 0.95
            handler = self.staff[bid][0][0]
            complaints.add((
                cid, _tracking_code(cid), number, text, case_id, bid,
                "产品包装上使用了生态原产地产品保护标志，但产品质量与宣传不符。",
                self._name(), "13800000000", "", "closed" if is_closed else "received",
                _date(due), handler if is_closed else N,
                ("unfounded" if r() < 0.6 else "resolved") if is_closed else "",
                "经核查已处理。" if is_closed else "", self.T(received),
                self.T(closed) if is_closed else N,
                self.T(due + DAY) if not is_closed and due < self.now_ts else N,
            ))  # fmt: skip

        # 挂牌督办 over the past year (a fifth put on bureaus by HQ), with progress, closure and
        # the report to HQ; an interview of the responsible department for a third of them.
        items = self.sink.open(KeyWorkItem, [
            "id", "bureau_id", "origin", "title", "description", "department_id",
            "responsible_person", "deadline", "status", "opened_by_id", "created_at", "closed_at",
            "closed_by_id", "closing_note", "reported_at", "reported_by_id", "escalated_at",
        ])  # fmt: skip
        progress = self.sink.open(KeyWorkProgress, [
            "id", "item_id", "text", "reported_by_id", "created_at",
        ])  # fmt: skip
        interviews = self.sink.open(Interview, [
            "id", "bureau_id", "department_id", "department_head", "interviewer", "held_on",
            "item_id", "lagging_work", "guidance", "recorded_by_id", "recorded_at",
            "reported_at", "reported_by_id",
        ])  # fmt: skip
        for _n in range(_scaled("accountability", self.scale)):
            bid = self.bureaus[int(r() * len(self.bureaus))].pk
            clerk = self.staff[bid][0][0]
            department = self.departments[bid][int(r() * len(self.departments[bid]))]
            by_hq = r() < 0.2
            opened = year_ago + r() * 350 * DAY
            deadline = opened + 30 * DAY
            closed = deadline < self.now_ts and r() < 0.8
            iid = self._take(KeyWorkItem)
            items.add((
                iid, bid, "hq" if by_hq else "bureau", "投诉举报办理提速", "三十日内办结积压投诉举报。",
                department, self._name(), _date(deadline), "closed" if closed else "open",
                self.hq[0] if by_hq else clerk, self.T(opened),
                self.T(opened + 28 * DAY) if closed else N,
                (self.hq[0] if by_hq else clerk) if closed else N,
                "整改到位，同意销号。" if closed else "",
                N if by_hq else self.T(opened + DAY), N if by_hq else clerk,
                self.T(deadline + DAY) if not closed and deadline < self.now_ts else N,
            ))  # fmt: skip
            if closed or opened + 20 * DAY < self.now_ts:
                progress.add((self._take(KeyWorkProgress), iid, "已制定工作方案，按期推进。",
                              clerk, self.T(opened + 20 * DAY)))  # fmt: skip
            if r() < 0.33 and opened + 15 * DAY < self.now_ts:
                held = opened + 15 * DAY
                interviews.add((
                    self._take(Interview), bid, department, self._name(), self._name(),
                    _date(held), iid, "投诉举报办理进展缓慢。", "明确专人，每周报告办理进度。",
                    clerk, self.T(held), self.T(held + DAY), clerk,
                ))  # fmt: skip
        for writer in (plans, plan_bureaus, targets_w, teams, inspections, proposals, complaints,
                       items, progress, interviews):  # fmt: skip
            writer.close()

    # -- bureau activities (last year and this year)

    def _activities(self):
        rng, N = self.rng, self.N
        r = rng.random
        projects = self.sink.open(ResearchProject, [
            "id", "title", "lead_bureau_id", "zone_id", "partners", "start_date", "end_date",
            "status", "outputs", "created_by_id", "created_at",
        ])  # fmt: skip
        members = self.sink.open(ResearchProject.member_bureaus.through,
                                 ["id", "researchproject_id", "bureau_id"])  # fmt: skip
        lectures = self.sink.open(LectureTour, ["id", "bureau_id", "date", "place", "topic",
                                                "audience_size", "speakers", "created_by_id"])  # fmt: skip
        reports = self.sink.open(GovernmentReport, ["id", "bureau_id", "date", "recipient",
                                                    "title", "summary", "created_by_id"])  # fmt: skip
        for year in (self.as_of.year - 1, self.as_of.year):
            last_day = self.as_of if year == self.as_of.year else date(year, 12, 31)
            span = (last_day - date(year, 1, 1)).days

            def day(span=span, year=year):
                return date(year, 1, 1) + timedelta(days=int(r() * span))

            for bureau in self.bureaus:
                clerk = self.staff[bureau.pk][0][0]
                zones = self.leads.get(bureau.pk, [])
                for zone_id in zones + ([None] if r() < 0.3 else []):
                    pid = self._take(ResearchProject)
                    start = day()
                    projects.add((pid, f"{bureau.name}{self._syll()}生态原产地特征研究", bureau.pk,
                                  zone_id if zone_id is not None else N, "农业大学", start,
                                  start + timedelta(days=365), "ongoing", "", clerk,
                                  self.T(_day_ts(start) + 9 * 3600)))  # fmt: skip
                    others = rng.sample(self.bureaus, 2)
                    for other in others:
                        if other.pk != bureau.pk:
                            members.add((self._take(ResearchProject.member_bureaus.through), pid,
                                         other.pk))  # fmt: skip
                for _k in range(2 + int(r() * 6)):
                    lectures.add((self._take(LectureTour), bureau.pk, day(),
                                  f"{bureau.name}{self._syll()}会议中心", "生态原产地产品保护政策宣讲",
                                  50 + int(r() * 400), self._name(), clerk))  # fmt: skip
                for _k in range(1 + int(r() * 3)):
                    reports.add((self._take(GovernmentReport), bureau.pk, day(),
                                 f"{bureau.name}人民政府", "关于生态原产地产品保护工作的专报",
                                 "", clerk))  # fmt: skip
        for writer in (projects, members, lectures, reports):
            writer.close()

    # -- 总局交办任务 (seed 000 §二.2) and 报送事项 (§3, §5, §9, §16)

    LIAISON_TITLES = [
        "报送片区生态原产地保护产品资源清单", "总结“走出去”成功经验", "报送地方政府扶持政策落实情况",
        "组织专家宣讲情况汇总", "报送自贸区通关便利化措施",
    ]  # fmt: skip
    REPORT_TEXT = {
        Report.Kind.CLUE: "监督检查中发现的产品与评定结果不一致的线索",
        Report.Kind.SPECIAL: "生态原产地保护工作成效专报",
        Report.Kind.LOCAL_POLICY: "地方政府支持生态原产地产品保护的意见",
        Report.Kind.GOING_GLOBAL: "保护产品“走出去”成功经验",
    }

    def _liaison(self):
        """HQ's tasks of the last two years, to one or two zones (their leads report) or to a few
        bureaus: most past their time limit accepted (some late), some waiting for HQ, some open
        and overdue; and the bureaus' reports to HQ, most read, some replied to."""
        rng, N, T, r = self.rng, self.N, self.T, self.rng.random
        tasks = self.sink.open(Task, ["id", "title", "requirements", "due_date", "created_by_id",
                                      "created_at"])  # fmt: skip
        assignments = self.sink.open(Assignment, [
            "id", "task_id", "zone_id", "bureau_id", "status", "reported_at", "completed_at",
            "completed_by_id", "updated_at",
        ])  # fmt: skip
        updates = self.sink.open(TaskUpdate, ["assignment_id", "kind", "text", "author_id",
                                              "created_at"])  # fmt: skip
        reports = self.sink.open(Report, [
            "id", "bureau_id", "kind", "title", "body", "status", "created_by_id", "created_at",
            "updated_at", "submitted_at", "submitted_by_id", "read_at", "read_by_id",
        ])  # fmt: skip
        replies = self.sink.open(ReportReply, ["report_id", "text", "author_id", "created_at",
                                               "read_at"])  # fmt: skip
        clerk = {bureau.pk: self.staff[bureau.pk][0][0] for bureau in self.bureaus}
        lead_of = {}
        for bureau_id, zone_ids in self.leads.items():
            for zone_id in zone_ids:
                lead_of.setdefault(zone_id, bureau_id)
        now, start = self.now_ts, _day_ts(date(self.as_of.year - 1, 1, 1))
        for _n in range(_scaled("liaison_tasks", self.scale)):
            created = start + r() * (now - start - 2 * DAY)
            due = _date(created + (15 + int(r() * 60)) * DAY)
            due_ts = _day_ts(due) + 18 * 3600
            hq = self.hq[int(r() * len(self.hq))]
            tid = self._take(Task)
            tasks.add((tid, self.LIAISON_TITLES[int(r() * len(self.LIAISON_TITLES))],
                       "按要求组织落实，报送办理情况和有关材料。", due, hq, T(created)))  # fmt: skip
            if r() < 0.4:
                zones = rng.sample(self.zones, 1 + (r() < 0.3))
                addressees = [(zone.pk, N, clerk[lead_of[zone.pk]]) for zone in zones]
            else:
                bureaus = rng.sample(self.bureaus, 1 + int(r() * 5))
                addressees = [(N, bureau.pk, clerk[bureau.pk]) for bureau in bureaus]
            for zone_id, bureau_id, reporter in addressees:
                aid, x = self._take(Assignment), r()
                last = min(now - DAY, due_ts + (15 * DAY if x < 0.15 else 0))
                progress = created + (last - created) * r() * 0.5
                updates.add((aid, "progress", "已部署落实，正在推进。", reporter, T(progress)))
                past = due_ts < now
                done = x < (0.8 if past else 0.3)
                reported = done or x < (0.88 if past else 0.5)
                if not reported:
                    assignments.add((aid, tid, zone_id, bureau_id, "open", N, N, N, T(progress)))
                    continue
                told = progress + (last - progress) * (0.5 + 0.5 * r())
                updates.add((aid, "completion", "已完成，报送有关材料。", reporter, T(told)))
                if not done:
                    assignments.add((aid, tid, zone_id, bureau_id, "reported", T(told), N, N,
                                     T(told)))  # fmt: skip
                    continue
                accepted = min(now, told + (1 + 4 * r()) * DAY)
                updates.add((aid, "accepted", "", hq, T(accepted)))
                assignments.add((aid, tid, zone_id, bureau_id, "completed", T(told), T(accepted),
                                 hq, T(accepted)))  # fmt: skip
        kinds = list(self.REPORT_TEXT)
        for _n in range(_scaled("liaison_reports", self.scale)):
            bureau = self.bureaus[int(r() * len(self.bureaus))]
            kind, author = kinds[int(r() * len(kinds))], clerk[bureau.pk]
            rid, made = self._take(Report), start + r() * (now - start)
            title = f"{bureau.name}{self.REPORT_TEXT[kind]}"
            if r() < 0.08:  # a draft, HQ does not see it
                reports.add((rid, bureau.pk, kind, title, "正文。", "draft", author, T(made),
                             T(made), N, N, N, N))  # fmt: skip
                continue
            sent = min(now, made + r() * 2 * DAY)
            read = sent + r() * 10 * DAY
            if read >= now or r() < 0.1:
                reports.add((rid, bureau.pk, kind, title, "正文。", "submitted", author, T(made),
                             T(sent), T(sent), author, N, N))  # fmt: skip
                continue
            reader = self.hq[int(r() * len(self.hq))]
            reports.add((rid, bureau.pk, kind, title, "正文。", "submitted", author, T(made),
                         T(sent), T(sent), author, T(read), reader))  # fmt: skip
            if r() < 0.3:
                replied = min(now, read + r() * 3 * DAY)
                seen = replied + r() * 5 * DAY
                replies.add((rid, "已阅，请继续跟进。", reader, T(replied),
                             T(seen) if seen < now else N))  # fmt: skip
        for writer in (tasks, assignments, updates, reports, replies):
            writer.close()

    # -- 示范区 (seed 001): local governments, their accounts, zones and their paths

    ZONE_FIELDS = [
        "id", "level", "name", "applicant_id", "bureau_id", "industry", "enterprise_count",
        "cluster", "export_value", "export_share", "local_share", "quality", "organisation",
        "in_quality_appraisal", "standard_id", "state", "submitted_at", "number", "designated_at",
        "valid_until", "certificate_pdf", "withdrawal_reason", "created_at", "updated_at",
    ]  # fmt: skip
    # Assessments and history take their ids from the database (nothing points at them).
    ZONE_HISTORY_FIELDS = ["zone_id", "transition", "from_state", "to_state", "actor_id",
                           "reason", "comment", "data", "created_at"]  # fmt: skip
    ASSESSMENT_FIELDS = ["zone_id", "team", "organised_by_id", "organised_at", "score_cluster",
                         "score_export", "score_quality", "score_organisation", "pass_mark",
                         "conclusion", "recorded_at"]  # fmt: skip
    REPORT_FIELDS = ["zone_id", "year", "export_value", "enterprise_count", "titled_enterprises",
                     "quality_events", "experience", "problems", "next_steps", "status",
                     "created_by_id", "created_at", "updated_at", "submitted_at",
                     "submitted_by_id"]  # fmt: skip

    @staticmethod
    def _zone_steps(state: str, national: bool, refused_early: bool, returned_once: bool):
        """The transitions that lead a zone to `state` (demonstration.workflow): a national zone
        is recommended by its bureau and assessed by HQ, a provincial one assessed by its bureau
        against the bureau's standard."""
        S = ZoneState
        submit = ("submit", S.DRAFT, S.SUBMITTED)
        if state == S.DRAFT:
            return []
        if state == S.RETURNED:
            return [submit, ("return", S.SUBMITTED, S.RETURNED)]
        head = [submit]
        if returned_once:
            head = [
                submit,
                ("return", S.SUBMITTED, S.RETURNED),
                ("submit", S.RETURNED, S.SUBMITTED),
            ]
        if state == S.SUBMITTED:
            return head
        ready = S.SUBMITTED
        if national:
            head.append(("recommend", S.SUBMITTED, S.RECOMMENDED))
            ready = S.RECOMMENDED
        if state == S.RECOMMENDED:
            return head
        if state == S.REFUSED and national and refused_early:
            return [*head, ("refuse", S.RECOMMENDED, S.REFUSED)]
        steps = [*head, ("organise_assessment", ready, S.ASSESSING)]
        if state == S.ASSESSING:
            return steps
        steps.append(("record_assessment", S.ASSESSING, S.ASSESSED))
        if state == S.ASSESSED:
            return steps
        if state == S.REFUSED:
            return [*steps, ("refuse", S.ASSESSED, S.REFUSED)]
        steps.append(("designate", S.ASSESSED, S.DESIGNATED))
        if state == S.WITHDRAWN:
            steps.append(("withdraw_title", S.DESIGNATED, S.WITHDRAWN))
        return steps

    def _zones(self):
        """示范区 over the bureaus (weighted like their caseloads), each applied for by its own
        local government (an Organisation with one staff account), in every state with the
        history of its path; every bureau has published its provincial standard (version 1).
        Titles are numbered once all are drawn, in the order they were designated."""
        rng = random.Random(f"{self.seed}:zones")
        r = rng.random
        N, J, T = self.N, self.J, self.T
        now, start = self.now_ts, self.start_ts
        years = settings.ZONE_TITLE_YEARS
        term = years * 365 * DAY
        S = ZoneState

        standards = self.sink.open(AssessmentStandard, [
            "id", "bureau_id", "version", "title", "text", "pass_mark", "published_at",
            "published_by_id",
        ])  # fmt: skip
        standard_of = {}  # bureau id -> (standard id, pass mark)
        for bureau in self.bureaus:
            sid, pass_mark = self._take(AssessmentStandard), rng.choice([60, 65, 70, 75])
            standards.add((
                sid, bureau.pk, 1, f"{bureau.full_name}省级出口工业产品质量安全示范区评估标准",
                "一、企业集聚；二、出口规模；三、质量安全；四、组织保障。各项25分，满分100分。",
                pass_mark, T(start - 30 * DAY), self.staff[bureau.pk][0][0],
            ))  # fmt: skip
            standard_of[bureau.pk] = (sid, pass_mark)
        standards.close()

        organisations = self.sink.open(Organisation, [
            "id", "code", "name", "name_en", "kind", "level", "bureau_id", "parent_id",
            "credit_code", "is_active", "created_by_id", "created_at",
        ])  # fmt: skip
        accounts = self.sink.open(User, [*self.USER_FIELDS, "organisation_id"])
        zones = self.sink.open(DemonstrationZone, self.ZONE_FIELDS)
        history = self.sink.open(ZoneHistory, self.ZONE_HISTORY_FIELDS)
        assessments = self.sink.open(ZoneAssessment, self.ASSESSMENT_FIELDS)
        # Last year's 年度建设情况报告 (seed 001 §七.4): one per zone whose title ran in that
        # year, written by its bureau's clerk early this year, most of them submitted. Drawn
        # from a generator of their own, so the zones stay what they were without them; written
        # with the zones' enterprises, whose 示范企业 and archive events they count.
        self.zone_reports = []  # rows, the two counts filled in by _zone_enterprises
        report_rng = random.Random(f"{self.seed}:zone-reports")
        report_year = self.as_of.year - 1
        year_start, year_end = date(report_year, 1, 1), date(report_year, 12, 31)
        reported_at = min(_day_ts(date(report_year + 1, 1, 10)) + 10 * 3600, now - 3600)

        n = _scaled("zones", self.scale)
        weights = [BUREAU_WEIGHT.get(b.code, 1) for b in self.bureaus]
        names = [s for s, _share in ZONE_STATE_SHARES]
        cumulative = list(accumulate(share for _s, share in ZONE_STATE_SHARES))
        empty = J({})
        self.zone_titles = []  # (designate moment, zone id, scope) for the numbering
        titled_rows = {}  # zone id -> its row (number filled in by _title_numbers' order)
        self.titled_zones = {}  # zone id -> what its enterprises need (_zone_enterprises)
        self.governments = []  # (organisation id, user id, bureau, place): pilot zones apply too
        for k in range(1, n + 1):
            bureau = rng.choices(self.bureaus, weights=weights)[0]
            state = rng.choices(names, cum_weights=cumulative)[0]
            national = state == S.RECOMMENDED or r() < ZONE_NATIONAL_SHARE
            clerk = self.staff[bureau.pk][0][0]

            # The local government and its account.
            oid, uid = self._take(Organisation), self._take(User)
            county = r() < 0.4
            place = f"{bureau.name}{self._syll()}{'县' if county else '市'}"
            organisations.add((
                oid, f"gen-gov-{k}", f"{place}人民政府", "", Organisation.Kind.LOCAL_GOVERNMENT,
                Organisation.Level.COUNTY if county else Organisation.Level.CITY, bureau.pk, N,
                "", True, clerk, T(start - 60 * DAY),
            ))  # fmt: skip
            applicant = uid
            self.governments.append((oid, uid, bureau, place))
            accounts.add((*self._user_row(uid, f"gen-gov-{k}", Role.GOVERNMENT, self._name(),
                                          joined=start - 60 * DAY), oid))  # fmt: skip

            # The path, its times anchored where the state says.
            steps = self._zone_steps(state, national, r() < 0.5, r() < 0.15)
            times, t = [], 0.0
            for name, _from, _to in steps:
                lo, hi = ZONE_GAPS[name]
                t += (lo + r() * (hi - lo)) * DAY
                times.append(t)
            names_on_path = [name for name, _f, _t in steps]
            if not steps:
                created = now - (1 + r() * 180) * DAY
            else:
                if "designate" in names_on_path:
                    at = names_on_path.index("designate")
                    if state == S.DESIGNATED:  # still in its term on the "as of" day
                        anchor = now - 5 * DAY - r() * (term - 40 * DAY)
                    else:
                        anchor = start + 300 * DAY + r() * (now - start - 450 * DAY)
                    times = [x - times[at] + anchor for x in times]
                    if state == S.WITHDRAWN:  # within the term, before "as of"
                        limit = min(now - DAY, anchor + term - 2 * DAY)
                        times[-1] = min(times[-1], anchor + (limit - anchor) * (0.2 + 0.7 * r()))
                elif state == S.REFUSED:
                    end = start + 200 * DAY + r() * (now - start - 201 * DAY)
                    times = [x - times[-1] + end for x in times]
                else:  # under way: the last step within the last 90 days
                    end = now - 3600 - r() * 90 * DAY
                    times = [x - times[-1] + end for x in times]
                created = times[0] - (1 + r() * 30) * DAY

            zid = self._take(DemonstrationZone)
            assessor = self.hq[int(r() * len(self.hq))] if national else clerk
            standard_id, pass_mark = standard_of[bureau.pk]
            if national:
                pass_mark = NATIONAL_PASS_MARK
            # Titled zones passed their assessment; most of those awaiting the decision too.
            passes = state in (S.DESIGNATED, S.WITHDRAWN) or (state == S.ASSESSED and r() < 0.7)
            scores = [
                (20 + int(r() * (CONDITION_MAX - 19))) if passes else (8 + int(r() * 7))
                for _code in CONDITIONS
            ]
            submitted_at = designated = valid_until = N
            withdrawal = ""
            for (name, from_state, to_state), ts in zip(steps, times, strict=True):
                data, reason, comment = empty, "", ""
                actor = assessor
                if name == "submit":
                    actor, submitted_at = applicant, ts
                    if not national:
                        data = J({"standard": 1})
                elif name == "return":
                    actor, reason = clerk, "请补充区内出口企业名单及近三年出口数据。"
                elif name == "recommend":
                    actor, comment = clerk, "经审核，符合国家级示范区申请条件，予以推荐。"
                elif name == "organise_assessment":
                    data = J({"team": ZONE_TEAM})
                    assessments_row = [zid, ZONE_TEAM, assessor, T(ts), N, N, N, N, N, "", N]
                elif name == "record_assessment":
                    comment = "评估合格。" if passes else "出口规模和质量安全水平未达到评估标准。"
                    record = {
                        f"score_{code}": v for (code, _l), v in zip(CONDITIONS, scores, strict=True)
                    }
                    data = J({**record, "pass_mark": pass_mark, "total": sum(scores),
                              "conclusion": comment, "passed": passes})  # fmt: skip
                    assessments_row[4:11] = [*scores, pass_mark, comment, T(ts)]
                elif name == "designate":
                    designated = _date(ts)
                    valid_until = _valid_until(designated, years)
                    self.zone_titles.append((ts, zid, "N" if national else bureau.code.upper()))
                elif name == "refuse":
                    reason = "经评估，未达到示范区认定条件。"
                elif name == "withdraw_title":
                    reason = withdrawal = "区内企业出口产品发生重大质量安全事故。"
                history.add((zid, name, from_state, to_state, actor, reason, comment, data, T(ts)))
            if "organise_assessment" in names_on_path:
                assessments.add(tuple(assessments_row))
            industry = ZONE_INDUSTRIES[int(r() * len(ZONE_INDUSTRIES))]
            count = 30 + int(r() * 300)
            row = [
                zid, Level.NATIONAL if national else Level.PROVINCIAL,
                f"{place}{industry}出口工业产品质量安全示范区", oid, bureau.pk, industry, count,
                f"区内{industry}出口企业{count}家，形成完整产业链。",
                f"{20000 + r() * 500000:.2f}", f"{1 + r() * 30:.2f}", f"{10 + r() * 60:.2f}",
                "近三年未发生重大质量安全事故，出口产品合格率保持在99%以上。",
                "地方政府设示范区建设领导小组，建立联席会议制度。", r() < 0.8,
                standard_id if not national and state != S.DRAFT else N, state,
                T(submitted_at) if submitted_at is not N else N, N, designated, valid_until, "",
                withdrawal, T(created), T(times[-1] if times else created),
            ]  # fmt: skip
            if designated is not N:
                titled_rows[zid] = row
                self.titled_zones[zid] = (
                    row, bureau, national, clerk, applicant, assessor, place, industry,
                    times[names_on_path.index("designate")],
                    times[-1] if state == S.WITHDRAWN else None, withdrawal,
                )  # fmt: skip
                withdrawn_before = state == S.WITHDRAWN and times[-1] < _day_ts(year_start)
                if designated <= year_end and valid_until >= year_start and not withdrawn_before:
                    submitted = report_rng.random() < 0.9
                    self.zone_reports.append([
                        zid, report_year, f"{20000 + report_rng.random() * 500000:.2f}", count,
                        0, 0, ZONE_REPORT_TEXT["experience"], ZONE_REPORT_TEXT["problems"],
                        ZONE_REPORT_TEXT["next_steps"],
                        "submitted" if submitted else "draft", clerk,
                        T(reported_at - 5 * DAY), T(reported_at),
                        T(reported_at) if submitted else N, clerk if submitted else N,
                    ])  # fmt: skip
            else:
                zones.add(tuple(row))
        # Titles numbered per level (per bureau for provincial ones) and year, in time order.
        self.zone_sequences: dict[str, int] = {}
        for ts, zid, scope in sorted(self.zone_titles):
            year = _date(ts).year
            key = f"demonstration:{scope}:{year}"
            seq = self.zone_sequences[key] = self.zone_sequences.get(key, 0) + 1
            titled_rows[zid][17] = f"QSZ-{scope}-{year}-{seq:03d}"
        for zid in sorted(titled_rows):
            zones.add(tuple(titled_rows[zid]))
        self.zone_reported_at = reported_at
        for writer in (organisations, accounts, zones, history, assessments):
            writer.close()

    # -- 入区企业, 示范企业 and their quality archive (seed 001 §三.5, §六.3, §六.6)

    ENTERPRISE_FIELDS = [
        "id", "zone_id", "name", "credit_code", "products", "state", "proposed_by_id",
        "created_at", "updated_at", "admitted_at", "admitted_by_id", "exited_at", "exited_by_id",
        "exit_reason", "assessment_passed", "assessment_conclusion", "number", "granted_at",
        "withdrawal_reason",
    ]  # fmt: skip
    # History takes its ids from the database (nothing points at it).
    ENTERPRISE_HISTORY_FIELDS = ["enterprise_id", "transition", "from_state", "to_state",
                                 "actor_id", "reason", "comment", "data", "created_at"]  # fmt: skip
    EVENT_FIELDS = [
        "id", "enterprise_id", "kind", "occurred_on", "product", "reference", "description",
        "state", "opened_by_id", "opened_at", "updated_at", "findings", "cause", "feedback",
        "negotiation", "support", "penalty", "announcement", "cancel_zone_title", "conclusion",
        "closed_at",
    ]  # fmt: skip
    EVENT_HISTORY_FIELDS = ["event_id", "transition", "from_state", "to_state", "actor_id",
                            "reason", "comment", "data", "created_at"]  # fmt: skip

    @staticmethod
    def _enterprise_path(state: str, x: float) -> list[str]:
        """The transitions (demonstration.workflow.ENTERPRISE_RULES) that lead a zone's enterprise
        from its proposal to `state`; `x` (0–1) picks the variant: a few admitted ones were
        nominated and refused the title, a few exited ones held it."""
        E = EnterpriseState
        title = ["admit", "nominate", "assess", "grant"]
        if state == E.PROPOSED:
            return []
        if state == E.DECLINED:
            return ["decline"]
        if state == E.ADMITTED:
            if x < 0.10:
                return [*title[:3], "refuse_title"]
            return [*title[:2], "refuse_title"] if x < 0.15 else ["admit"]
        if state == E.NOMINATED:
            return title[:2]
        if state == E.ASSESSED:
            return title[:3]
        if state == E.GRANTED:
            return title
        if state == E.TITLE_WITHDRAWN:
            return [*title, "withdraw_title"]
        if state == E.EXITED:
            if x < 0.20:
                return [*title, "exit"]
            return [*title[:2], "exit"] if x < 0.25 else ["admit", "exit"]
        raise ValueError(state)

    def _zone_enterprises(self):
        """入区企业 of the zones that hold or held a title, spread over them by size and by how
        long their title ran: each proposed by the zone's local government after the designation
        and admitted or declined by the zone's bureau (its clerk), nominated by the government,
        assessed and granted the 示范企业 title by the zone's assessor (HQ for a national zone,
        the bureau for a provincial one), numbered per zone in the order granted; some exited.
        A zone's withdrawal ended its 示范企业 titles (end_title); elsewhere a title was withdrawn
        on the archive's finding of malice. ~10 % of the admitted enterprises have an event in
        their quality archive, opened and followed by the bureau. Then last year's reports,
        with the two counts these records give (selectors.zone_record_counts when saved).
        Drawn from a generator of their own: the zones and the cases stay what they were."""
        rng = random.Random(f"{self.seed}:zone-enterprises")
        r = rng.random
        N, J, T = self.N, self.J, self.T
        E = EnterpriseState
        now = self.now_ts
        limit = now - 3600
        enterprises = self.sink.open(ZoneEnterprise, self.ENTERPRISE_FIELDS)
        history = self.sink.open(EnterpriseHistory, self.ENTERPRISE_HISTORY_FIELDS)
        events = self.sink.open(ArchiveEvent, self.EVENT_FIELDS)
        event_history = self.sink.open(ArchiveEventHistory, self.EVENT_HISTORY_FIELDS)
        empty = J({})
        assessed_data = {True: J({"passed": True}), False: J({"passed": False})}
        ended_data = J({"zone_withdrawn": True})
        kinds = list(EventKind)
        event_causes = EVENT_CAUSES
        event_steps = list(accumulate(EVENT_STEP_SHARES))  # cumulative: how many steps taken
        report_year = self.as_of.year - 1
        year_end, year_ends = date(report_year, 12, 31), _day_ts(date(report_year + 1, 1, 1))
        reported_at = self.zone_reported_at
        counts: dict[int, list[int]] = {}  # zone id -> [示范企业 at last year's end, its events]
        self.enterprise_sequences: dict[str, int] = {}

        zids = sorted(self.titled_zones)
        weights = []
        for zid in zids:
            row, *_rest, designated_ts, withdrawn_ts, _reason = self.titled_zones[zid]
            ran = (withdrawn_ts if withdrawn_ts is not None else now) - designated_ts
            weights.append(row[6] * min(1.0, max(ran, DAY) / (365 * DAY)))
        per_zone = dict.fromkeys(zids, 0)
        for zid in rng.choices(zids, weights=weights, k=_scaled("zone_enterprises", self.scale)):
            per_zone[zid] += 1
        names = [s for s, _share in ENTERPRISE_STATE_SHARES]
        cumulative = list(accumulate(share for _s, share in ENTERPRISE_STATE_SHARES))
        # Credit codes after those of the eco-origin enterprises: unique across the data set.
        code_n = self.seed * 7919 + len(self.enterprises)

        def syll() -> str:
            return SYLLABLES[int(r() * len(SYLLABLES))] + SYLLABLES[int(r() * len(SYLLABLES))]

        def add_event(vid, enterprise_id, clerk, product, opened, times, cause, malice):
            """One event of the quality archive with the history of its steps (EVENT_STEPS)."""
            kind = kinds[int(r() * len(kinds))]
            occurred = _date(opened - (3 + r() * 40) * DAY)
            reference = (
                f"TBT-{occurred.year}-{vid:05d}" if kind == EventKind.FOREIGN_NOTIFICATION
                else f"〔{occurred.year}〕{vid}号"
            )  # fmt: skip
            text = dict.fromkeys(("findings", "cause", *ACTION_FIELDS[cause], "conclusion"), "")
            state, closed_at = EventState.OPENED, N
            for (name, from_state, to_state), ts in zip(EVENT_STEPS, times, strict=False):
                data = empty
                if name == "investigate":
                    text["findings"] = EVENT_TEXT["findings"]
                elif name == "classify":
                    text["cause"] = cause
                    data = J({"cause": cause})
                elif name == "record_actions":
                    for field in ACTION_FIELDS[cause]:
                        text[field] = EVENT_TEXT[field]
                    record = {"cause": cause, "cancel_zone_title": False}
                    if malice:  # what DemonstrationArchive.after_transition adds
                        record.update(enterprise_title_withdrawn=True, zone_title_withdrawn=False)
                    data = J(record)
                else:
                    text["conclusion"], closed_at = EVENT_TEXT["conclusion"], T(ts)
                event_history.add((vid, name, from_state, to_state, clerk, "", "", data, T(ts)))
                state = to_state
            events.add((
                vid, enterprise_id, kind, occurred, product, reference, EVENT_TEXT[kind], state,
                clerk, T(opened), T(times[-1] if times else opened), text["findings"],
                text["cause"], text.get("feedback", ""), text.get("negotiation", ""),
                text.get("support", ""), text.get("penalty", ""), text.get("announcement", ""),
                False, text["conclusion"], closed_at,
            ))  # fmt: skip
            return occurred

        for zid in zids:
            k = per_zone[zid]
            if not k:
                continue
            (row, bureau, _national, clerk, government, assessor, place, industry, designated_ts,
             withdrawn_ts, zone_reason) = self.titled_zones[zid]  # fmt: skip
            zone_number = row[17]
            products = ZONE_PRODUCTS.get(industry, ZONE_PRODUCTS["机电产品"])
            # Proposed, admitted, nominated and granted while the zone held its title.
            first = designated_ts + DAY
            last_ok = (withdrawn_ts if withdrawn_ts is not None else now) - 3600
            room = max(last_ok - first, 3600.0)
            drawn = []
            for _n in range(k):
                state = rng.choices(names, cum_weights=cumulative)[0]
                if withdrawn_ts is not None and state == E.TITLE_WITHDRAWN:
                    state = E.GRANTED  # its title ends with the zone's (end_title)
                path = self._enterprise_path(state, r())
                exits = bool(path) and path[-1] == "exit"
                body = path[:-1] if exits else path
                gaps = []
                for name in body:
                    lo, hi = ENTERPRISE_GAPS[name]
                    gaps.append((lo + r() * (hi - lo)) * DAY)
                span = sum(gaps)
                if span > room * 0.9:
                    shrink = room * (0.3 + 0.6 * r()) / span
                    gaps, span = [g * shrink for g in gaps], span * shrink
                if state in (E.PROPOSED, E.NOMINATED, E.ASSESSED) and withdrawn_ts is None:
                    created = last_ok - span - r() * min(60 * DAY, room - span)  # waiting now
                else:
                    created = first + r() * (room - span)
                steps, t = [], created
                for name, gap in zip(body, gaps, strict=True):
                    t += gap
                    steps.append((name, t))
                exit_ts = None
                if exits:  # the exit may come after the zone's title was withdrawn
                    lo, hi = ENTERPRISE_GAPS["exit"]
                    exit_ts = t + (lo + r() * (hi - lo)) * DAY
                    if exit_ts > limit:
                        exit_ts = t + (limit - t) * (0.2 + 0.7 * r())
                # Holding the title when the zone lost its own: it ends with the zone's.
                if withdrawn_ts is not None and "grant" in body and (exit_ts or now) > withdrawn_ts:
                    steps.append(("end_title", withdrawn_ts))
                if exits:
                    steps.append(("exit", exit_ts))
                passed = r() < 0.8  # an assessment awaiting the decision
                if "assess" in body[:-1]:  # followed by the grant, or by the refusal
                    passed = body[body.index("assess") + 1] == "grant"
                drawn.append((created, steps, passed))
            drawn.sort(key=lambda entry: entry[0])
            # 示范企业编号: QSE-<zone number>-001 …, per zone in the order granted.
            grants = sorted((ts, i) for i, (_c, steps, _p) in enumerate(drawn)
                            for name, ts in steps if name == "grant")  # fmt: skip
            numbers = {i: f"QSE-{zone_number}-{seq:03d}" for seq, (_t, i) in enumerate(grants, 1)}
            if grants:
                self.enterprise_sequences[f"demonstration:enterprise:{zone_number}"] = len(grants)
            titled = zone_events = 0
            for i, (created, steps, passed) in enumerate(drawn):
                eid = self._take(ZoneEnterprise)
                code = credit_code(bureau.code, code_n)
                code_n += 1
                firm = ZONE_FIRM_KINDS[int(r() * len(ZONE_FIRM_KINDS))]
                name_text = f"{place}{syll()}{firm}有限公司"
                product_text = "、".join(rng.sample(products, 2))
                state = E.PROPOSED
                admitted = admitted_by = exited = exited_by = granted = number = N
                assessment, conclusion, exit_reason, withdrawal = N, "", "", ""
                lost = malice = None
                for name, ts in steps:
                    to_state = ENTERPRISE_TARGETS[name]
                    reason = comment = ""
                    data = empty
                    actor = clerk
                    if name == "admit":
                        admitted, admitted_by = ts, clerk
                    elif name == "decline":
                        options = ENTERPRISE_TEXT["decline"]
                        reason = options[int(r() * len(options))]
                    elif name == "nominate":
                        actor = government
                    elif name == "assess":
                        actor, assessment = assessor, passed
                        comment = conclusion = ENTERPRISE_TEXT[
                            "assess_passed" if passed else "assess_failed"
                        ]
                        data = assessed_data[passed]
                    elif name == "grant":
                        actor, granted, number = assessor, _date(ts), numbers[i]
                        data = J({"number": number, "granted_at": granted.isoformat()})
                    elif name == "refuse_title":
                        actor, reason = assessor, ENTERPRISE_TEXT["refuse_title"]
                        assessment, conclusion = N, ""
                    elif name == "withdraw_title":  # the archive's finding of malice (§六.6)
                        malice = (self._take(ArchiveEvent), ts)
                        reason = withdrawal = EVENT_TEXT["announcement"]
                        data, lost = J({"archive_event": malice[0]}), ts
                    elif name == "end_title":  # by whoever withdrew the zone's title
                        actor, reason, withdrawal = assessor, zone_reason, zone_reason
                        data, lost = ended_data, ts
                    else:  # exit
                        options = ENTERPRISE_TEXT["exit"]
                        reason = exit_reason = options[int(r() * len(options))]
                        exited, exited_by = ts, clerk
                    history.add((eid, name, state, to_state, actor, reason, comment, data, T(ts)))
                    state = to_state
                enterprises.add((
                    eid, zid, name_text, code, product_text, state, government, T(created),
                    T(steps[-1][1] if steps else created), T(admitted) if admitted is not N else N,
                    admitted_by, T(exited) if exited is not N else N, exited_by, exit_reason,
                    assessment, conclusion, number, granted, withdrawal,
                ))  # fmt: skip
                if (
                    granted is not N
                    and granted <= year_end
                    and (exited is N or int(exited) >= year_ends)
                    and (lost is None or int(lost) >= year_ends)
                ):
                    titled += 1

                # The quality archive: the malice that withdrew the title, or now and then an
                # event of another cause (opened after the admission).
                occurred = None
                if malice is not None:
                    vid, malice_at = malice
                    grant_ts = next(ts for name, ts in steps if name == "grant")
                    opened = grant_ts + (malice_at - grant_ts) * (0.2 + 0.3 * r())
                    investigated = opened + (malice_at - opened) * (0.3 + 0.3 * r())
                    classified = investigated + (malice_at - investigated) * (0.3 + 0.4 * r())
                    times = [investigated, classified, malice_at]
                    lo, hi = EVENT_GAPS["close"]
                    closing = malice_at + (lo + r() * (hi - lo)) * DAY
                    if r() < 0.6 and closing < limit:
                        times.append(closing)
                    occurred = add_event(vid, eid, clerk, product_text, opened, times,
                                         Cause.MALICIOUS, True)  # fmt: skip
                elif admitted is not N and r() < ARCHIVE_SHARE:
                    taken = bisect(event_steps, r() * event_steps[-1])
                    gaps = []
                    for name, _f, _t in EVENT_STEPS[:taken]:
                        lo, hi = EVENT_GAPS[name]
                        gaps.append((lo + r() * (hi - lo)) * DAY)
                    start = admitted + min(DAY, (limit - admitted) / 2)
                    space = max(limit - start, 60.0)
                    span = sum(gaps)
                    if span > space * 0.9:
                        shrink = space * (0.3 + 0.6 * r()) / span
                        gaps, span = [g * shrink for g in gaps], span * shrink
                    if taken < len(EVENT_STEPS):  # under way: opened lately
                        opened = limit - span - r() * min(90 * DAY, space - span)
                    else:
                        opened = start + r() * (space - span)
                    times = list(accumulate(gaps, initial=opened))[1:]
                    cause = event_causes[int(r() * len(event_causes))]
                    occurred = add_event(self._take(ArchiveEvent), eid, clerk, product_text,
                                         opened, times, cause, False)  # fmt: skip
                counted = occurred is not None and occurred.year == report_year
                if counted and int(opened) <= reported_at:  # events of the year, when saved
                    zone_events += 1
            counts[zid] = [titled, zone_events]
            for writer in (enterprises, history, events, event_history):
                writer.check()

        # Last year's reports, with the counts as they stood when saved (submitted).
        reports = self.sink.open(ZoneYearReport, self.REPORT_FIELDS)
        for report in self.zone_reports:
            report[4:6] = counts.get(report[0], [0, 0])
            reports.add(tuple(report))
        for writer in (enterprises, history, events, event_history, reports):
            writer.close()

    def _title_numbers(self):
        """The running numbers go on after the generated titles of zones and 示范企业
        (casework.numbering): the sequence rows in one insert, raised where they held less."""
        sequences = NumberSequence.objects.using(self.using)
        wanted = {
            **self.zone_sequences,
            **self.enterprise_sequences,
            **self.pilot_sequences,
            **self.risk_sequences,
            **self.credit_sequences,
        }
        held = {}
        keys = sorted(wanted)
        for k in range(0, len(keys), 500):
            held.update(sequences.filter(key__in=keys[k : k + 500]).values_list("key", "last"))
        sequences.bulk_create(
            NumberSequence(key=key, last=wanted[key]) for key in keys if key not in held
        )
        for key in keys:
            if key in held and held[key] < wanted[key]:
                sequences.filter(key=key).update(last=wanted[key])

    # -- after the load

    def _case_counts(self):
        """The per-bureau, per-state case counts (kept by triggers, which COPY bypasses)."""
        with connections[self.using].cursor() as cursor:
            cursor.execute("DELETE FROM applications_casecount")
            cursor.execute(
                "INSERT INTO applications_casecount (bureau_id, state, n) SELECT bureau_id, "
                "state, COUNT(*) FROM applications_application GROUP BY bureau_id, state"
            )

    def _analyze(self):
        connection = connections[self.using]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not self.fresh:
                # VACUUM also sets the visibility map, so index-only scans work from the start
                # (COPY FREEZE has already set it on a fresh load).
                cursor.execute("VACUUM (ANALYZE)")
            else:
                cursor.execute("ANALYZE")

    def _derived(self):
        """Last year's round through the real services: figures, drafted and submitted
        summaries, the closed round and the rankings of the last two years."""
        from django.utils import timezone

        from regions import services

        last = self.as_of.year - 1
        services.ranking_compute(year=last - 1)
        services.summaries_draft(year=last)
        submitted_at = timezone.make_aware(datetime(last + 1, 1, 3, 10, 0))
        narratives = dict.fromkeys(services.SECTION_KEYS, "本年度工作按计划推进，成效明显。")
        bureaus = [b.pk for b in self.bureaus]
        on_time = bureaus[: len(bureaus) - 2]
        AnnualSummary.objects.filter(year=last, bureau_id__in=on_time).update(
            status=AnnualSummary.Status.SUBMITTED,
            narratives=narratives,
            next_year_plan="继续做好生态原产地产品保护工作。",
            submitted_at=submitted_at,
        )
        services.round_close(year=last)
        services.ranking_compute(year=last)
        services.figures_refresh(year=self.as_of.year)

    def _marker(self):
        AuditEntry.objects.using(self.using).create(
            actor=None,
            action=AuditEntry.Action.CREATE,
            object_type=MARKER_TYPE,
            object_id=MARKER_ID,
            object_repr=f"national data set, scale {self.scale}",
            changes={
                "scale": self.scale,
                "seed": self.seed,
                "as_of": self.as_of.isoformat(),
                "counts": self.counts,
                "seconds": {k: round(v, 2) for k, v in self.phases.items()},
            },
            source="generate_national",
        )


# ---------------------------------------------------------------- entry points


def existing(using: str = "default") -> dict | None:
    """The marker of a generated data set in this database (scale, seed, counts), if any."""
    entry = (
        AuditEntry.objects.using(using)
        .filter(object_type=MARKER_TYPE, object_id=MARKER_ID)
        .order_by("-pk")
        .first()
    )
    return entry.changes if entry else None


# Reference data shipped by the migrations: never wiped.
KEEP = {
    "regions.Bureau", "regions.Zone", "regions.ZoneMembership", "regions.RankingWeighting",
    "applications.ProductCategory", "applications.CertificateNumberRule",
    "applications.MaterialRequirement",  # the shipped checklist of §6 (a data migration)
    "casework.WorkingDayOverride",
    # HQ's settings of seed 004 (data migrations of risk): the standard, catalogue, time limits.
    "risk.WarningStandard", "risk.MeasureCatalogueEntry", "risk.RiskSettings",
    "credit.CreditRule",  # rule version 1 (a data migration of credit)
    "cooperation.Unit", "cooperation.Task",  # seed 003's units and 42 tasks (a data migration)
}  # fmt: skip
WIPED_APPS = {
    "accounts", "applications", "regions", "supervision", "authtoken", "admin", "demonstration",
    "liaison", "experts", "pilotzones", "risk", "monitoring", "credit", "recognition",
    "cooperation", "crossreview", "qualityreports",
    "casework",  # the running numbers of titles (NumberSequence); its calendar is kept
}  # fmt: skip


def _wiped_tables() -> list[str]:
    from django.apps import apps

    tables = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        owner = model._meta.auto_created._meta.label if model._meta.auto_created else label
        app = model._meta.app_label
        if owner in KEEP or label in KEEP:
            continue
        if app in WIPED_APPS or (model._meta.auto_created and owner.split(".")[0] in WIPED_APPS):
            tables.append(model._meta.db_table)
    return sorted(set(tables))


# The HQ departments are shipped by a migration into a table that is wiped: the organisations
# registered later point at the users wiped with them (and PostgreSQL's TRUNCATE … CASCADE empties
# the whole table anyway). They are no data of their own, and are put back after emptying.
SHIPPED_DEPARTMENTS = [code for code, _name in HQ_DEPARTMENTS]


def _has_rows(using: str, tables: list[str]) -> bool:
    shipped = Organisation._meta.db_table
    with connections[using].cursor() as cursor:
        for table in tables:
            if table == shipped:
                continue
            cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # noqa: S608 - model tables
            if cursor.fetchone():
                return True
    organisations = Organisation.objects.using(using)
    return organisations.exclude(code__in=SHIPPED_DEPARTMENTS).exists()


def _empty(using: str, tables: list[str]) -> None:
    """Empty every table of users, enterprises, cases, supervision and reports (keeping the
    organisation and the reference data of the migrations). For a dedicated database only."""
    from django.core.management.color import no_style
    from django.utils import timezone

    connection = connections[using]
    # The shipped HQ departments come back as they were, primary keys included: other
    # databases' copies (a test run's serialized data) name them by key.
    departments = Organisation.objects.using(using).filter(kind=Organisation.Kind.HQ_DEPARTMENT)
    kept = {
        row["code"]: row
        for row in departments.values("pk", "code", "name", "name_en", "created_at")
    }
    # Kept reference rows that name a wiped user (CreditRule.published_by) would go with it
    # (TRUNCATE … CASCADE empties the referencing table, DELETE leaves a dangling key): they are
    # put back unnamed.
    kept_rows = _kept_referencing(using, tables)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(f'"{t}"' for t in tables)
            # Rows written earlier in the caller's transaction leave deferred foreign-key checks
            # pending, and PostgreSQL truncates no table with pending trigger events: check now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default again
        else:
            for model, _rows in kept_rows:
                cursor.execute(f'DELETE FROM "{model._meta.db_table}"')  # noqa: S608 - model tables
            for table in tables:
                cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608 - model tables
    now = timezone.now()  # given: generation switches auto_now_add off (literal_timestamps)
    Organisation.objects.using(using).bulk_create(
        Organisation(
            pk=kept.get(code, {}).get("pk"),
            code=code,
            name=kept.get(code, {}).get("name", name),
            name_en=kept.get(code, {}).get("name_en", HQ_DEPARTMENTS_EN.get(code, "")),
            kind=Organisation.Kind.HQ_DEPARTMENT,
            created_at=kept.get(code, {}).get("created_at", now),
        )
        for code, name in HQ_DEPARTMENTS
    )
    with literal_timestamps():
        for model, rows in kept_rows:
            model._base_manager.using(using).bulk_create(rows)
    with connection.cursor() as cursor:
        resets = [Organisation, *(model for model, _rows in kept_rows)]
        for statement in connection.ops.sequence_reset_sql(no_style(), resets):
            cursor.execute(statement)


def _kept_referencing(using: str, tables: list[str]) -> list[tuple[type, list]]:
    """The rows of the kept models with a foreign key into `tables`, those keys emptied."""
    from django.apps import apps

    wiped, out = set(tables), []
    for label in sorted(KEEP):
        model = apps.get_model(label)
        keys = [
            f
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model._meta.db_table in wiped
        ]
        if not keys:
            continue
        if any(not f.null for f in keys):
            raise ValueError(f"{label} keeps rows that must name a wiped row")
        rows = list(model._base_manager.using(using).order_by("pk"))
        for row in rows:
            for f in keys:
                setattr(row, f.attname, None)
        out.append((model, rows))
    return out


def generate(*, scale: float, seed: int = 2026, as_of: date | None = None, using="default",
             reset: bool = False, log=print) -> dict:  # fmt: skip
    """Generate the data set (in one transaction); `reset` first empties the tables it writes
    and those that point at them (users, enterprises, cases, supervision, reports)."""
    from django.utils import timezone

    generator = Generator(
        scale=scale, seed=seed, as_of=as_of or timezone.localdate(), using=using, log=log,
        reset=reset,
    )  # fmt: skip
    return generator.run()

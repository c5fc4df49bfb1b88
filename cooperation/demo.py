"""演示数据 of the cooperation's 年度行动计划 (seed 003 §四.(一)) for the current year: 北京局's plan
approved and under way (one milestone completed, one overdue, one ahead), 天津市市场和质量监督管理
委员会's submitted and waiting for HQ, 河北省质量技术监督局's returned with a reason, 标准委's a draft.
Written through the services as the demo accounts, so history and the to-do are what the portal
would have written. Idempotent: a unit's plan of the year that exists is kept."""

from datetime import date

from django.utils import timezone

from accounts.models import User

from . import selectors, services

# (account, outline, milestones as (task, title, due month, day, progress reports as
# (percent, text, completed month/day or None)), the steps after drafting as (actor, step, reason))
PLANS = [
    (
        "bureau-beijing",
        "牵头落实京津冀三地检验检疫一体化任务，推进执法协作和通关便利。",
        [
            (
                13,
                "签订三地执法协作备忘录，建立案件移送机制",
                6,
                30,
                [(100, "备忘录已签署。", (6, 20))],
            ),
            (
                14,
                "组织一次三地执法案件互查互评",
                9,
                30,
                [(30, "已确定评查标准。", None), (60, "已完成两地案卷交换。", None)],
            ),
            (
                23,
                "京津冀通关一体化申报试点覆盖本关区主要口岸",
                12,
                20,
                [(20, "已在首都机场口岸试点。", None)],
            ),
        ],
        [("bureau-beijing", "submit", ""), ("hq", "approve", "")],
    ),
    (
        "zj-tianjin",
        "推进计量、标准和质量状况分析报告等质量基础合作。",
        [
            (6, "三地产品质量监督抽查结果互认试点", 10, 31, []),
            (19, "报送本市年度质量状况分析报告并与京冀互通", 12, 31, []),
        ],
        [("zj-tianjin", "submit", "")],
    ),
    (
        "zj-hebei",
        "落实监督抽查结果互认和特种设备安全协作。",
        [(11, "特种设备事故应急联动演练", 8, 31, [])],
        [
            ("zj-hebei", "submit", ""),
            ("hq", "return", "节点过少，请补充监督抽查互认和质量状况分析的安排。"),
        ],
    ),
    (
        "hq-biaozhunwei",
        "牵头京津冀区域协同地方标准制定。",
        [(1, "发布第一批京津冀区域协同地方标准目录", 11, 30, [])],
        [],
    ),
]


def seed_action_plans() -> int:
    """Returns how many plans were written now."""
    today = timezone.localdate()
    year = today.year
    written = 0
    for username, outline, milestones, steps in PLANS:
        actor = User.objects.filter(username=username).first()
        if actor is None or selectors.own_plan(user=actor, year=year) is not None:
            continue
        plan = services.plan_create(actor=actor, year=year, summary=outline)
        added = []
        for number, title, month, day, reports in milestones:
            milestone = services.milestone_add(
                plan=plan, actor=actor, task=number, title=title, due_date=date(year, month, day)
            )
            added.append((milestone, reports))
        for step_actor, step, reason in steps:
            plan = services.plan_transition(
                plan=plan,
                name=step,
                actor=User.objects.get(username=step_actor),
                reason=reason,
            )
        for milestone, reports in added:
            for percent, text, completed in reports:
                completed_on = min(date(year, *completed), today) if completed else None
                services.progress_report(
                    milestone=milestone,
                    actor=actor,
                    percent=percent,
                    text=text,
                    completed_on=completed_on,
                )
        written += 1
    return written

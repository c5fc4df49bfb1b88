"""演示数据 of supervision: inspector-1…10 in the pool (specialities spread over categories), and
挂牌督办 and 约谈 (seed 000 §18) of 北京局 and 重庆局, with one item HQ put on 北京局."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Role, User
from applications.models import ProductCategory
from regions.models import BureauDepartment

from . import services
from .models import KeyWorkItem, PoolMember


def seed_pool() -> None:
    categories = list(ProductCategory.objects.filter(is_active=True).order_by("pk"))
    inspectors = User.objects.filter(role=Role.INSPECTOR, username__startswith="inspector-")
    for number, user in enumerate(inspectors.order_by("pk"), start=1):
        member, _created = PoolMember.objects.get_or_create(
            user=user,
            defaults={"bureau_id": user.bureau_id, "kind": PoolMember.Kind.INSPECTOR},
        )
        member.specialities.set(categories[number % len(categories) :][:3])


def seed_key_work() -> None:
    """Through the services, once (after regions.demo.seed_departments): 北京局's item reported
    to HQ with progress, 重庆局's item whose lag led to an interview, reported, and an HQ item
    (总局交办) on 北京局 still waiting for progress."""
    if KeyWorkItem.objects.exists():
        return
    today = timezone.localdate()
    beijing = User.objects.get(username="bureau-beijing")
    chongqing = User.objects.get(username="bureau-chongqing")
    hq = User.objects.filter(role=Role.HQ).order_by("pk").first()

    def department(user: User, name: str) -> BureauDepartment:
        return BureauDepartment.objects.get(bureau_id=user.bureau_id, name=name)

    zero = services.key_work_open(
        actor=beijing,
        title="培育辖区首批生态原产地保护产品",
        description="走访辖区茶叶、杂粮企业，对有意申报的企业实行一对一指导。",
        department=department(beijing, "通关处"),
        responsible_person="张明（通关处处长）",
        deadline=today + timedelta(days=90),
    )
    services.key_work_report(item=zero, actor=beijing)
    services.key_work_progress_report(
        item=zero, actor=beijing, text="已走访 3 家企业，2 家开始准备申报材料。"
    )
    complaints = services.key_work_open(
        actor=chongqing,
        title="投诉举报限期办结",
        description="积压的投诉举报在完成时限内全部办结。",
        department=department(chongqing, "检验监管处"),
        responsible_person="李华（检验监管处处长）",
        deadline=today + timedelta(days=20),
    )
    services.key_work_report(item=complaints, actor=chongqing)
    interview = services.interview_record(
        actor=chongqing,
        department=department(chongqing, "检验监管处"),
        department_head="李华（检验监管处处长）",
        interviewer="王强（副局长）",
        held_on=today,
        item=complaints,
        lagging_work="投诉举报办理进展缓慢，两件超过办理时限。",
        guidance="明确专人办理，每周报告进度；超期件本月内办结并说明原因。",
    )
    services.interview_report(interview=interview, actor=chongqing)
    if hq is not None:
        services.key_work_open(
            actor=hq,
            bureau=beijing.bureau,
            title="年度工作总结按时报送",
            department=department(beijing, "检验监管处"),
            responsible_person="赵敏（检验监管处副处长）",
            deadline=today + timedelta(days=30),
        )


def seed_outcomes() -> None:
    """整改 and 跟进检查 (ADR 0021), through the services, once: on protected demo products,
    complaints closed by their bureau with 已责令整改 (one rectification open, one past its
    deadline) and with 转入检查 (one follow-up inspection to record)."""
    from applications.models import Application
    from applications.workflow import State
    from casework.deadlines import add_working_days

    from .models import Complaint, FollowUpInspection, Rectification

    if Rectification.objects.exists() or FollowUpInspection.objects.exists():
        return
    cases = list(
        Application.objects.filter(state=State.PROTECTED)
        .select_related("bureau")
        .order_by("pk")[:3]
    )
    if not cases:
        return
    today = timezone.localdate()
    texts = [
        ("产品外包装使用的生态原产地保护标志尺寸、颜色与规定不符。", "责令规范标志使用。"),
        ("网店宣传中将未获保护的同类产品称为生态原产地保护产品。", "责令删除不实宣传。"),
        ("举报该企业原料部分来自保护地域以外。", "转入检查，现场核查原料来源。"),
    ]
    outcomes = [
        Complaint.Outcome.RESOLVED,
        Complaint.Outcome.RESOLVED,
        Complaint.Outcome.INSPECTION,
    ]
    for number, (case, (content, resolution), outcome) in enumerate(
        zip([cases[n % len(cases)] for n in range(3)], texts, outcomes, strict=True), start=1
    ):
        clerk = User.objects.get(username=f"bureau-{case.bureau.code}")
        complaint = Complaint.objects.create(
            tracking_code=f"DEMOOUTCOME{number}",
            certificate_number="",
            product_text=case.product_name,
            application=case,
            bureau=case.bureau,
            content=content,
            due_date=add_working_days(today, 15),
        )
        services.complaint_handle(
            complaint=complaint,
            actor=clerk,
            outcome=outcome,
            resolution=resolution,
            requirements="对照保护证书核定的范围整改，并提交整改前后的照片。"
            if outcome == Complaint.Outcome.RESOLVED
            else "",
        )
    # The second was ordered a month ago and its deadline has passed without a report: the
    # demo's overdue rectification (the service only takes deadlines after today).
    overdue = Rectification.objects.order_by("pk")[1]
    Rectification.objects.filter(pk=overdue.pk).update(
        deadline=today - timedelta(days=3), opened_at=timezone.now() - timedelta(days=30)
    )


def _zone_plan(*, zone_code: str, lead: str, name: str, days_after_lottery: int | None, **fields):
    """A zone plan named `name` by the lead bureau's demo account, once (None if it exists or its
    zone or lead is missing), declaring the next lottery draw; its inspection date 21 days from
    today, or `days_after_lottery` days after the draw."""
    from casework import beacon
    from regions.models import Zone

    from .models import InspectionPlan

    zone = Zone.objects.filter(code=zone_code).first()
    actor = User.objects.filter(username=lead).first()
    if zone is None or actor is None or InspectionPlan.objects.filter(name=name).exists():
        return None
    today = timezone.localdate()
    day, source = min((beacon.next_draw_day(key, after=today), key) for key in beacon.SOURCES)
    planned = (
        today + timedelta(days=21)
        if days_after_lottery is None
        else day + timedelta(days=days_after_lottery)
    )
    return services.plan_create(
        actor=actor,
        name=name,
        planned_date=planned,
        zone=zone,
        beacon_source=source,
        beacon_date=day,
        **fields,
    )


def seed_zone_plan() -> None:
    """片区计划 (ADR 0020), through the services, once: 重庆局, the lead of 西南片区, plans for
    its zone; every member bureau but 西藏局 has consented, so the plan waits for that one
    before it can be drawn (the demo's consent to give, as bureau-xizang)."""
    plan = _zone_plan(
        zone_code="southwest",
        lead="bureau-chongqing",
        name="西南片区生态原产地保护产品联合抽查",
        days_after_lottery=None,
        sample_size=6,
        team_size=2,
    )
    if plan is None:
        return
    for bureau in services.consent_bureaus(plan):
        if bureau.code == "xizang":
            continue
        member = User.objects.filter(username=f"bureau-{bureau.code}").first()
        if member is not None:
            services.plan_consent_record(
                plan=plan, actor=member, consent=True, comment="同意，派员配合。"
            )


JOINT_CHECK = "京津冀生态原产地保护产品联动抽查"


def seed_joint_check() -> None:
    """京津冀联动抽查 (seed 003 §三.27, ADR 0037), through the services, once: 北京局, the lead
    of the 京津冀专区, plans a check of the three places with teams of three mixed from the
    three bureaus; 天津局 and 河北局 have consented and the candidate lists are committed, so the
    declared lottery decides the draw (bureau-beijing enters its numbers on its day). After the
    inspection date its results reach every member of the cooperation (/cooperation/joint-checks/)."""
    plan = _zone_plan(
        zone_code="jingjinji",
        lead="bureau-beijing",
        name=JOINT_CHECK,
        days_after_lottery=7,
        sample_size=3,
        team_size=3,
        exclude_own_bureau=False,
    )
    if plan is None:
        return
    for code in ("tianjin", "hebei"):
        member = User.objects.filter(username=f"bureau-{code}").first()
        if member is not None:
            services.plan_consent_record(
                plan=plan, actor=member, consent=True, comment="同意，派员参加联动抽查。"
            )
    if not services.consents_missing(plan):
        services.plan_draw(plan_id=plan.pk, actor=plan.created_by)

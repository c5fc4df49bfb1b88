"""演示数据 of supervision: inspector-1…8 in the pool (specialities spread over categories), and
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
    for number in range(1, 9):
        user = User.objects.get(username=f"inspector-{number}")
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

"""演示数据 of 风险预警与快速反应 (seed 004), walked through the services by the demo accounts
(hq, bureau-<code>, expert-1, expert-2, ent-beijing, agency-1) so history, numbers and
notifications are what the portal itself writes:

- signals from several channels: 重庆局's media report on 绿茶 assessed by the two committee
  members with accounts and concluded (Ⅱ级, a failed product published with advice), a duplicate
  merged into it, a laboratory's report in assessment with one opinion in, an enterprise's own
  report awaiting study, a public complaint turned into a signal, and one dismissed;
- a warning of each grade: HQ's Ⅰ级 national warning (some bureaus acknowledged), HQ's Ⅱ级 warning
  for 西南片区 from the 绿茶 assessment naming 重庆武陵山生态茶业, with a recall part done, a
  traceability investigation completed and evaluated, tightened supervision overdue and
  escalated, and suspended sales assigned; 重庆局's Ⅲ级 warning raised from Ⅳ; 北京局's Ⅳ级 warning
  lifted, its measure lifted with it;
- 京津冀 public-health emergencies (seed 003 §三.30): 天津局's notified in time, 河北局's not
  notified within six hours and escalated to HQ.

Idempotent: nothing is written when the demo's first signal exists."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from regions.models import Bureau, Zone
from supervision.models import Complaint

from . import services
from .models import EmergencyReport, ResponseMeasure, RiskSignal
from .workflow import Conclusion, Grade, MeasureKind, Scope

FIRST_SOURCE = "农民日报 2026-10-12《部分绿茶农药残留超标》"
TEA = "重庆武陵山生态茶业有限公司"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _bureau(code: str) -> int:
    return Bureau.objects.get(code=code).pk


def _signals(hq, chongqing, beijing, experts) -> RiskSignal:
    tea = services.signal_report(
        actor=chongqing,
        channel="media",
        source=FIRST_SOURCE,
        product="绿茶",
        enterprise_name=TEA,
        enterprise_uscc=_user("ent-chongqing").enterprise.uscc,
        place="重庆市秀山县",
        description="报道称部分批次绿茶检出联苯菊酯超出限量。",
        evidence="报道原文及两批次自检报告。",
    )
    tea = services.signal_transition(
        signal=tea, name="open_assessment", actor=chongqing, experts=[e.pk for e in experts]
    )
    for expert, grade in zip(experts, (Conclusion.II, Conclusion.III), strict=True):
        services.opinion_record(
            signal=tea,
            actor=expert.account,
            suggested_grade=grade,
            opinion="联苯菊酯超出限量 2 倍，涉及出口批次，建议发布预警并召回。",
        )
    tea = services.signal_transition(
        signal=tea,
        name="conclude",
        actor=chongqing,
        conclusion=Conclusion.II,
        finding="两批次超标属实，风险波及西南片区的出口茶叶，评定为Ⅱ级风险。",
        failed_product=True,
        consumer_advice="请勿购买、饮用批号 WL2026-09、WL2026-10 的绿茶；已购买的可联系企业退货。",
    )
    duplicate = services.signal_report(
        actor=chongqing,
        channel="media",
        source="重庆晨报 2026-10-13",
        product="绿茶",
        enterprise_name=TEA,
        place="重庆市秀山县",
        description="转载同一报道。",
    )
    services.signal_transition(
        signal=duplicate, name="merge", actor=chongqing, reason="同一报道的转载。", into=tea.number
    )
    lab = services.signal_report(
        actor=_user("agency-1"),
        channel="laboratory",
        source="中国检验认证集团测试技术公司 检测报告 CCIC-2026-1187",
        product="小米",
        place="北京市门头沟区",
        description="送检小米黄曲霉毒素 B1 接近限量。",
        bureau=_bureau("beijing"),
    )
    lab = services.signal_transition(
        signal=lab, name="open_assessment", actor=beijing, experts=[e.pk for e in experts]
    )
    services.opinion_record(
        signal=lab,
        actor=experts[0].account,
        suggested_grade=Conclusion.IV,
        opinion="接近限量但未超标，建议加强监测。",
    )
    services.signal_report(
        actor=_user("ent-beijing"),
        channel="producer",
        source="企业出厂检验",
        product="杂粮礼盒",
        enterprise_name="北京京西生态农业有限公司",
        enterprise_uscc=_user("ent-beijing").enterprise.uscc,
        place="北京市门头沟区",
        description="一批包装密封不良，可能受潮，已暂停发货，现报告。",
    )
    complaint = Complaint.objects.filter(risk_signal__isnull=True).order_by("pk").first()
    if complaint is not None:
        services.signal_from_complaint(
            complaint=complaint, actor=_user(f"bureau-{complaint.bureau.code}")
        )
    rumour = services.signal_report(
        actor=hq,
        channel="media",
        source="某短视频平台",
        product="枸杞",
        place="青海省",
        description="短视频称枸杞普遍染色。",
        bureau=_bureau("qinghai"),
    )
    services.signal_transition(
        signal=rumour, name="dismiss", actor=hq, reason="经核查为旧闻翻炒，无新的风险信息。"
    )
    return tea


def _warnings(hq, chongqing, beijing, tea: RiskSignal) -> None:
    national = services.warning_create(
        actor=hq,
        title="进口婴幼儿配方乳粉阪崎肠杆菌风险预警",
        grade=Grade.I,
        scope=Scope.NATIONAL,
        products="进口婴幼儿配方乳粉",
        description="境外通报某品牌两批次产品检出阪崎肠杆菌。",
        consumer_advice="请立即停止食用相关批次产品。",
    )
    national = services.warning_transition(warning=national, name="issue", actor=hq)
    for code in ("beijing", "chongqing", "qinghai"):
        row = national.notifications.get(bureau__code=code)
        services.notification_acknowledge(notification=row, actor=_user(f"bureau-{code}"))

    uscc = _user("ent-chongqing").enterprise.uscc
    zone = services.warning_create(
        actor=hq,
        title="绿茶联苯菊酯超标风险预警",
        grade=Grade.II,
        scope=Scope.ZONE,
        scope_zone=Zone.objects.get(code="southwest").pk,
        products="绿茶",
        description=tea.finding,
        consumer_advice=tea.consumer_advice,
        signal=tea.pk,
        targets=[{"name": TEA, "uscc": uscc}],
    )
    zone = services.warning_transition(warning=zone, name="issue", actor=hq)
    services.notification_acknowledge(
        notification=zone.notifications.get(bureau__code="chongqing"), actor=chongqing
    )
    target = {"enterprise_name": TEA, "enterprise_uscc": uscc}
    recall = services.measure_assign(
        warning=zone,
        actor=hq,
        kind=MeasureKind.RECALL,
        description="责令企业召回批号 WL2026-09、WL2026-10 的绿茶。",
        responsible_bureau=_bureau("chongqing"),
        quantity_concerned="5000",
        quantity_unit="千克",
        **target,
    )
    services.measure_transition(measure=recall, name="start", actor=chongqing)
    services.measure_progress_report(
        measure=recall, actor=chongqing, text="已召回经销商库存。", quantity_recalled="3200"
    )
    trace = services.measure_assign(
        warning=zone,
        actor=hq,
        kind=MeasureKind.TRACE,
        description="追溯农药来源及出口流向。",
        responsible_bureau=_bureau("chongqing"),
        **target,
    )
    services.measure_transition(
        measure=trace, name="complete", actor=chongqing, result="查明为个别茶园违规用药。"
    )
    services.measure_transition(
        measure=trace, name="evaluate", actor=hq, effect="partly", evaluation="来源已查清。"
    )
    tighten = services.measure_assign(
        warning=zone,
        actor=hq,
        kind=MeasureKind.TIGHTEN,
        description="对西南片区出口绿茶提高抽批比例至 30%。",
        responsible_bureau=_bureau("sichuan"),
    )
    # Assigned weeks ago (the demo's own past): its deadline has passed, the sweep escalates it.
    ResponseMeasure.objects.filter(pk=tighten.pk).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    services.measures_escalate_overdue()
    services.measure_assign(
        warning=zone,
        actor=hq,
        kind=MeasureKind.SUSPEND_SALES,
        description="暂停相关批次绿茶的销售。",
        responsible_bureau=_bureau("chongqing"),
        **target,
    )

    local = services.warning_create(
        actor=chongqing,
        title="秀山县茶园农药使用风险提示",
        grade=Grade.IV,
        scope=Scope.BUREAU,
        products="绿茶、红茶",
        description="秀山县部分茶园存在违规用药隐患。",
    )
    local = services.warning_transition(warning=local, name="issue", actor=chongqing)
    services.warning_transition(
        warning=local,
        name="raise_grade",
        actor=chongqing,
        grade=Grade.III,
        reason="抽检发现两批次超标，风险上升。",
    )

    lifted = services.warning_create(
        actor=beijing,
        title="杂粮受潮霉变风险提示",
        grade=Grade.IV,
        scope=Scope.BUREAU,
        products="小米、杂粮",
        description="雨季仓储受潮。",
    )
    lifted = services.warning_transition(warning=lifted, name="issue", actor=beijing)
    services.measure_assign(
        warning=lifted,
        actor=beijing,
        kind=MeasureKind.TIGHTEN,
        description="加强仓储检查。",
        responsible_bureau=_bureau("beijing"),
    )
    services.warning_transition(
        warning=lifted, name="lift", actor=beijing, reason="雨季结束，抽查未见霉变。"
    )


EMERGENCY_IN_TIME = "天津国际邮轮母港入境邮轮发现聚集性发热病例"
EMERGENCY_LATE = "河北某口岸入境旅行团群体性腹泻"


def seed_emergencies() -> int:
    """京津冀突发公共卫生事件通报 (seed 003 §三.30), as of now: 天津局's emergency notified to 北京局
    and 河北局 within the six hours (北京局 has confirmed receipt, 河北局 not yet), and 河北局's
    left past the six hours and put before HQ by the sweep. Written once; returns how many."""
    if EmergencyReport.objects.filter(title=EMERGENCY_IN_TIME).exists():
        return 0
    now = timezone.now()
    tianjin, hebei = _user("bureau-tianjin"), _user("bureau-hebei")
    with transaction.atomic():
        in_time = services.emergency_record(
            actor=tianjin,
            title=EMERGENCY_IN_TIME,
            description="入境邮轮“海洋之星”号报告 12 名旅客发热伴咳嗽，已在船上隔离并采样送检。",
            location="天津国际邮轮母港",
            occurred_at=now - timedelta(hours=4),
            learnt_at=now - timedelta(hours=3, minutes=30),
        )
        services.emergency_transition(
            report=in_time,
            name="notify",
            actor=tianjin,
            handling="已启动口岸突发公共卫生事件应急预案，病例转送定点医院，密切接触者就地医学观察，"
            "船舶实施终末消毒。",
        )
        services.emergency_acknowledge(
            acknowledgement=in_time.acknowledgements.get(bureau__code="beijing"),
            actor=_user("bureau-beijing"),
        )
        services.emergency_record(
            actor=hebei,
            title=EMERGENCY_LATE,
            description="入境旅行团 23 人中 9 人出现腹泻、呕吐，疑为食源性疾病。",
            location="河北省秦皇岛市",
            occurred_at=now - timedelta(hours=9),
            learnt_at=now - timedelta(hours=8),
        )
        services.emergencies_escalate_overdue()
    return 2


def seed_risk() -> int:
    """Writes the demo's signals, warnings and measures once, and the 京津冀 emergencies;
    returns how many signals."""
    seed_emergencies()
    if RiskSignal.objects.filter(source=FIRST_SOURCE).exists():
        return 0
    from experts.models import Expert

    experts = list(
        Expert.objects.filter(
            status=Expert.Status.ADMITTED, account__username__in=("expert-1", "expert-2")
        ).order_by("account__username")
    )
    with transaction.atomic():
        hq, chongqing, beijing = _user("hq"), _user("bureau-chongqing"), _user("bureau-beijing")
        tea = _signals(hq, chongqing, beijing, experts)
        _warnings(hq, chongqing, beijing, tea)
    return RiskSignal.objects.count()

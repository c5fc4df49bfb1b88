"""演示数据 of HQ's tasks and the bureaus' reports, in several states: a zone's task in progress
(西南片区, 重庆 organising), a task to three bureaus (one completion awaiting HQ, one accepted,
one not begun), an overdue task; reports of each kind, submitted and read and replied, unread,
and a draft. Written through the services by the demo accounts. Idempotent."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from regions.models import Bureau, Zone

from . import services
from .models import Report, Task

FIRST_TITLE = "组织编制片区生态原产地保护产品资源清单"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _user(code: str) -> User:
    return User.objects.get(username=f"bureau-{code}")


def seed_liaison() -> int:
    """The demo's tasks and reports; returns how many tasks were written (0 on a re-run)."""
    if Task.objects.filter(title=FIRST_TITLE).exists():
        return 0
    hq = User.objects.get(username="hq")
    today = timezone.localdate()
    codes = ["tianjin", "shanghai", "fujian", "beijing", "jiangsu"]
    bureaus = {b.code: b for b in Bureau.objects.filter(code__in=codes)}

    zone_task = services.task_assign(
        actor=hq,
        title=FIRST_TITLE,
        requirements="摸清片区内可申报生态原产地保护的产品资源，形成清单（产品、企业、所在地、"
        "申报意向），由牵头单位汇总报通关司。",
        due_date=today + timedelta(days=30),
        zones=[Zone.objects.get(code="southwest")],
    )
    services.assignment_report(
        assignment=zone_task.assignments.get(),
        actor=_user("chongqing"),
        kind="progress",
        text="已召开片区工作会议，布置各成员单位摸底，重庆、四川两局已报送初步清单。",
        files=[_pdf("西南片区资源清单（初稿）.pdf")],
    )

    ftz_task = services.task_assign(
        actor=hq,
        title="报送自贸试验区生态原产地保护产品通关便利化措施",
        requirements="结合自贸试验区改革创新，总结为生态原产地保护产品通关提供的便利化措施。",
        due_date=today + timedelta(days=15),
        bureaus=[bureaus["tianjin"], bureaus["shanghai"], bureaus["fujian"]],
    )
    for code, accept in (("tianjin", False), ("shanghai", True)):
        assignment = ftz_task.assignments.get(bureau__code=code)
        services.assignment_report(
            assignment=assignment,
            actor=_user(code),
            kind="completion",
            text="已梳理通关便利化措施六项，详见附件。",
            files=[_pdf("通关便利化措施.pdf")],
        )
        if accept:
            services.assignment_accept(assignment=assignment, actor=hq, note="措施具体，予以采纳。")

    late_task = services.task_assign(
        actor=hq,
        title="总结“一带一路”沿线展会推介生态原产地保护产品情况",
        requirements="总结本年度在“一带一路”沿线国家展会上推介辖区保护产品的情况。",
        due_date=today,
        bureaus=[bureaus["beijing"], bureaus["jiangsu"]],
    )
    services.assignment_report(
        assignment=late_task.assignments.get(bureau__code="beijing"),
        actor=_user("beijing"),
        kind="progress",
        text="已收集三个展会的推介材料，正在汇总。",
    )
    # Its time limit passed ten days ago: HQ's dashboard flags it (北京局 and 江苏局).
    Task.objects.filter(pk=late_task.pk).update(due_date=today - timedelta(days=10))

    reports = [
        ("beijing", Report.Kind.CLUE, "京西某企业产品包装标注产地与证书不符的线索",
         "监督检查中发现，某获证企业部分批次产品包装标注的原产地与证书载明的产地不一致，"
         "已责令企业说明情况，现将线索报通关司。", "已阅。请依法核查，核查结果报通关司。"),
        ("zhejiang", Report.Kind.LOCAL_POLICY, "浙江省人民政府关于支持生态原产地产品保护的意见",
         "省政府印发意见，对获得生态原产地保护的企业给予一次性奖励，并纳入省级品牌培育计划。", ""),
        ("jiangsu", Report.Kind.GOING_GLOBAL, "宜兴紫砂生态原产地保护产品出口欧盟的经验",
         "辖区企业借助生态原产地保护标志开拓欧盟市场，出口额同比增长三成，现总结经验如下。", None),
        ("chongqing", Report.Kind.SPECIAL, "西南片区生态原产地保护工作成效专报",
         "本年度片区新增保护产品十二个，组织宣讲八场。", False),
    ]  # fmt: skip
    for code, kind, title, body, reply in reports:
        actor = _user(code)
        report = services.report_create(
            actor=actor,
            kind=kind,
            title=title,
            body=body,
            files=[_pdf("报送材料.pdf")] if kind == Report.Kind.CLUE else [],
        )
        if reply is False:
            continue  # a draft: HQ does not see it
        report = services.report_submit(report=report, actor=actor)
        if reply is None:
            continue  # submitted, not read yet
        services.report_mark_read(report=report, actor=hq)
        if reply:
            services.report_reply(report=report, actor=hq, text=reply)
    return 3

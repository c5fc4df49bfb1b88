"""演示案件: filed plans for the demo agencies and cases of the demo enterprises in a spread of
states, all made through the real services so they carry their history, notices and PDFs."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from experts.selectors import roster

from . import documents, materials
from .models import Application, Enterprise, EvaluationPlan, ProductCategory
from .services import case_guidance_share, case_transition, evaluation_feedback_record

# The path from 草稿 to each state: (who, transition, body) — who is "enterprise", "bureau",
# "hq" or "agency".
PATH = [
    ("enterprise", "submit", {}),
    ("bureau", "accept", {}),
    ("bureau", "pre_evaluate", {"comment": "材料齐全，现场核查符合要求。"}),
    ("bureau", "recommend", {}),
    ("hq", "approve", {}),
    ("enterprise", "choose_agency", {}),
    ("agency", "evaluate", {"score": 88, "report": "各项指标符合评定方案要求。"}),
    ("hq", "certify", {}),
]
STOP_AFTER = {
    "draft": 0,
    "draft_shared": 0,  # a draft its enterprise shared with its bureau for 一对一指导 (seed §6)
    "submitted": 1,
    "accepted": 2,
    "pre_evaluated": 3,
    "recommended": 4,
    "approved": 5,
    "evaluating": 6,
    "evaluated": 7,
    "protected": 8,
}

# 合格分数线 of the demo evaluation plans (the demo evaluations score 88).
DEMO_PASS_MARK = 80

# (enterprise uscc, product, category code, origin, final state, agency username)
CASES = [
    ("91110108MA01ABCD1E", "京西白茶", "tea", "北京市门头沟区妙峰山镇", "protected", "agency-1"),
    (
        "91110108MA01ABCD1E",
        "妙峰山玫瑰",
        "forestry",
        "北京市门头沟区妙峰山镇",
        "suspended",
        "agency-2",
    ),
    (
        "91110108MA01ABCD1E",
        "京西小米",
        "grain_oil",
        "北京市门头沟区斋堂镇",
        "evaluating",
        "agency-1",
    ),
    ("91110108MA01ABCD1E", "门头沟核桃", "fruit_veg", "北京市门头沟区清水镇", "returned", ""),
    ("91110108MA01ABCD1E", "京西蜂蜜", "livestock", "北京市门头沟区雁翅镇", "draft", ""),
    ("91500103MA5U7KQ308", "武陵山绿茶", "tea", "重庆市南川区大观镇", "protected", "agency-2"),
    ("91500103MA5U7KQ308", "金佛山方竹笋", "forestry", "重庆市南川区金山镇", "revoked", "agency-1"),
    ("91500103MA5U7KQ308", "南川米", "grain_oil", "重庆市南川区三泉镇", "recommended", ""),
    ("91500103MA5U7KQ308", "大观黑猪", "livestock", "重庆市南川区大观镇", "submitted", ""),
    ("91500103MA5U7KQ308", "金佛山杜仲", "herbal", "重庆市南川区头渡镇", "approved", ""),
    ("91500103MA5U7KQ308", "南川方竹笋干", "forestry", "重庆市南川区金山镇", "draft_shared", ""),
    ("91500103MA5U7KQ308", "南川古树茶", "tea", "重庆市南川区德隆镇", "evaluated", "agency-2"),
]


def seed_plans() -> None:
    """agency-1 and agency-2 have filed plans for every category (pass threshold 80)."""
    today = timezone.localdate()
    for username in ("agency-1", "agency-2"):
        agency = User.objects.get(username=username).agency
        for category in ProductCategory.objects.filter(is_active=True):
            EvaluationPlan.objects.get_or_create(
                agency=agency,
                category=category,
                defaults={
                    "title": f"{agency.name}{category.name}评定方案",
                    "pass_threshold": DEMO_PASS_MARK,
                    "valid_from": today.replace(month=1, day=1),
                    "valid_until": today.replace(year=today.year + 3, month=12, day=31),
                },
            )


def seed_cases() -> int:
    """Creates the demo cases once (none is added when the enterprise already has cases)."""
    created = 0
    hq = User.objects.get(username="hq")
    for uscc, product, category, origin, final, agency_username in CASES:
        enterprise = Enterprise.objects.get(uscc=uscc, confirmed_at__isnull=False)
        if Application.objects.filter(enterprise=enterprise, product_name=product).exists():
            continue
        with transaction.atomic():
            _make_case(enterprise, product, category, origin, final, agency_username, hq)
        created += 1
    return created


# The smallest file that is a PDF by its content (casework.documents.sniff).
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attach_materials(case, owner, *, limit=None):
    required = [r for r in materials.requirements_for(case) if r.required][:limit]
    documents.documents_upload_many(
        case=case,
        actor=owner,
        kind="material",
        files=[
            (SimpleUploadedFile(f"{r.name}.pdf", DEMO_PDF, "application/pdf"), r) for r in required
        ],
    )


def _make_case(enterprise, product, category, origin, final, agency_username, hq):
    owner = enterprise.users.first()
    bureau = User.objects.get(username=f"bureau-{enterprise.bureau.code}")
    agency = User.objects.get(username=agency_username) if agency_username else None
    actors = {"enterprise": owner, "bureau": bureau, "hq": hq, "agency": agency}
    case = Application.objects.create(
        enterprise=enterprise,
        bureau=enterprise.bureau,
        category=ProductCategory.objects.get(code=category),
        product_name=product,
        origin_place=origin,
        description=f"{product}产自{origin}，生态环境优良，生产过程全程可追溯。",
    )
    # 申报材料 (seed 000 §6): every required item before submission; a draft has the first two,
    # so its checklist shows what is still missing.
    _attach_materials(case, owner, limit=2 if final.startswith("draft") else None)
    if final == "returned":
        case = case_transition(case=case, name="submit", actor=owner)
        case_transition(
            case=case, name="return", actor=bureau, reason="请补充产地生态环境监测报告。"
        )
        return
    steps = PATH[: STOP_AFTER.get(final, len(PATH))]
    for who, name, body in steps:
        if name == "choose_agency":
            body = {"agency": agency.agency}
        case = case_transition(case=case, name=name, actor=actors[who], **body)
    if final == "suspended":
        case_transition(
            case=case,
            name="suspend",
            actor=hq,
            reason="双随机抽查发现标志使用不规范。",
            deadline=timezone.localdate() + timedelta(days=30),
        )
    elif final == "revoked":
        case_transition(case=case, name="revoke", actor=hq, reason="产品与评定结果严重不一致。")
    elif final == "draft_shared":
        case_guidance_share(
            case=case, actor=owner, note="请指导产地生态环境证明应提供哪些监测数据。"
        )
    elif final == "evaluating":
        _record_evaluation_feedback(case, bureau)


def _record_evaluation_feedback(case, bureau):
    """评定协助与反馈 (seed 000 §8) on the case being evaluated: the bureau's assistance to the
    agency, naming the committee's experts of the category (seed §12), and its feedback to HQ."""
    evaluation_feedback_record(
        case=case,
        actor=bureau,
        kind="assistance",
        text="已向评定机构提供产地生态环境监测资料，并安排专家委员会委员陪同现场核查。",
        experts=list(roster(category=case.category)[:2]),
    )
    evaluation_feedback_record(
        case=case,
        actor=bureau,
        kind="feedback",
        text="评定机构按已备案的评定方案开展现场评定，抽样和检测安排符合方案要求。",
    )

"""演示数据 of the inspection pilot zones (seed 002): the five local governments the seed names
(江西、广西、宁波、贵州、云南: 南昌, 凭祥, 宁波, 贵阳, 昆明) with one account each, and their zones
walked through the case engine by the demo accounts (gov-<city>, bureau-<code>, hq-<department>,
hq), so history, opinions, numbers and notices are what the portal itself would have written:
a draft, a submitted and a returned application, one recommended, one in acceptance with some
opinions in (one objection), one approved, one not approved and one operating (凭祥, run by
operator-guangxi, visited once by 广西局). The operating zone carries innovation measures (one
within the rules running, one beyond them awaiting HQ's approval, one approved and running with
a 成效显著 督查评估), HQ's commendation, and practices (a draft, a submitted one and one in the
library, adopted by 云南局). Idempotent: a zone of that name is kept as it is, and the operating
zone's measures, visit and practices are written once."""

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import ORGANISATION_ROLES, User
from regions.models import Bureau, Organisation

from . import services
from .models import PilotZone
from .workflow import MEMBER_DEPARTMENTS, State

# (code = user name, name, English name, bureau code, level, parent code); parents are shipped
# by regions.demo.
GOVERNMENTS = [
    ("gov-nanchang", "南昌市人民政府", "Nanchang Municipal People's Government", "jiangxi",
     "city", "gov-jiangxi"),
    ("gov-pingxiang", "凭祥市人民政府", "Pingxiang Municipal People's Government", "guangxi",
     "county", "gov-guangxi"),
    ("gov-ningbo", "宁波市人民政府", "Ningbo Municipal People's Government", "ningbo", "city",
     None),
    ("gov-guiyang", "贵阳市人民政府", "Guiyang Municipal People's Government", "guizhou", "city",
     None),
    ("gov-kunming", "昆明市人民政府", "Kunming Municipal People's Government", "yunnan", "city",
     None),
]  # fmt: skip
OPERATOR = "operator-guangxi"  # 广西凭祥国检试验区运营管理有限公司 (regions.demo)


def seed_governments() -> list[User]:
    """The local governments of the pilot zones, registered by their bureau's demo user, with
    one account each; idempotent. Returns the accounts (the caller sets the demo password)."""
    users = []
    for code, name, name_en, bureau_code, level, parent in GOVERNMENTS:
        organisation, _created = Organisation.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": Organisation.Kind.LOCAL_GOVERNMENT,
                "bureau": Bureau.objects.get(code=bureau_code),
                "level": level,
                "parent": Organisation.objects.get(code=parent) if parent else None,
                "created_by": User.objects.get(username=f"bureau-{bureau_code}"),
            },
        )
        user, _created = User.objects.update_or_create(
            username=code,
            defaults={
                "role": ORGANISATION_ROLES[organisation.kind],
                "organisation": organisation,
                "first_name": name,
            },
        )
        users.append(user)
    return users


def plan_pdf(title: str) -> bytes:
    """A small, well-formed one-page PDF standing for a construction plan (建设方案)."""
    text = f"BT /F1 14 Tf 72 770 Td ({title}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _plan(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        f"{name}建设方案.pdf",
        plan_pdf("Construction plan of an inspection pilot zone (demo)"),
        content_type="application/pdf",
    )


RECOMMEND = {
    "recommendation": "该试验区产业基础较好，地方政府组织保障有力，同意推荐。",
    "guidance": "突出进境指定口岸和第三方检验结果采信试点功能，完善信息化监管平台。",
}
ACCEPTANCE = {"arrangement": "总局验收工作组于下月中旬赴现场验收，听取汇报、查看设施、抽查台账。"}
OBJECTION = "卫生检疫查验场地面积不足，传染病疫情防控设施尚未配齐。"
RESPONSE = "已要求地方政府在试运行前配齐卫生检疫设施，由直属局验收后报总局备案。"


def _through_acceptance(opinions: dict[str, str] | None = None) -> list:
    """Submit, recommend, open the acceptance and let the members record their opinions (all
    agree unless `opinions` says otherwise, by department code; None: not yet answered)."""
    opinions = opinions or {}
    steps = [
        ("gov", "submit", {}),
        ("bureau", "recommend", RECOMMEND),
        ("hq-tongguan", "open_acceptance", ACCEPTANCE),
    ]
    for code in MEMBER_DEPARTMENTS:
        verdict = opinions.get(code, "agree")
        if verdict is None:
            continue
        text = OBJECTION if verdict == "object" else "同意验收通过。"
        steps.append((f"hq-{code}", "opinion", {"verdict": verdict, "opinion": text}))
    return steps


# (zone name, government, location, industries, steps: (actor, transition or "opinion", body));
# "gov" and "bureau" stand for the zone's government and its bureau's demo user.
ZONES = [
    (
        "凭祥国检试验区",
        "gov-pingxiang",
        "广西壮族自治区凭祥市综合保税区及友谊关口岸",
        "红木家具、东盟水果、跨境电商",
        [
            *_through_acceptance({"weisheng": "object"}),
            ("hq-tongguan", "approve", {"responses": {"weisheng": RESPONSE}}),
            ("bureau", "start_operation", {}),  # run by OPERATOR
        ],
    ),
    (
        "南昌国检试验区",
        "gov-nanchang",
        "江西省南昌市经济技术开发区",
        "电子信息、生物医药",
        [*_through_acceptance(), ("hq-tongguan", "approve", {})],
    ),
    (
        "宁波国检试验区",
        "gov-ningbo",
        "浙江省宁波市北仑区",
        "大宗商品进口、汽车零部件",
        _through_acceptance(
            {"weisheng": "object", "dongzhi": None, "jianyan": None, "shipin": None}
        ),
    ),
    (
        "贵阳国检试验区",
        "gov-guiyang",
        "贵州省贵阳市综合保税区",
        "大数据电子产品、特色食品",
        [("gov", "submit", {}), ("bureau", "recommend", RECOMMEND)],
    ),
    (
        "昆明国检试验区",
        "gov-kunming",
        "云南省昆明市空港经济区",
        "鲜切花、南亚东南亚农产品",
        [
            *_through_acceptance({"dongzhi": "object"}),
            (
                "hq-tongguan",
                "not_approve",
                {
                    "reason": "进境植物检疫隔离设施不具备条件，暂不予批准。",
                    "responses": {"dongzhi": "同意动植司意见，待隔离设施建成后另行申请。"},
                },
            ),
        ],
    ),
    (
        "宁波梅山国检试验区",
        "gov-ningbo",
        "浙江省宁波市梅山保税港区",
        "进口冷链食品、跨境电商",
        [("gov", "submit", {})],
    ),
    (
        "昆明磨憨国检试验区",
        "gov-kunming",
        "云南省昆明市磨憨镇",
        "中老铁路进出口货物",
        [
            ("gov", "submit", {}),
            ("bureau", "return", {"reason": "请补充预测年检验检疫业务量的测算依据。"}),
        ],
    ),
    ("南昌向塘国检试验区", "gov-nanchang", "江西省南昌市向塘镇", "铁路口岸多式联运", []),
]


def _zone_body(name: str, location: str, industries: str) -> dict:
    return {
        "name": name,
        "location": location,
        "area": "12.50",
        "industries": industries,
        "functions": "进境指定口岸、跨境电商零售进口、第三方检验结果采信试点，"
        "检验检疫一体化监管创新平台。",
        "expected_batches": 12000,
        "expected_value": "85000.00",
        "leading_body": "市政府成立国检试验区建设领导小组，分管副市长任组长，"
        "办公室设在市商务局，建立与直属局的联席会议制度。",
    }


def seed_zones() -> int:
    """The demo pilot zones; returns how many were new."""
    users = {user.username: user for user in User.objects.filter(username__in=_usernames())}
    operator = Organisation.objects.get(code=OPERATOR)
    created = 0
    for name, government, location, industries, steps in ZONES:
        if PilotZone.objects.filter(name=name).exists():
            continue
        applicant = users[government]
        zone = services.zone_create(actor=applicant, **_zone_body(name, location, industries))
        bureau = users[f"bureau-{zone.bureau.code}"]
        if steps:
            services.zone_document_upload(
                zone=zone, actor=applicant, upload=_plan(name), kind="construction_plan"
            )
        for actor_name, action, body in steps:
            actor = {"gov": applicant, "bureau": bureau}.get(actor_name) or users[actor_name]
            if action == "opinion":
                services.acceptance_opinion_record(zone=zone, actor=actor, **body)
                continue
            if action == "start_operation":
                body = {**body, "operator": operator.pk}
            zone = services.zone_transition(zone=zone, name=action, actor=actor, **body)
        created += 1
    seed_measures_and_practices(users)
    return created


PRACTICE_ZONE = "凭祥国检试验区"
# (title, innovation, beyond the rules, rules affected, steps after registering: (actor, name))
MEASURES = [
    (
        "东盟水果“提前申报、抵港直放”通关模式",
        "model",
        False,
        "",
        [("bureau", "start")],
    ),
    (
        "边民互市进口商品第三方检验结果采信",
        "system",
        True,
        "突破《进出口商品检验法实施条例》关于法定检验由检验检疫机构实施的规定；"
        "风险防控：采信机构名录管理、每季度比对抽检、发现问题即停止采信。",
        [("bureau", "report")],
    ),
    (
        "进境红木原木“边检边放、集中检疫处理”",
        "measure",
        True,
        "突破进境木材检疫监管办法关于口岸检疫处理后放行的规定；"
        "风险防控：指定监管场地集中存放、检疫处理前不得加工、全程视频监控。",
        [("bureau", "report"), ("hq-tongguan", "approve"), ("bureau", "start")],
    ),
]
ASSESSMENT = "通关时间由平均 2 天压缩至 4 小时，口岸滞港费用明显下降，未发生疫情疫病传入。"
PRACTICES = [
    # (title, innovation, measures by index, transitions: (actor, name))
    (
        "东盟水果“提前申报、抵港直放”经验",
        "model",
        [0],
        [("bureau", "submit"), ("hq", "accept")],
    ),
    ("进境红木集中检疫处理经验", "measure", [2], [("bureau", "submit")]),
    ("边民互市商品质量安全追溯做法", "system", [], []),
]


def seed_measures_and_practices(users) -> None:
    """The operating demo zone's measures, 督查评估, commendation, its bureau's supervision
    visit (日常监督管理) and practices, once."""
    zone = PilotZone.objects.filter(name=PRACTICE_ZONE, state=State.OPERATING).first()
    if zone is None or zone.measures.exists():
        return
    bureau = users[f"bureau-{zone.bureau.code}"]
    actors = {"bureau": bureau}
    measures = []
    for title, innovation, beyond, affected, steps in MEASURES:
        measure = services.measure_create(
            zone=zone,
            actor=bureau,
            title=title,
            innovation=innovation,
            description=f"{title}：在试验区内先行先试，由辖区直属局组织实施并跟踪评估。",
            beyond_rules=beyond,
            rules_affected=affected,
        )
        for actor, name in steps:
            measure = services.measure_transition(
                measure=measure, name=name, actor=actors.get(actor) or users[actor]
            )
        measures.append(measure)
    marked = [measures[0], measures[2]]
    for measure in marked:
        services.measure_assess(
            measure=measure, actor=users["hq"], effect="marked", findings=ASSESSMENT
        )
    services.commendation_issue(
        zone=zone,
        actor=users["hq"],
        document_number="国质检通函〔2026〕1号",
        citation="凭祥国检试验区创新通关模式和检疫监管方式，督查评估成效显著，予以通报表扬。",
        measures=[measure.pk for measure in marked],
    )
    services.supervision_visit_record(
        zone=zone,
        actor=bureau,
        findings="试验区查验场地、视频监控和信息化平台运行正常，创新措施台账完整。",
        problems="个别进境水果批次检疫处理记录填写不完整。",
        requirements="运营企业一周内补全检疫处理记录，并完善台账填写规范。",
    )
    for title, innovation, chosen, steps in PRACTICES:
        practice = services.practice_create(
            zone=zone,
            actor=bureau,
            title=title,
            innovation=innovation,
            summary=f"{title}：可在沿边口岸复制推广。",
            content="地方政府、直属局和运营企业协同推进，制度化、信息化固化做法。",
            results="口岸通关效率明显提升，企业成本下降，未发生质量安全事件。",
            measures=[measures[k].pk for k in chosen],
        )
        for actor, name in steps:
            practice = services.practice_transition(
                practice=practice, name=name, actor=actors.get(actor) or users[actor]
            )
        if practice.state == "accepted":
            services.practice_adopt(
                practice=practice,
                actor=users["bureau-yunnan"],
                place="云南省河口瑶族自治县河口口岸",
                note="在河口口岸进境东盟水果通关中复制推广，通关时间缩短一半以上。",
            )


def _usernames() -> set[str]:
    names = {"hq", "hq-tongguan", "bureau-yunnan"}
    names.update(f"hq-{code}" for code in MEMBER_DEPARTMENTS)
    names.update(code for code, *_rest in GOVERNMENTS)
    names.update(f"bureau-{bureau}" for _c, _n, _e, bureau, _l, _p in GOVERNMENTS)
    return names

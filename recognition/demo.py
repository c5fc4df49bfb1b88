"""演示数据 of 京津冀审批结果互认 (seed 003): approvals recorded by 天津市市场和质量监督管理委员会
(zj-tianjin), 北京局 (bureau-beijing) and 河北省质量技术监督局 (zj-hebei), one withdrawn by its
granting place, one past its term, one held by the demo enterprise ent-beijing (so that it sees
it). Written through the services as the demo accounts, so history and numbers are what the
portal would have written. Idempotent: a recognition whose document number exists is kept."""

from datetime import date

from accounts.models import User

from . import services
from .models import Recognition

HOLDER_BEIJING = ("北京京西生态农业有限公司", "91110108MA01ABCD1E")  # ent-beijing's enterprise

# (recording account, holder name, holder code, kind, title, scope, document number, valid from,
# valid until, withdrawal reason or "")
RECOGNITIONS = [
    (
        "zj-tianjin",
        "天津滨海精工计量器具有限公司",
        "91120116MA05JJJ01L",
        "licence",
        "计量器具型式批准",
        "电子计价秤（Ⅲ级，最大秤量 30 kg）",
        "津制量〔2026〕0012号",
        date(2026, 3, 1),
        date(2031, 2, 28),
        "",
    ),
    (
        "zj-tianjin",
        "天津海河食品包装有限公司",
        "91120102MA06JJJ021",
        "licence",
        "工业产品生产许可证",
        "食品用塑料包装容器工具",
        "(津)XK16-204-00321",
        date(2025, 6, 1),
        date(2030, 5, 31),
        "",
    ),
    (
        "bureau-beijing",
        *HOLDER_BEIJING,
        "registration",
        "出口食品生产企业备案（注册）",
        "蜂蜜、干制食用菌",
        "1100/02001",
        date(2025, 9, 1),
        None,
        "",
    ),
    (
        "bureau-beijing",
        "北京燕山检测技术有限公司",
        "91110111MA07JJJ03K",
        "certification",
        "检验检测机构资质认定",
        "食品及食品接触材料检测",
        "CMA 210012345678",
        date(2020, 1, 10),
        date(2026, 1, 9),  # past its term: shown as 已过期
        "",
    ),
    (
        "zj-hebei",
        "河北冀中特种设备制造有限公司",
        "91130100MA08JJJ04K",
        "approval",
        "特种设备制造许可",
        "压力容器（D 级）",
        "TS2213045-2029",
        date(2025, 4, 15),
        date(2029, 4, 14),
        "",
    ),
    (
        "zj-hebei",
        "河北燕赵建材有限公司",
        "91130200MA09JJJ05E",
        "filing",
        "产品质量承诺备案",
        "预拌混凝土",
        "冀质备〔2025〕088号",
        date(2025, 8, 1),
        date(2028, 7, 31),
        "企业迁出河北并注销原备案主体，审批地撤回互认。",
    ),
]


def seed_recognitions() -> int:
    """Returns how many recognitions were written now."""
    written = 0
    for (
        username,
        holder_name,
        holder_uscc,
        kind,
        title,
        scope,
        document_number,
        valid_from,
        valid_until,
        withdrawal,
    ) in RECOGNITIONS:
        if Recognition.objects.filter(document_number=document_number).exists():
            continue
        actor = User.objects.get(username=username)
        recognition = services.recognition_record(
            actor=actor,
            holder_name=holder_name,
            holder_uscc=holder_uscc,
            kind=kind,
            title=title,
            scope=scope,
            document_number=document_number,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        if withdrawal:
            services.recognition_withdraw(recognition=recognition, actor=actor, reason=withdrawal)
        written += 1
    return written

"""演示数据 of the expert committee (seed 000 §12): expert accounts of three bureaus, their
bureaus' recommendations and HQ's decisions, made through the services (audited, idempotent).
专家-1 (北京局, 粮油) is admitted and in the inspector pool, 专家-2 (重庆局, 茶叶) admitted, a 江苏局
recommendation awaits HQ and a 湖北局 one was declined."""

from accounts.models import Role, User
from applications.models import ProductCategory
from regions.models import Bureau

from . import services
from .models import Expert

# (account or "", bureau, name, unit, category, products, contact, decision)
EXPERTS = [
    ("expert-1", "beijing", "张建国", "北京出入境检验检疫局技术中心", "grain_oil", "小米、杂粮",
     "010-00000001", "pool"),
    ("expert-2", "chongqing", "陈雨茗", "重庆出入境检验检疫局技术中心", "tea", "绿茶、古树茶",
     "023-00000002", "admit"),
    ("", "jiangsu", "周海涛", "江苏出入境检验检疫局动植物与食品检测中心", "aquatic", "大闸蟹、河鲜",
     "025-00000003", ""),
    ("", "hubei", "吴晓", "湖北出入境检验检疫局", "tea", "青砖茶", "027-00000004", "decline"),
]  # fmt: skip


def seed_experts() -> list[User]:
    """The expert accounts (for the demo password) and the committee's records, once."""
    hq = User.objects.get(username="hq")
    accounts = []
    for username, bureau_code, name, unit, category, products, contact, decision in EXPERTS:
        bureau = Bureau.objects.get(code=bureau_code)
        account = None
        if username:
            account, _created = User.objects.update_or_create(
                username=username,
                defaults={"role": Role.EXPERT, "bureau": bureau, "first_name": name},
            )
            accounts.append(account)
        if Expert.objects.filter(name=name, bureau=bureau).exists():
            continue
        expert = services.expert_recommend(
            actor=User.objects.get(username=f"bureau-{bureau_code}"),
            name=name,
            organisation=unit,
            speciality=ProductCategory.objects.get(code=category),
            products=products,
            contact=contact,
            reason=f"长期从事{products}检验检疫和产地核查工作。",
            account=account,
        )
        if decision in ("admit", "pool"):
            services.expert_admit(expert=expert, actor=hq)
        if decision == "pool":
            services.expert_add_to_pool(expert=expert, actor=hq)
        if decision == "decline":
            services.expert_decline(
                expert=expert, actor=hq, reason="推荐材料未说明评定工作经历，请补充后重新推荐。"
            )
    return accounts

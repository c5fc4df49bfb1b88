"""The organisation table of seed 000 §二.2 (SPEC §2, codes of SPEC §9) and the HQ departments of
SPEC §8, as shipped.

Loaded by data migrations; HQ edits bureaus and zones in the admin afterwards. Tests compare the
database with this table, so it is the one place the seed's table is written down.
"""

# (code, 简称, 全称)
BUREAUS = [
    ("beijing", "北京", "北京出入境检验检疫局"),
    ("tianjin", "天津", "天津出入境检验检疫局"),
    ("hebei", "河北", "河北出入境检验检疫局"),
    ("shanxi", "山西", "山西出入境检验检疫局"),
    ("neimenggu", "内蒙古", "内蒙古出入境检验检疫局"),
    ("liaoning", "辽宁", "辽宁出入境检验检疫局"),
    ("jilin", "吉林", "吉林出入境检验检疫局"),
    ("heilongjiang", "黑龙江", "黑龙江出入境检验检疫局"),
    ("shanghai", "上海", "上海出入境检验检疫局"),
    ("jiangsu", "江苏", "江苏出入境检验检疫局"),
    ("zhejiang", "浙江", "浙江出入境检验检疫局"),
    ("anhui", "安徽", "安徽出入境检验检疫局"),
    ("fujian", "福建", "福建出入境检验检疫局"),
    ("jiangxi", "江西", "江西出入境检验检疫局"),
    ("shandong", "山东", "山东出入境检验检疫局"),
    ("henan", "河南", "河南出入境检验检疫局"),
    ("hubei", "湖北", "湖北出入境检验检疫局"),
    ("hunan", "湖南", "湖南出入境检验检疫局"),
    ("guangdong", "广东", "广东出入境检验检疫局"),
    ("guangxi", "广西", "广西出入境检验检疫局"),
    ("hainan", "海南", "海南出入境检验检疫局"),
    ("chongqing", "重庆", "重庆出入境检验检疫局"),
    ("sichuan", "四川", "四川出入境检验检疫局"),
    ("guizhou", "贵州", "贵州出入境检验检疫局"),
    ("yunnan", "云南", "云南出入境检验检疫局"),
    ("xizang", "西藏", "西藏出入境检验检疫局"),
    ("shaanxi", "陕西", "陕西出入境检验检疫局"),
    ("gansu", "甘肃", "甘肃出入境检验检疫局"),
    ("qinghai", "青海", "青海出入境检验检疫局"),
    ("ningxia", "宁夏", "宁夏出入境检验检疫局"),
    ("xinjiang", "新疆", "新疆出入境检验检疫局"),
    ("shenzhen", "深圳", "深圳出入境检验检疫局"),
    ("zhuhai", "珠海", "珠海出入境检验检疫局"),
    ("xiamen", "厦门", "厦门出入境检验检疫局"),
    ("ningbo", "宁波", "宁波出入境检验检疫局"),
]

# (code, 名称, kind, lead bureau codes, member bureau codes)
ZONES = [
    (
        "southwest",
        "西南片区",
        "district",
        ["chongqing"],
        ["hubei", "hunan", "guangxi", "sichuan", "guizhou", "yunnan", "xizang"],
    ),
    (
        "central_west",
        "中西片区",
        "district",
        ["henan"],
        ["shanxi", "shaanxi", "gansu", "qinghai", "ningxia", "xinjiang", "hunan", "hubei"],
    ),
    (
        "northeast",
        "东北片区",
        "district",
        ["jilin", "heilongjiang"],
        ["beijing", "tianjin", "hebei", "neimenggu", "liaoning"],
    ),
    (
        "southeast",
        "东南片区",
        "district",
        ["fujian"],
        ["xiamen", "guangdong", "shenzhen", "zhuhai", "hainan"],
    ),
    (
        "east",
        "东部片区",
        "district",
        ["jiangsu", "zhejiang"],
        ["shanghai", "shandong", "ningbo", "anhui", "jiangxi"],
    ),
    ("jingjinji", "京津冀专区", "special", ["beijing"], ["tianjin", "hebei"]),
    (
        "ftz",
        "自贸区专区",
        "special",
        ["tianjin"],
        ["shanghai", "fujian", "xiamen", "guangdong", "shenzhen", "zhuhai"],
    ),
]

# 总局内设司局 of the 国检试验区 acceptance working group (seed 002: 通关司 leads; 认监委, 卫生司,
# 动植司, 检验司, 食品局 take part): (code, 名称).
HQ_DEPARTMENTS = [
    ("tongguan", "通关业务司"),
    ("renjianwei", "国家认证认可监督管理委员会"),
    ("weisheng", "卫生检疫监管司"),
    ("dongzhi", "动植物检疫监管司"),
    ("jianyan", "进出口商品检验司"),
    ("shipin", "进出口食品安全局"),
    # A member of the 京津冀 cooperation (seed 003) with 认监委.
    ("biaozhunwei", "国家标准化管理委员会"),
]

# English names (shown while the portal is read in English), by code: bureau → (short name, full
# name), zone → name, HQ department → name.
BUREAUS_EN = {
    "beijing": ("Beijing", "Beijing Entry-Exit Inspection and Quarantine Bureau"),
    "tianjin": ("Tianjin", "Tianjin Entry-Exit Inspection and Quarantine Bureau"),
    "hebei": ("Hebei", "Hebei Entry-Exit Inspection and Quarantine Bureau"),
    "shanxi": ("Shanxi", "Shanxi Entry-Exit Inspection and Quarantine Bureau"),
    "neimenggu": ("Inner Mongolia", "Inner Mongolia Entry-Exit Inspection and Quarantine Bureau"),
    "liaoning": ("Liaoning", "Liaoning Entry-Exit Inspection and Quarantine Bureau"),
    "jilin": ("Jilin", "Jilin Entry-Exit Inspection and Quarantine Bureau"),
    "heilongjiang": ("Heilongjiang", "Heilongjiang Entry-Exit Inspection and Quarantine Bureau"),
    "shanghai": ("Shanghai", "Shanghai Entry-Exit Inspection and Quarantine Bureau"),
    "jiangsu": ("Jiangsu", "Jiangsu Entry-Exit Inspection and Quarantine Bureau"),
    "zhejiang": ("Zhejiang", "Zhejiang Entry-Exit Inspection and Quarantine Bureau"),
    "anhui": ("Anhui", "Anhui Entry-Exit Inspection and Quarantine Bureau"),
    "fujian": ("Fujian", "Fujian Entry-Exit Inspection and Quarantine Bureau"),
    "jiangxi": ("Jiangxi", "Jiangxi Entry-Exit Inspection and Quarantine Bureau"),
    "shandong": ("Shandong", "Shandong Entry-Exit Inspection and Quarantine Bureau"),
    "henan": ("Henan", "Henan Entry-Exit Inspection and Quarantine Bureau"),
    "hubei": ("Hubei", "Hubei Entry-Exit Inspection and Quarantine Bureau"),
    "hunan": ("Hunan", "Hunan Entry-Exit Inspection and Quarantine Bureau"),
    "guangdong": ("Guangdong", "Guangdong Entry-Exit Inspection and Quarantine Bureau"),
    "guangxi": ("Guangxi", "Guangxi Entry-Exit Inspection and Quarantine Bureau"),
    "hainan": ("Hainan", "Hainan Entry-Exit Inspection and Quarantine Bureau"),
    "chongqing": ("Chongqing", "Chongqing Entry-Exit Inspection and Quarantine Bureau"),
    "sichuan": ("Sichuan", "Sichuan Entry-Exit Inspection and Quarantine Bureau"),
    "guizhou": ("Guizhou", "Guizhou Entry-Exit Inspection and Quarantine Bureau"),
    "yunnan": ("Yunnan", "Yunnan Entry-Exit Inspection and Quarantine Bureau"),
    "xizang": ("Tibet", "Tibet Entry-Exit Inspection and Quarantine Bureau"),
    "shaanxi": ("Shaanxi", "Shaanxi Entry-Exit Inspection and Quarantine Bureau"),
    "gansu": ("Gansu", "Gansu Entry-Exit Inspection and Quarantine Bureau"),
    "qinghai": ("Qinghai", "Qinghai Entry-Exit Inspection and Quarantine Bureau"),
    "ningxia": ("Ningxia", "Ningxia Entry-Exit Inspection and Quarantine Bureau"),
    "xinjiang": ("Xinjiang", "Xinjiang Entry-Exit Inspection and Quarantine Bureau"),
    "shenzhen": ("Shenzhen", "Shenzhen Entry-Exit Inspection and Quarantine Bureau"),
    "zhuhai": ("Zhuhai", "Zhuhai Entry-Exit Inspection and Quarantine Bureau"),
    "xiamen": ("Xiamen", "Xiamen Entry-Exit Inspection and Quarantine Bureau"),
    "ningbo": ("Ningbo", "Ningbo Entry-Exit Inspection and Quarantine Bureau"),
}

ZONES_EN = {
    "southwest": "Southwest Zone",
    "central_west": "Central-West Zone",
    "northeast": "Northeast Zone",
    "southeast": "Southeast Zone",
    "east": "East Zone",
    "jingjinji": "Beijing-Tianjin-Hebei Special Zone",
    "ftz": "Free Trade Zones Special Zone",
}

HQ_DEPARTMENTS_EN = {
    "tongguan": "Department of Customs Clearance",
    "renjianwei": "Certification and Accreditation Administration",
    "weisheng": "Department of Health Quarantine",
    "dongzhi": "Department of Animal and Plant Quarantine",
    "jianyan": "Department of Import and Export Commodity Inspection",
    "shipin": "Import and Export Food Safety Bureau",
    "biaozhunwei": "Standardization Administration",
}

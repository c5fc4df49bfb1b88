"""Duties the seed lays on named bureaus, as data.

Seed 000 (质检通函〔2015〕537号) §18: "深圳局、辽宁局、上海局、宁波局、安徽局、湖南局、山西局、
珠海局、海南局、陕西局、江西局、甘肃局、宁夏局应在严把评定标准、积极帮扶企业的基础上，尽快打破
'零'保护产品的现状。" HQ's dashboard shows these 13 and their progress (selectors.
named_zero_progress) beside the general zero-product flag, which any bureau may carry.
"""

# By bureau code (regions.organisation.BUREAUS), in the seed's order. 山西 is shanxi, 陕西 shaanxi.
ZERO_PRODUCT_BUREAUS = (
    "shenzhen",
    "liaoning",
    "shanghai",
    "ningbo",
    "anhui",
    "hunan",
    "shanxi",
    "zhuhai",
    "hainan",
    "shaanxi",
    "jiangxi",
    "gansu",
    "ningxia",
)

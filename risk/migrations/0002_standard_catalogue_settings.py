"""The first warning standard, the catalogue of rapid-response measures with the grades each
suits, and HQ's time limits at their defaults (ADR 0028). HQ changes them through the admin."""

import datetime

from django.db import migrations

STANDARD = {
    "version": 1,
    "title": "进出口商品质量安全风险预警等级划分标准",
    "criteria_i": (
        "已造成或极可能造成人员死亡、群体性健康损害，或涉及全国范围、多个片区的重大质量安全风险；"
        "风险评估结论为Ⅰ级。"
    ),
    "criteria_ii": (
        "已造成或可能造成较重健康损害、较大财产损失或环境危害，涉及一个片区内多个关区；风险评估结论为Ⅱ级。"
    ),
    "criteria_iii": (
        "可能造成一般健康损害或财产损失，影响限于一个关区或少数企业、批次；风险评估结论为Ⅲ级。"
    ),
    "criteria_iv": "存在潜在质量安全风险，需要提示和关注；风险评估结论为Ⅳ级。",
    "adjustment": (
        "根据风险评估结果、快速反应措施效果评价和新的风险信息动态调整：风险扩大的提高等级，"
        "风险降低的降低等级，风险消除的解除预警；每次调整写明理由并通报预警范围内各单位。"
        "Ⅰ级、Ⅱ级预警由总局发布和调整；直属局可在本关区发布和调整Ⅲ级、Ⅳ级预警。"
    ),
    "effective_from": datetime.date(2018, 1, 1),
}
ALL = ["I", "II", "III", "IV"]
CATALOGUE = [
    ("lower_credit", ALL, 15, "按质量信用评价规则降低企业信用等级。"),
    ("trace", ALL, 15, "追溯原料、生产、检验、物流和销售记录，查明风险来源和流向。"),
    ("recall", ["I", "II", "III"], 30, "责令企业召回缺陷商品，跟踪召回数量和后续处理。"),
    ("tighten", ALL, 30, "提高抽批比例，加严检验检测和现场检查。"),
    ("restrict_trade", ["I", "II"], 10, "限制或暂停相关商品进出口。"),
    ("seal", ["I", "II"], 5, "依法查封、扣押涉嫌不合格商品。"),
    ("return", ["I", "II", "III"], 30, "对不合格进口商品责令退运。"),
    ("suspend_sales", ["I", "II", "III"], 10, "责令暂停销售相关商品。"),
    ("destroy", ["I", "II"], 30, "对无法整改的不合格商品监督销毁。"),
]


def forwards(apps, schema_editor):
    apps.get_model("risk", "WarningStandard").objects.create(**STANDARD)
    Entry = apps.get_model("risk", "MeasureCatalogueEntry")
    Entry.objects.bulk_create(
        Entry(kind=kind, grades=grades, default_days=days, guidance=guidance)
        for kind, grades, days, guidance in CATALOGUE
    )
    apps.get_model("risk", "RiskSettings").objects.create(pk=1)


def backwards(apps, schema_editor):
    for name in ("WarningStandard", "MeasureCatalogueEntry", "RiskSettings"):
        apps.get_model("risk", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

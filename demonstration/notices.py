"""通知书 to a zone's local government: what a transition of its zone, or of an enterprise of
its zone, decided (seed 001 §七.2, §三.5, §六.3, §六.6). Written by the programmes' on_recorded
hooks with the history row; delivered (PDF, e-mail) by casework.notices once committed."""

from django.utils.translation import gettext as _

from ecoorigin.names import in_both_languages
from ecoorigin.text import one_line

from .models import EnterpriseHistory, ZoneHistory, ZoneNotice

Kind = ZoneNotice.Kind

ZONE_KINDS = {
    "return": Kind.RETURN,
    "recommend": Kind.RECOMMENDATION,
    "designate": Kind.DESIGNATION,
    "refuse": Kind.REFUSAL,
    "withdraw_title": Kind.WITHDRAWAL,
}
ENTERPRISE_KINDS = {
    "admit": Kind.ADMISSION,
    "decline": Kind.DECLINE,
    "exit": Kind.EXIT,
    "grant": Kind.TITLE_GRANT,
    "refuse_title": Kind.TITLE_REFUSAL,
    "withdraw_title": Kind.TITLE_WITHDRAWAL,
    "end_title": Kind.TITLE_WITHDRAWAL,
}


def _zone_body(entry: ZoneHistory) -> str:
    zone = entry.zone
    facts = {"zone": zone.name, "reason": entry.reason}
    if entry.transition == "return":
        return (
            _(
                "贵单位申请的“%(zone)s”需补正后重新提交。补正要求：%(reason)s。"
                "请登录门户修改申请、补充材料后重新提交。"
            )
            % facts
        )
    if entry.transition == "recommend":
        return _(
            "贵单位申请的“%(zone)s”经%(bureau)s审核，已推荐上报总局，"
            "总局将组织评估，请做好迎评准备。"
        ) % {**facts, "bureau": zone.bureau.display_full_name}
    if entry.transition == "designate":
        return _(
            "经评估，“%(zone)s”符合出口工业产品质量安全示范区的基本条件，"
            "认定为%(level)s出口工业产品质量安全示范区，称号编号 %(number)s，"
            "有效期至 %(until)s。称号证书可登录门户下载。"
        ) % {
            **facts,
            "level": zone.get_level_display(),
            "number": zone.number,
            "until": zone.valid_until,
        }
    if entry.transition == "refuse":
        return _("贵单位申请的“%(zone)s”不予认定。理由：%(reason)s") % facts
    return _(
        "“%(zone)s”的出口工业产品质量安全示范区称号（编号 %(number)s）已撤销。"
        "撤销原因（公告）：%(reason)s。区内示范企业的称号随之撤销。"
    ) % {**facts, "number": zone.number}


def _enterprise_body(entry: EnterpriseHistory) -> str:
    enterprise = entry.enterprise
    facts = {"enterprise": enterprise.name, "zone": enterprise.zone.name, "reason": entry.reason}
    if entry.transition == "admit":
        return _("“%(enterprise)s”（统一社会信用代码 %(code)s）经审核，准予进入“%(zone)s”。") % {
            **facts,
            "code": enterprise.credit_code,
        }
    if entry.transition == "decline":
        return _("“%(enterprise)s”不予进入“%(zone)s”。理由：%(reason)s") % facts
    if entry.transition == "exit":
        return _("“%(enterprise)s”已退出“%(zone)s”。退出原因：%(reason)s") % facts
    if entry.transition == "grant":
        return _("“%(enterprise)s”被授予“%(zone)s”示范企业称号，编号 %(number)s。") % {
            **facts,
            "number": enterprise.number,
        }
    if entry.transition == "refuse_title":
        return _("“%(enterprise)s”未被授予示范企业称号。理由：%(reason)s") % facts
    return _(
        "“%(enterprise)s”的示范企业称号（编号 %(number)s）已撤销。撤销原因（公告）：%(reason)s"
    ) % {**facts, "number": enterprise.number}


def _title(kind: str, name: str) -> str:
    return _("%(kind)s（%(name)s）") % {"kind": Kind(kind).label, "name": one_line(name)}


def zone_notice_for(entry: ZoneHistory) -> ZoneNotice | None:
    """The notice a zone's history row sends, written in its transaction (None if none)."""
    kind = ZONE_KINDS.get(entry.transition)
    if kind is None:
        return None
    zone = entry.zone
    # An official document: in the portal's language, whoever fired the transition; and in
    # English for a recipient who reads the portal in English.
    texts = in_both_languages(lambda: (_title(kind, zone.name), _zone_body(entry)))
    return ZoneNotice.objects.create(
        organisation_id=zone.applicant_id,
        zone=zone,
        zone_history=entry,
        kind=kind,
        title=texts.official[0],
        body=texts.official[1],
        title_en=texts.english[0],
        body_en=texts.english[1],
    )


def enterprise_notice_for(entry: EnterpriseHistory) -> ZoneNotice | None:
    """The notice an enterprise's history row sends to its zone's government (None if none)."""
    kind = ENTERPRISE_KINDS.get(entry.transition)
    if kind is None:
        return None
    enterprise = entry.enterprise
    texts = in_both_languages(lambda: (_title(kind, enterprise.name), _enterprise_body(entry)))
    return ZoneNotice.objects.create(
        organisation_id=enterprise.zone.applicant_id,
        zone_id=enterprise.zone_id,
        enterprise=enterprise,
        enterprise_history=entry,
        kind=kind,
        title=texts.official[0],
        body=texts.official[1],
        title_en=texts.english[0],
        body_en=texts.english[1],
    )

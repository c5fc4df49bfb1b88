"""通知书: the written notices a transition sends to the applicant (SPEC §3, seed §8)."""

from django.utils.translation import gettext as _

from ecoorigin.names import in_both_languages
from ecoorigin.text import one_line

from .models import CaseHistory, Notice

KINDS = {
    "approve": Notice.Kind.APPROVAL,
    "not_approve": Notice.Kind.NOT_APPROVED,
    "return": Notice.Kind.RETURN,
    "refuse": Notice.Kind.REFUSAL,
    "suspend": Notice.Kind.SUSPENSION,
    "reinstate": Notice.Kind.REINSTATEMENT,
    "revoke": Notice.Kind.REVOCATION,
    "certify": Notice.Kind.CERTIFICATE,
}


def _body(entry: CaseHistory) -> str:
    case = entry.application
    product = case.product_name
    if entry.transition == "approve":
        return _(
            "经审核，总局已批准对贵单位申报的“%(product)s”实施生态原产地产品保护评定。"
            "贵单位可在已向总局备案有效评定方案的评定机构中自主自愿选择评定机构，"
            "任何单位不得干涉、阻挠。请登录门户选择评定机构。"
        ) % {"product": product}
    if entry.transition == "not_approve" and entry.from_state == "evaluated":
        return _("贵单位申报的“%(product)s”经评定后未获批准保护。理由：%(reason)s") % {
            "product": product,
            "reason": entry.reason,
        }
    if entry.transition == "not_approve":
        return _("贵单位申报的“%(product)s”未获批准实施评定。理由：%(reason)s") % {
            "product": product,
            "reason": entry.reason,
        }
    if entry.transition == "return":
        return _(
            "贵单位申报的“%(product)s”需补正材料后重新提交。补正要求：%(reason)s。"
            "请于 %(due)s 前登录门户补正并重新提交。"
        ) % {"product": product, "reason": entry.reason, "due": case.due_date}
    if entry.transition == "refuse":
        return _("贵单位申报的“%(product)s”不予受理。理由：%(reason)s") % {
            "product": product,
            "reason": entry.reason,
        }
    if entry.transition == "suspend":
        return _(
            "贵单位“%(product)s”的生态原产地产品保护资格暂停。理由：%(reason)s。"
            "请于 %(deadline)s 前完成整改并通过门户提交整改报告。"
        ) % {"product": product, "reason": entry.reason, "deadline": case.rectification_deadline}
    if entry.transition == "reinstate":
        return _("贵单位“%(product)s”整改合格，恢复生态原产地产品保护资格。") % {"product": product}
    if entry.transition == "revoke":
        return _(
            "贵单位“%(product)s”的生态原产地产品保护资格已撤销。理由：%(reason)s。"
            "请将保护证书和全部生态原产地保护标志交回辖区直属局，"
            "并不得再宣传其产品为生态原产地保护产品。"
        ) % {"product": product, "reason": entry.reason}
    return _("贵单位“%(product)s”已获生态原产地产品保护，证书编号 %(number)s。") % {
        "product": product,
        "number": entry.data.get("certificate", ""),
    }


def _title(kind: str, product: str) -> str:
    return _("%(kind)s（%(name)s）") % {"kind": Notice.Kind(kind).label, "name": one_line(product)}


def notice_for(entry: CaseHistory) -> Notice | None:
    """The notice a history row sends, written in the same transaction (None if it sends none):
    the official text in the portal's language whoever fired the transition, and its English
    rendering for a recipient who reads the portal in English."""
    kind = KINDS.get(entry.transition)
    if kind is None:
        return None
    case = entry.application
    texts = in_both_languages(lambda: (_title(kind, case.product_name), _body(entry)))
    return Notice.objects.create(
        enterprise_id=case.enterprise_id,
        application=case,
        history=entry,
        kind=kind,
        title=texts.official[0],
        body=texts.official[1],
        title_en=texts.english[0],
        body_en=texts.english[1],
    )

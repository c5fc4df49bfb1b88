"""通知书 to a pilot zone's local government: what a transition of its zone decided (seed 002
§五.3: returned, recommended with the bureau's guidance, approved with its number, not approved
with the answers to the working group's objections, operation started). Written by the
programme's on_recorded hook with the history row; delivered by casework.notices once committed."""

from django.utils.translation import gettext as _

from ecoorigin.names import in_both_languages
from ecoorigin.text import one_line

from .models import PilotZoneNotice, ZoneHistory

Kind = PilotZoneNotice.Kind

KINDS = {
    "return": Kind.RETURN,
    "recommend": Kind.RECOMMENDATION,
    "approve": Kind.APPROVAL,
    "not_approve": Kind.REFUSAL,
    "start_operation": Kind.OPERATION,
}


def _answers(entry: ZoneHistory) -> str:
    """The lead's answers to the working group's objections, as the decision gave them."""
    answers = [text for text in (entry.data.get("responses") or {}).values() if text]
    if not answers:
        return ""
    return _("对成员司局异议的答复：%(answers)s。") % {"answers": "；".join(answers)}


def _body(entry: ZoneHistory) -> str:
    zone = entry.zone
    facts = {"zone": zone.name, "reason": entry.reason, "comment": entry.comment}
    if entry.transition == "return":
        return (
            _(
                "贵单位申请建设的“%(zone)s”需补正后重新提交。补正要求：%(reason)s。"
                "请登录门户修改建设方案后重新提交。"
            )
            % facts
        )
    if entry.transition == "recommend":
        return _(
            "贵单位申请建设的“%(zone)s”经%(bureau)s审核，已推荐报送总局验收。"
            "推荐意见：%(recommendation)s。建设指导意见：%(guidance)s。"
        ) % {
            **facts,
            "bureau": zone.bureau.display_full_name,
            "recommendation": zone.recommendation,
            "guidance": zone.guidance,
        }
    if entry.transition == "approve":
        return _(
            "经总局验收工作组验收，“%(zone)s”予以批准建设，批准文号 %(number)s。"
            "请按建设方案组织建设，由运营企业运营，%(bureau)s负责日常监督管理。"
        ) % {**facts, "number": zone.number, "bureau": zone.bureau.display_full_name} + _answers(
            entry
        )
    if entry.transition == "not_approve":
        return _("经总局验收工作组验收，“%(zone)s”不予批准建设。理由：%(reason)s") % facts + (
            _answers(entry)
        )
    return _("“%(zone)s”已于 %(date)s 开始运行，运营企业：%(operator)s。") % {
        **facts,
        "date": zone.operation_started_on,
        "operator": zone.operator.display_name if zone.operator else "",
    }


def _title(kind: str, name: str) -> str:
    return _("%(kind)s（%(name)s）") % {"kind": Kind(kind).label, "name": one_line(name)}


def zone_notice_for(entry: ZoneHistory) -> PilotZoneNotice | None:
    """The notice a zone's history row sends, written in its transaction (None if none)."""
    kind = KINDS.get(entry.transition)
    if kind is None:
        return None
    zone = entry.zone
    texts = in_both_languages(lambda: (_title(kind, zone.name), _body(entry)))
    return PilotZoneNotice.objects.create(
        organisation_id=zone.applicant_id,
        zone=zone,
        history=entry,
        kind=kind,
        title=texts.official[0],
        body=texts.official[1],
        title_en=texts.english[0],
        body_en=texts.english[1],
    )

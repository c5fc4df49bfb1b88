"""Every write of 互查互评. HQ opens a year's round and sets its standard while it is a draft; the
round's transitions (agree, assign, close) go through the case engine
(casework.services.case_transition); a place's bureau clerk or quality authority enters its case
files while the round accepts them (the place is the actor's, never input); the assigned
reviewer submits the scores once. Each write: permission (403) → the round locked → its state
re-checked (409) → the input checked (400) → the write and its audit row, in one transaction."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User
from accounts.services import audit_record
from casework import services as casework
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from ecoorigin.text import one_line
from ecoorigin.validators import checked_date
from regions.cooperation import place_of

from . import workflow as wf
from .models import Review, ReviewCriterion, ReviewedCase, ReviewRound, ReviewScore
from .programme import CROSSREVIEW
from .workflow import CaseKind, State

FIRST_YEAR = 2017  # the year of the seed (国质检质〔2017〕151号)
LIMITS = {"number": 64, "title": 200}
CRITERION_LIMIT = 200
FINDING_LIMIT = 2000
SUMMARY_LIMIT = 4000


def refusal_to_lead() -> str:
    return _("只有总局（京津冀区域质量发展合作推进领导小组办公室）可以组织互查互评。")


def refusal_to_enter() -> str:
    return _("只有京津冀三地直属局和质监部门可以报送本地的案卷。")


def refusal_to_review() -> str:
    return _("只有分配的评查人员可以提交该案卷的评查结果。")


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _whole(value) -> int | None:
    """A whole number from a form or the API (an int, or its digits as text), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = _text(value)
    digits = text.removeprefix("-")
    if digits.isascii() and digits.isdigit() and len(digits) < 10:
        return int(text)
    return None


def _locked_round(round_id: int) -> ReviewRound:
    return ReviewRound.objects.select_for_update().get(pk=round_id)


def _audit(actor, action, instance, changes: dict | None = None) -> None:
    audit_record(actor=actor, action=action, instance=instance, changes=changes, source="web")


# The round and its standard ------------------------------------------------------------------


def round_open(*, actor: User, year, title) -> ReviewRound:
    """开展年度互查互评: HQ opens the round of a year, its standard still to be set."""
    if not wf.is_lead(actor):
        raise NotPermitted(refusal_to_lead())
    errors: dict[str, list] = {}
    year_value = _whole(year)
    latest = timezone.localdate().year + 1
    if year_value is None or not FIRST_YEAR <= year_value <= latest:
        errors["year"] = [
            _("年度应在 %(first)s 年至 %(last)s 年之间。") % {"first": FIRST_YEAR, "last": latest}
        ]
    title_text = _text(title)
    if not title_text:
        errors["title"] = [_("此项为必填项。")]
    elif len(title_text) > 200:
        errors["title"] = [_("不能超过 %(limit)s 个字。") % {"limit": 200}]
    if not errors and ReviewRound.objects.filter(year=year_value).exists():
        errors["year"] = [_("该年度已开展互查互评。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    try:
        with transaction.atomic():
            round_ = ReviewRound.objects.create(year=year_value, title=title_text, created_by=actor)
            _audit(actor, AuditEntry.Action.CREATE, round_, {"year": year_value})
    except IntegrityError:
        # Another HQ user opened the year in between.
        raise InvalidInput(field_errors={"year": [_("该年度已开展互查互评。")]}) from None
    return round_


def _draft_round_for_lead(actor, round_id: int) -> ReviewRound:
    if not wf.is_lead(actor):
        raise NotPermitted(refusal_to_lead())
    locked = _locked_round(round_id)
    if locked.state != State.DRAFT:
        raise Conflict(_("评查标准已商定，不能再修改。"))
    return locked


def criterion_add(*, actor: User, round_: ReviewRound, text, weight) -> ReviewCriterion:
    """评查标准条目: HQ adds a criterion while the round is a draft; the weights may not exceed
    100 in all."""
    with transaction.atomic():
        locked = _draft_round_for_lead(actor, round_.pk)
        errors: dict[str, list] = {}
        text_value = _text(text)
        if not text_value:
            errors["text"] = [_("此项为必填项。")]
        elif len(text_value) > CRITERION_LIMIT:
            errors["text"] = [_("不能超过 %(limit)s 个字。") % {"limit": CRITERION_LIMIT}]
        elif locked.criteria.filter(text=text_value).exists():
            errors["text"] = [_("评查标准中已有该条目。")]
        weight_value = _whole(weight)
        used = locked.criteria.aggregate(total=Sum("weight"))["total"] or 0
        left = wf.TOTAL_WEIGHT - used
        if weight_value is None or weight_value < 1:
            errors["weight"] = [_("分值应为正整数。")]
        elif weight_value > left:
            errors["weight"] = [
                _("各条目分值合计不能超过 %(total)s 分，还可设 %(left)s 分。")
                % {"total": wf.TOTAL_WEIGHT, "left": left}
            ]
        if errors:
            raise InvalidInput(field_errors=errors)
        position = (locked.criteria.aggregate(last=Max("position"))["last"] or 0) + 1
        criterion = ReviewCriterion.objects.create(
            round=locked, position=position, text=text_value, weight=weight_value
        )
        _audit(actor, AuditEntry.Action.CREATE, criterion, {"weight": weight_value})
    return criterion


def criterion_remove(*, actor: User, criterion: ReviewCriterion) -> None:
    """HQ removes a criterion while the round is a draft."""
    with transaction.atomic():
        locked = _draft_round_for_lead(actor, criterion.round_id)
        row = locked.criteria.filter(pk=criterion.pk).first()
        if row is None:
            raise Conflict()
        _audit(actor, AuditEntry.Action.DELETE, row)
        row.delete()


def round_transition(
    *, round_: ReviewRound, name: str, actor: User | None, reason: str = "", **data
) -> ReviewRound:
    """Fire `name` (agree, assign, close) through the case engine (403 → lock → 409 → 400)."""
    return casework.case_transition(
        programme=CROSSREVIEW, case=round_, name=name, actor=actor, reason=reason, **data
    )


def round_agree(*, round_: ReviewRound, actor: User, reason: str = "") -> ReviewRound:
    """商定评查标准: the weights make 100; the standard is frozen from now on."""
    return round_transition(round_=round_, name="agree", actor=actor, reason=reason)


def round_assign(*, round_: ReviewRound, actor: User, reason: str = "") -> ReviewRound:
    """随机分配评查人员: each case file gets a reviewer of another place, drawn with a recorded
    seed (crossreview.assignment); no case file is entered after it."""
    return round_transition(round_=round_, name="assign", actor=actor, reason=reason)


def round_close(*, round_: ReviewRound, actor: User, reason: str = "") -> ReviewRound:
    """结束: every case file is scored; the results open to all members."""
    return round_transition(round_=round_, name="close", actor=actor, reason=reason)


# Case files ----------------------------------------------------------------------------------


def _checked_case(values: dict) -> dict:
    errors: dict[str, list] = {}
    checked = {}
    for field, limit in LIMITS.items():
        text = _text(values.get(field))
        if not text:
            errors[field] = [_("此项为必填项。")]
        elif len(text) > limit:
            errors[field] = [_("不能超过 %(limit)s 个字。") % {"limit": limit}]
        checked[field] = text
    kind = values.get("kind")
    if kind not in CaseKind.values:
        errors["kind"] = [_("请选择案件类别。")]
    checked["kind"] = kind
    decided_on = checked_date(values.get("decided_on"), "decided_on", errors, required=True)
    if decided_on and decided_on > timezone.localdate():
        errors["decided_on"] = [_("结案日期不能晚于今天。")]
    checked["decided_on"] = decided_on
    if errors:
        raise InvalidInput(field_errors=errors)
    return checked


def case_enter(*, actor: User, round_: ReviewRound, **values) -> ReviewedCase:
    """报送案卷: a bureau clerk or quality authority staff member enters a case file of its place
    while the round accepts them; the place is the actor's."""
    if not wf.may_enter(actor):
        raise NotPermitted(refusal_to_enter())
    place = place_of(actor)
    with transaction.atomic():
        locked = _locked_round(round_.pk)
        if not locked.accepts_cases:
            raise Conflict(_("评查人员已分配，本年度不再接收案卷。"))
        checked = _checked_case(values)
        if locked.cases.filter(place=place, number=checked["number"]).exists():
            raise InvalidInput(field_errors={"number": [_("本地已报送该编号的案卷。")]})
        case = ReviewedCase.objects.create(round=locked, place=place, entered_by=actor, **checked)
        _audit(actor, AuditEntry.Action.CREATE, case, {"place": place, "number": case.number})
    return case


def case_remove(*, actor: User, case: ReviewedCase) -> None:
    """撤回案卷: the place's bureau clerk or quality authority takes a case file back before the
    assignment."""
    if not wf.may_enter(actor) or place_of(actor) != case.place:
        raise NotPermitted(refusal_to_enter())
    with transaction.atomic():
        locked = _locked_round(case.round_id)
        if not locked.accepts_cases:
            raise Conflict(_("评查人员已分配，案卷不能撤回。"))
        row = locked.cases.filter(pk=case.pk).first()
        if row is None:
            raise Conflict()
        _audit(actor, AuditEntry.Action.DELETE, row)
        row.delete()


# Reviews -------------------------------------------------------------------------------------


def _checked_scores(criteria: list[ReviewCriterion], scores, summary) -> tuple[list, str]:
    """[(criterion, score, finding)] in the standard's order, and the summary; every criterion
    scored once, 0 to its weight, a finding written wherever points are taken off."""
    errors: dict[str, list] = {}
    given: dict[int, dict] = {}
    for entry in scores if isinstance(scores, list | tuple) else []:
        criterion_id = _whole(entry.get("criterion")) if isinstance(entry, dict) else None
        if criterion_id is None or criterion_id in given:
            errors["scores"] = [_("每个评查标准条目应各评一次分。")]
            continue
        given[criterion_id] = entry
    known = {criterion.pk for criterion in criteria}
    if set(given) - known or (not isinstance(scores, list | tuple)):
        errors["scores"] = [_("每个评查标准条目应各评一次分。")]
    rows = []
    for criterion in criteria:
        entry = given.get(criterion.pk)
        if entry is None:
            errors[f"score_{criterion.pk}"] = [_("请为此条目评分。")]
            continue
        score = _whole(entry.get("score"))
        finding = _text(entry.get("finding"))
        if score is None or not 0 <= score <= criterion.weight:
            errors[f"score_{criterion.pk}"] = [
                _("得分应在 0 到 %(weight)s 分之间。") % {"weight": criterion.weight}
            ]
        elif score < criterion.weight and not finding:
            errors[f"finding_{criterion.pk}"] = [_("扣分的条目须写明发现的问题。")]
        if len(finding) > FINDING_LIMIT:
            errors[f"finding_{criterion.pk}"] = [
                _("不能超过 %(limit)s 个字。") % {"limit": FINDING_LIMIT}
            ]
        rows.append((criterion, score, finding))
    summary_text = _text(summary)
    if len(summary_text) > SUMMARY_LIMIT:
        errors["summary"] = [_("不能超过 %(limit)s 个字。") % {"limit": SUMMARY_LIMIT}]
    if errors:
        raise InvalidInput(field_errors=errors)
    return rows, summary_text


def review_submit(*, actor: User, case: ReviewedCase, scores, summary: str = "") -> Review:
    """提交评查结果: the assigned reviewer scores the case file on each criterion of the standard,
    once; the total is the sum. From then on the reviewed place sees the scores and findings."""
    if case.reviewer_id is None or case.reviewer_id != getattr(actor, "pk", None):
        raise NotPermitted(refusal_to_review())
    with transaction.atomic():
        locked = _locked_round(case.round_id)
        if locked.state != State.ASSIGNED:
            raise Conflict(_("本年度互查互评不在评查阶段。"))
        if Review.objects.filter(case_id=case.pk).exists():
            raise Conflict(_("该案卷的评查结果已提交，不能修改。"))
        rows, summary_text = _checked_scores(
            list(locked.criteria.order_by("position")), scores, summary
        )
        review = Review.objects.create(
            case_id=case.pk,
            reviewer=actor,
            total=sum(score for _criterion, score, _finding in rows),
            summary=summary_text,
        )
        ReviewScore.objects.bulk_create(
            ReviewScore(review=review, criterion=criterion, score=score, finding=finding)
            for criterion, score, finding in rows
        )
        _audit(actor, AuditEntry.Action.CREATE, review, {"total": review.total})
    return review


# The assignment's e-mail -----------------------------------------------------------------------


def _link(name: str, pk: int) -> str:
    return settings.PUBLIC_BASE_URL + reverse(name, args=[pk])


def assignment_mail(*, round_id: int) -> int:
    """E-mail each reviewer the draw gave case files to, once, with those files' numbers and
    titles (what the reviewer's pages show of them) and the links to review them; nobody else
    learns who reviews what (the reviewer's name is hidden from the reviewed place, ADR 0033).
    The round locked, then its cases, each marked when its reviewer was written to: a retried
    task sends nothing twice. A reviewer since made inactive, or without an address, gets none.
    Returns how many reviewers were written to."""
    sent = 0
    with transaction.atomic():
        round_ = _locked_round(round_id)
        if round_.state != State.ASSIGNED:
            return 0  # closed meanwhile: nothing is left to review
        cases = list(
            ReviewedCase.objects.select_for_update(of=("self",))
            .select_related("reviewer")
            .filter(round=round_, reviewer__isnull=False, assignment_emailed_at__isnull=True)
            .order_by("reviewer_id", "place", "pk")
        )
        by_reviewer: dict[int, list[ReviewedCase]] = {}
        for case in cases:
            by_reviewer.setdefault(case.reviewer_id, []).append(case)
        mailed = []
        for files in by_reviewer.values():
            reviewer = files[0].reviewer
            if not reviewer.is_active or not reviewer.email:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("【京津冀案件互查互评】%(year)s 年度：分配给您评查的案卷") % {
                    "year": round_.year
                }
                lines = "\n".join(
                    _("%(number)s %(title)s：%(link)s")
                    % {
                        "number": case.number,
                        "title": case.title,
                        "link": _link("crossreview:case", case.pk),
                    }
                    for case in files
                )
                body = _(
                    "%(round)s 已随机分配评查人员，以下 %(n)s 份案卷由您评查：\n%(cases)s\n\n"
                    "请登录门户按评查标准提交评查结果：%(link)s"
                ) % {
                    "round": round_.title,
                    "n": len(files),
                    "cases": lines,
                    "link": _link("crossreview:detail", round_.pk),
                }
            EmailMessage(subject=one_line(subject), body=body, to=[reviewer.email]).send()
            mailed += [case.pk for case in files]
            sent += 1
        ReviewedCase.objects.filter(pk__in=mailed).update(assignment_emailed_at=timezone.now())
    return sent

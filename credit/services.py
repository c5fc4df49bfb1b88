"""Every write of quality credit and the blacklist. Grades are written only by credit_recompute
(bulk, idempotent); HQ publishes rule versions; blacklist entries are proposed by a bureau and
change state only through the case engine (casework.services.case_transition)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, Role, User
from accounts.services import audit_record
from casework import services as casework
from casework.credit import KINDS, credit_facts, known_enterprises
from casework.exceptions import InvalidTransitionInput, TransitionForbidden
from casework.forced_exit import propose_forced_exit
from casework.numbering import next_number
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from ecoorigin.validators import validate_uscc

from . import scoring, selectors
from .models import BlacklistEntry, CreditGrade, CreditGradeChange, CreditRule
from .programme import BLACKLIST
from .workflow import OPEN_STATES, State, Violation

BATCH = 1000
NAME_LENGTH = 128
REASON_LENGTH = 4000


def _audit(actor: User, action: str, instance, changes: dict | None = None) -> None:
    audit_record(actor=actor, action=action, instance=instance, changes=changes, source="web")


# --- 信用等级 ---------------------------------------------------------------------------------


def credit_recompute(*, usccs: list[str], reason: str = "") -> int:
    """Recompute the grades of these enterprises by the rule in force; a grade whose grade or
    score changes gets a history row saying why (`reason`, else what changed). Idempotent: the
    same facts and rule write nothing. A constant number of queries per call (one per fact source
    and directory, and the bulk writes), whatever the number of codes; returns how many grades
    were created or changed."""
    codes = sorted({code.strip().upper() for code in usccs if code and code.strip()})
    if not codes:
        return 0
    rule = selectors.rule_in_force()
    today = timezone.localdate()
    now = timezone.now()
    facts: dict[str, list] = {}
    for fact in credit_facts(usccs=codes):
        facts.setdefault(fact.uscc, []).append(fact)
    known = known_enterprises(usccs=codes)
    listed_names = dict(
        BlacklistEntry.objects.filter(uscc__in=codes)
        .order_by("pk")
        .values_list("uscc", "enterprise_name")
    )
    created, updated, changes = [], [], []
    with transaction.atomic():
        existing = {
            grade.uscc: grade
            for grade in CreditGrade.objects.select_for_update().filter(uscc__in=codes)
        }
        for code in codes:
            grade = existing.get(code)
            entry = known.get(code)
            if grade is None and entry is None and code not in facts and code not in listed_names:
                continue  # no programme knows it, and nothing is recorded of it
            result = scoring.score(rule, facts.get(code, []), today)
            name = entry.name if entry else (grade.name if grade else listed_names.get(code, code))
            bureau_id = entry.bureau_id if entry else (grade.bureau_id if grade else None)
            if grade is None:
                grade = CreditGrade(
                    uscc=code,
                    name=name,
                    bureau_id=bureau_id,
                    grade=result.grade,
                    score=result.score,
                    rule=rule,
                    explanation=result.lines,
                    computed_at=now,
                )
                created.append(grade)
                changes.append((grade, "", None, reason or _("首次评价")))
                continue
            moved = (grade.grade, grade.score) != (result.grade, result.score)
            if not moved and (
                grade.rule_id,
                grade.explanation,
                grade.name,
                grade.bureau_id,
            ) == (rule.pk, result.lines, name, bureau_id):
                continue
            if moved:
                why = reason or (
                    _("评价规则第 %(version)s 版") % {"version": rule.version}
                    if grade.rule_id != rule.pk
                    else _("信用记录变化")
                )
                changes.append((grade, grade.grade, grade.score, why))
            grade.grade, grade.score, grade.rule = result.grade, result.score, rule
            grade.explanation, grade.name, grade.bureau_id = result.lines, name, bureau_id
            grade.computed_at = now
            updated.append(grade)
        CreditGrade.objects.bulk_create(created, batch_size=BATCH)
        CreditGrade.objects.bulk_update(
            updated,
            ["grade", "score", "rule", "explanation", "name", "bureau", "computed_at"],
            batch_size=BATCH,
        )
        CreditGradeChange.objects.bulk_create(
            [
                CreditGradeChange(
                    credit_grade=grade,
                    from_grade=from_grade,
                    to_grade=grade.grade,
                    from_score=from_score,
                    to_score=grade.score,
                    rule_version=rule.version,
                    reason=str(why)[:200],
                    explanation=grade.explanation,
                )
                for grade, from_grade, from_score, why in changes
            ],
            batch_size=BATCH,
        )
    return len(created) + len(updated)


def credit_recompute_all(*, reason: str = "") -> int:
    """Every enterprise a programme knows, and every one graded or listed before, in batches."""
    codes = set(known_enterprises())
    codes.update(CreditGrade.objects.values_list("uscc", flat=True))
    codes.update(BlacklistEntry.objects.values_list("uscc", flat=True))
    ordered = sorted(codes)
    return sum(
        credit_recompute(usccs=ordered[start : start + BATCH], reason=reason)
        for start in range(0, len(ordered), BATCH)
    )


def _checked_rule(values: dict) -> dict:
    errors = {}
    weights = values.get("weights")
    if not isinstance(weights, dict) or set(weights) != set(KINDS):
        errors["weights"] = [_("请为每一类信用事项填写扣分。")]
    elif not all(
        isinstance(points, int) and not isinstance(points, bool) and 0 <= points <= 100
        for points in weights.values()
    ):
        errors["weights"] = [_("扣分应为 0 至 100 的整数。")]
    numbers = ("ended_percent", "half_after_years", "ignore_after_years")
    thresholds = ("grade_a_min", "grade_b_min", "grade_c_min")
    for field in (*numbers, *thresholds):
        value = values.get(field)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            errors[field] = [_("请填写 0 至 100 的整数。")]
    if not errors:
        if not values["grade_a_min"] > values["grade_b_min"] > values["grade_c_min"]:
            errors["grade_b_min"] = [_("A、B、C 级最低分应依次降低。")]
        if not values["ignore_after_years"] > values["half_after_years"]:
            errors["ignore_after_years"] = [_("不再计分年限应长于减半计分年限。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    return {field: values[field] for field in ("weights", *numbers, *thresholds)}


def credit_rule_publish(*, actor: User, note: str = "", **values) -> CreditRule:
    """HQ publishes a new version of the rule, which supersedes the one in force; every grade is
    then recomputed by it (once committed, in the background)."""
    if actor.role != Role.HQ:
        raise NotPermitted(_("只有总局可以发布信用评价规则。"))
    checked = _checked_rule(values)
    try:
        with transaction.atomic():
            latest = CreditRule.objects.select_for_update().order_by("-version").first()
            rule = CreditRule.objects.create(
                version=(latest.version if latest else 0) + 1,
                note=(note or "").strip(),
                published_by=actor,
                **checked,
            )
            _audit(actor, AuditEntry.Action.CREATE, rule, {"version": rule.version})
            from . import tasks

            transaction.on_commit(lambda: tasks.recompute_all.delay(), robust=True)
    except IntegrityError:  # two publications crossed
        raise Conflict(_("规则已被他人更新，请刷新后重试。")) from None
    return rule


# --- 黑名单 -----------------------------------------------------------------------------------


def blacklist_propose(
    *, actor: User, uscc: str, violation: str, reason: str, enterprise_name: str = ""
) -> BlacklistEntry:
    """A bureau proposes listing an enterprise for a serious violation. An enterprise a programme
    knows under a bureau is that bureau's to propose; another one, the proposing bureau's."""
    if actor.role != Role.BUREAU or actor.bureau_id is None:
        raise NotPermitted(_("只有直属局可以提出列入黑名单。"))
    uscc = (uscc or "").strip().upper()
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    name = (enterprise_name or "").strip() if isinstance(enterprise_name, str) else ""
    errors = {}
    try:
        validate_uscc(uscc)
    except ValidationError as invalid:
        errors["uscc"] = invalid.messages
    if violation not in Violation.values:
        errors["violation"] = [_("请选择违法行为类别。")]
    if not reason:
        errors["reason"] = [_("请写明严重违法的事实和依据。")]
    elif len(reason) > REASON_LENGTH:
        errors["reason"] = [_("不能超过 %(limit)s 个字。") % {"limit": REASON_LENGTH}]
    known = None if "uscc" in errors else known_enterprises(usccs=[uscc]).get(uscc)
    if known is not None:
        name = known.name
    elif not name and "uscc" not in errors:
        errors["enterprise_name"] = [_("平台尚无该企业的记录，请填写企业名称。")]
    elif len(name) > NAME_LENGTH:
        errors["enterprise_name"] = [_("不能超过 %(limit)s 个字。") % {"limit": NAME_LENGTH}]
    if errors:
        raise InvalidInput(field_errors=errors)
    if known is not None and known.bureau_id not in (None, actor.bureau_id):
        raise NotPermitted(_("该企业不在贵局辖区，应由其辖区直属局提出。"))
    try:
        with transaction.atomic():
            if BlacklistEntry.objects.filter(uscc=uscc, state__in=OPEN_STATES).exists():
                raise Conflict(_("该企业已有待决定或有效的黑名单记录。"))
            year = timezone.localdate().year
            entry = BlacklistEntry.objects.create(
                number=f"HMD-{year}-{next_number(f'credit:blacklist:{year}'):04d}",
                uscc=uscc,
                enterprise_name=name,
                bureau_id=actor.bureau_id,
                violation=violation,
                reason=reason,
                proposed_by=actor,
            )
            _audit(actor, AuditEntry.Action.CREATE, entry, {"uscc": uscc, "violation": violation})
    except IntegrityError:  # two proposals crossed (the one-open-entry constraint)
        raise Conflict(_("该企业已有待决定或有效的黑名单记录。")) from None
    return entry


def blacklist_transition(
    *, entry: BlacklistEntry, name: str, actor: User | None, reason: str = "", **data
) -> BlacklistEntry:
    """Fire `name` on the entry through the case engine (403 → lock → 409 → 400, history)."""
    return casework.case_transition(
        programme=BLACKLIST, case=entry, name=name, actor=actor, reason=reason, **data
    )


def blacklist_enforce(*, entry_id: int) -> int:
    """Once a listing has committed: 强制退出 in every programme, once per entry (the entry is
    locked and marked; each programme also skips what it proposed under the entry's number).
    Returns how many proposals were made now."""
    with transaction.atomic():
        entry = (
            BlacklistEntry.objects.select_for_update(of=("self",))
            .select_related("decided_by")
            .get(pk=entry_id)
        )
        if entry.state != State.LISTED or entry.exit_proposed_at is not None:
            return 0
        made = propose_forced_exit(
            uscc=entry.uscc,
            reason=_("%(name)s列入质量安全违法黑名单（%(decision)s）：%(reason)s")
            % {
                "name": entry.enterprise_name,
                "decision": entry.decision_number,
                "reason": entry.reason,
            },
            actor=entry.decided_by,
            reference=entry.number,
        )
        entry.exit_proposals = made
        entry.exit_proposed_at = timezone.now()
        entry.save(update_fields=["exit_proposals", "exit_proposed_at"])
    return made


def blacklist_expire_due() -> int:
    """The daily sweep: listings past their end date leave the list (the system's transition)."""
    today = timezone.localdate()
    due = BlacklistEntry.objects.filter(state=State.LISTED, ends_on__lt=today).order_by("pk")
    expired = 0
    for entry in due:
        try:
            blacklist_transition(entry=entry, name="expire", actor=None)
        except (TransitionForbidden, InvalidTransitionInput, Conflict):
            continue  # removed by HQ meanwhile
        expired += 1
    return expired

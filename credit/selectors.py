"""Every read of quality credit and the blacklist, scoped to the reader, written once for pages,
API and exports.

Credit grades are staff-only, but an enterprise reads its own: HQ all; a bureau those of the
enterprises of its jurisdiction (as the programmes know them) and of any enterprise it proposed
for the blacklist; an enterprise user its own, by its 统一社会信用代码; nobody else any.
The blacklist: the public (and everyone) sees the entries in force (公示, 信用中国); HQ all; a
bureau its own entries in every state and all in force; an enterprise user its own listings
(in force, removed or expired: what HQ decided), never a proposal or a refusal."""

from django.db.models import Case, Q, QuerySet, Value, When

from accounts.models import Role

from .models import (
    BlacklistEntry,
    BlacklistHistory,
    CreditGrade,
    CreditGradeChange,
    CreditRule,
    Grade,
)
from .workflow import DECIDED_LISTINGS, State


def rule_in_force() -> CreditRule:
    """The highest published version (the data migration publishes version 1)."""
    return CreditRule.objects.order_by("-version").first()


def rules() -> QuerySet[CreditRule]:
    return CreditRule.objects.select_related("published_by").order_by("-version")


def _own_uscc(user) -> str | None:
    if not user.is_authenticated or user.role != Role.ENTERPRISE or user.enterprise_id is None:
        return None
    return user.enterprise.uscc


def grades_visible_to(*, user) -> QuerySet[CreditGrade]:
    grades = CreditGrade.objects.select_related("bureau", "rule")
    if not user.is_authenticated:
        return grades.none()
    if user.role == Role.HQ:
        return grades
    if user.role == Role.BUREAU and user.bureau_id is not None:
        proposed = BlacklistEntry.objects.filter(bureau_id=user.bureau_id).values("uscc")
        return grades.filter(Q(bureau_id=user.bureau_id) | Q(uscc__in=proposed))
    own = _own_uscc(user)
    if own:
        return grades.filter(uscc=own)
    return grades.none()


def grades_filtered(*, user, grade: str = "", query: str = "") -> QuerySet[CreditGrade]:
    """The grades `user` sees, of one grade and matching a name or code if given, worst first:
    the list, its export and the API."""
    grades = grades_visible_to(user=user)
    if grade in Grade.values:
        grades = grades.filter(grade=grade)
    query = (query or "").strip()
    if query:
        grades = grades.filter(Q(name__icontains=query) | Q(uscc=query.upper()))
    return grades.order_by("-grade", "score", "uscc")


def own_grade(*, user) -> CreditGrade | None:
    own = _own_uscc(user)
    if own is None:
        return None
    return CreditGrade.objects.select_related("rule").filter(uscc=own).first()


def grade_changes(*, grade: CreditGrade) -> QuerySet[CreditGradeChange]:
    return grade.changes.order_by("-pk")


def entries_visible_to(*, user) -> QuerySet[BlacklistEntry]:
    entries = BlacklistEntry.objects.select_related("bureau", "proposed_by", "decided_by")
    if not user.is_authenticated:
        return entries.none()
    if user.role == Role.HQ:
        return entries
    if user.role == Role.BUREAU and user.bureau_id is not None:
        return entries.filter(Q(bureau_id=user.bureau_id) | Q(state=State.LISTED))
    own = _own_uscc(user)
    if own:
        return entries.filter(uscc=own, state__in=DECIDED_LISTINGS)
    return entries.none()


def worklist(*, user) -> QuerySet[BlacklistEntry]:
    """The staff worklist: what waits for HQ's decision first, then the newest."""
    waiting = Case(When(state=State.PROPOSED, then=Value(0)), default=Value(1))
    return entries_visible_to(user=user).order_by(waiting, "-pk")


def entry_history(*, entry: BlacklistEntry) -> QuerySet[BlacklistHistory]:
    return entry.history.select_related("actor").order_by("pk")


def public_entries(*, query: str = "") -> QuerySet[BlacklistEntry]:
    """公示: the entries in force, newest listing first; searchable by name or code."""
    entries = BlacklistEntry.objects.filter(state=State.LISTED).order_by("-listed_on", "-pk")
    query = query.strip()
    if query:
        entries = entries.filter(Q(enterprise_name__icontains=query) | Q(uscc=query.upper()))
    return entries

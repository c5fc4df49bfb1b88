"""Every read of protection cases, scoped to what the user may see; used by views, API and exports."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Role, User
from ecoorigin.names import pick
from regions.selectors import bureaus_in_scope

from . import workflow as wf
from .models import (
    Agency,
    Application,
    CaseCount,
    CaseHistory,
    Certificate,
    Enterprise,
    EvaluationFeedback,
    EvaluationPlan,
    GuidanceShare,
    InitialReview,
)
from .workflow import State

# Joined into the case query: what every case has, and its agency (a table of a few rows).
CASE_JOINED = ("enterprise", "bureau", "category", "agency")
# Read afterwards by id, one small query each. Joining all six made PostgreSQL spend 12–25 ms
# *planning* each list and detail query at a million cases (the join-order search grows with
# every join; execution took 1–5 ms). See docs/performance.md.
CASE_FETCHED = ("officer", "certificate")
# What a worklist row shows (templates/*/case_list.html, `{% case_state %}`), read as values:
# of a case's 26 columns and its enterprise's 15 only these, and no model object built for a
# page's 50 rows (their construction was a third of the worklist page's time).
WORKLIST_VALUES = (
    "pk",
    "product_name",
    "state",
    "due_kind",
    "due_date",
    "escalated_at",
    "shared_for_guidance",
    "updated_at",
    "category__name",
    "category__name_en",
)
# Staff also see the enterprise, the bureau and the officer; an enterprise its own cases only.
WORKLIST_VALUES_STAFF = (
    *WORKLIST_VALUES,
    "enterprise__name",
    "bureau__name",
    "bureau__name_en",
    "officer_id",
)


@dataclass(frozen=True, slots=True)
class WorklistRow:
    """One row of a worklist page. The names are in the reader's language; `enterprise`,
    `bureau` and `officer` are blank on an enterprise's own list."""

    pk: int
    product_name: str
    state: str
    due_kind: str
    due_date: date | None
    escalated_at: datetime | None
    shared_for_guidance: bool
    updated_at: datetime
    category: str
    enterprise: str = ""
    bureau: str = ""
    officer: str = ""

    # The case's own labels (one translation each), read from the row's `state` and `due_kind`.
    def get_state_display(self) -> str:
        return Application.get_state_display(self)

    def get_due_kind_display(self) -> str:
        return Application.get_due_kind_display(self)


def _own_list(user) -> bool:
    return user.role == Role.ENTERPRISE


def worklist_values(cases: QuerySet[Application], *, user) -> QuerySet:
    """`cases` (selectors.worklist, sorted) as the values of WorklistRow, for worklist_rows."""
    return cases.values_list(*(WORKLIST_VALUES if _own_list(user) else WORKLIST_VALUES_STAFF))


def worklist_rows(values, *, user) -> list[WorklistRow]:
    """A page of worklist_values as rows, the names in the reader's language; the officers'
    names in one query."""
    values = list(values)
    if _own_list(user):
        return [
            WorklistRow(*case, category=pick(category, category_en))
            for *case, category, category_en in values
        ]
    ids = {row[-1] for row in values if row[-1] is not None}
    officers = {
        pk: f"{first} {last}".strip() or username  # as User.get_full_name, else the user name
        for pk, username, first, last in User.objects.filter(pk__in=ids).values_list(
            "pk", "username", "first_name", "last_name"
        )
    }
    return [
        WorklistRow(
            *case,
            category=pick(category, category_en),
            enterprise=enterprise,
            bureau=pick(bureau, bureau_en),
            officer=officers.get(officer_id, ""),
        )
        for *case, category, category_en, enterprise, bureau, bureau_en, officer_id in values
    ]


def without_private_drafts(cases: QuerySet[Application]) -> QuerySet[Application]:
    """Staff's cases without the enterprises' private drafts (issue 14 point 5). Seed 000 §6:
    "对申报企业实行'一对一'服务，指导企业准备、完善申报资料": staff see a draft only when its
    enterprise shares it for that guidance (GuidanceShare); until it submits or shares, the
    draft and its materials are the enterprise's own.

    A draft withdrawn before it was ever submitted (no `submitted_at`) stays the enterprise's too.
    `NOT ((state = 'draft' OR state = 'withdrawn' AND submitted_at IS NULL) AND NOT
    shared_for_guidance)`: tests on the row's own columns, so the worklist still walks its
    order's index and drops a private draft as it meets it."""
    never_submitted = Q(state=State.DRAFT) | Q(state=State.WITHDRAWN, submitted_at__isnull=True)
    return cases.exclude(never_submitted, shared_for_guidance=False)


def cases_visible_to(*, user, joined=CASE_JOINED, fetched=CASE_FETCHED) -> QuerySet[Application]:
    """HQ: all. Bureau: its jurisdiction (a zone lead: also its zone, read-only). Enterprise: its
    own. Agency: cases whose applicant chose it. Everyone else: none. HQ and bureaus never see
    a draft its enterprise has not shared for 一对一指导 (without_private_drafts). `joined` and
    `fetched` name the related rows read with each case (joined, or read afterwards by id)."""
    cases = Application.objects.select_related(*joined).prefetch_related(*fetched)
    if not user.is_authenticated:
        return cases.none()
    if user.role == Role.HQ:
        return without_private_drafts(cases)
    if user.role == Role.BUREAU:
        if not user.led_zone_ids:  # its own bureau only: a plain equality the index serves
            return without_private_drafts(cases).filter(bureau_id=user.bureau_id)
        # A zone lead reads its zone's cases, but a draft is shared with the enterprise's own
        # bureau only ("its bureau"): the other bureaus' drafts stay out, shared or not.
        return cases.filter(bureau__in=bureaus_in_scope(user=user)).exclude(
            Q(state=State.DRAFT) & (Q(shared_for_guidance=False) | ~Q(bureau_id=user.bureau_id))
        )
    if user.role == Role.ENTERPRISE:
        return cases.filter(enterprise_id=user.enterprise_id)
    if user.role == Role.AGENCY:
        return cases.filter(agency_id=user.agency_id)
    if user.role == Role.OFFICE:
        # 分支机构 staff read for their bureau, in its whole jurisdiction (ADR 0022: cases hold
        # no structured place to match an office's area against); an inactive office nothing.
        if user.local_office_id is None or not user.local_office.is_active:
            return cases.none()
        return without_private_drafts(cases).filter(bureau_id=user.bureau_id)
    if user.role == Role.REVIEW_BODY:
        # 初审机构 staff: the cases routed to their body, never a draft (seed 000 §20, 保守秘密).
        routed = InitialReview.objects.filter(
            body_id=user.review_body_id, body__is_active=True
        ).values("application_id")
        return cases.filter(pk__in=routed).exclude(state=State.DRAFT)
    return cases.none()


def case_history(*, case: Application) -> QuerySet[CaseHistory]:
    return CaseHistory.objects.filter(application=case).select_related("actor").order_by("pk")


def case_history_shown(*, case: Application) -> QuerySet:
    """`case_history` as the case page shows it (applications.templatetags.cases
    `case_history_list`): the columns it shows, as values. Records with their actors (every
    column of both, the JSON data decoded) cost the page more than showing them."""
    return case_history(case=case).values(
        "created_at",
        "to_state",
        "reason",
        "comment",
        "actor_id",
        "actor__first_name",
        "actor__last_name",
        "actor__username",
    )


def transitions_available(*, case: Application, user) -> list[str]:
    """The transitions `user` may fire on `case` now, in workflow order."""
    from .services import case_may_fire

    return [name for name in wf.RULES if case_may_fire(case=case, name=name, actor=user)]


def agencies_with_valid_plans(*, category=None) -> QuerySet[Agency]:
    """Agencies an applicant may choose: a filed plan valid today (for `category`, if given)."""
    plans = EvaluationPlan.objects.valid_on(timezone.localdate())
    if category is not None:
        plans = plans.filter(category=category)
    return Agency.objects.filter(pk__in=plans.values("agency_id"))


def bureau_staff(case: Application) -> QuerySet[User]:
    """Who may be the officer (承办人) of `case`: its bureau's active clerks."""
    return User.objects.filter(role=Role.BUREAU, bureau_id=case.bureau_id, is_active=True).order_by(
        "username"
    )


def certificates_visible_to(*, user) -> QuerySet[Certificate]:
    """Certificates of the cases the user may see."""
    return Certificate.objects.filter(
        application__in=cases_visible_to(user=user).values("pk")
    ).select_related("application__enterprise", "application__bureau")


def may_download_certificate(*, certificate: Certificate, user) -> bool:
    """Only the enterprise, its bureau and HQ download the certificate itself."""
    case = certificate.application
    return wf.is_owner(case, user) or wf.is_jurisdiction_bureau(case, user) or wf.is_hq(case, user)


def worklist(
    *,
    user,
    state: list[str] | None = None,
    category: str = "",
    officer: int | None = None,
    bureau: str = "",
    overdue: bool = False,
    query: str = "",
) -> QuerySet[Application]:
    """The cases a user works on, filtered as the worklist page filters them (a page reads its
    rows with worklist_values)."""
    cases = cases_visible_to(user=user, joined=(), fetched=())
    if state:
        cases = cases.filter(state__in=state)
    if category:
        cases = cases.filter(category__code=category)
    if officer:
        cases = cases.filter(officer_id=officer)
    if bureau:
        cases = cases.filter(bureau__code=bureau)
    if overdue:
        cases = cases.filter(due_date__lt=timezone.localdate())
    if query:
        cases = cases.filter(cases_named(query))
    return cases.order_by("-pk")


# Up to this many enterprises named by a search are read first and their cases found by
# `enterprise_id` (see cases_named); a query naming more is a common word.
NAMED_ENTERPRISES = 1000


def cases_named(query: str) -> Q:
    """Cases whose product name or enterprise name contains `query`, ignoring case: the search
    of the worklist, the case API and the public product list. Reads the enterprises so named
    first (one query).

    On PostgreSQL both names have a trigram index (migration applications/0007), but neither
    serves `product_name LIKE … OR enterprise.name LIKE …` across the join: the plan walked the
    list's order testing both names on every case (up to 2 s at national scale). With the
    enterprises' ids in hand, the cases are those of the product index OR'ed with those of the
    `enterprise_id` index, and the planner knows how many to expect. A query naming more than
    NAMED_ENTERPRISES (a common word: 有限公司) keeps the join: walking the list's order meets matches at once.
    A query shorter than three characters holds no trigram: the enterprises (200,000) are then
    read whole, ≈ 50 ms, still cheaper than testing the joined name case by case
    (docs/performance.md, "Third pass")."""
    enterprises = list(
        Enterprise.objects.filter(name__icontains=query)
        .order_by()
        .values_list("pk", flat=True)[: NAMED_ENTERPRISES + 1]
    )
    product = Q(product_name__icontains=query)
    if len(enterprises) > NAMED_ENTERPRISES:
        return product | Q(enterprise__name__icontains=query)
    return product | Q(enterprise_id__in=enterprises)


def state_counts(*, user) -> dict[str, int]:
    """Number of visible cases in each state. HQ and bureaus read the per-bureau summary
    (CaseCount, kept by triggers: at most 35 × 17 rows, never the million cases), except for
    drafts: staff see only those shared for 一对一指导 (seed 000 §6), counted on their own
    partial index (case_guidance_shared), never CaseCount's row of every draft. An enterprise's
    or an agency's own cases are few and counted directly."""
    if user.is_authenticated and user.role in (Role.HQ, Role.BUREAU):
        counts = CaseCount.objects.filter(n__gt=0).exclude(state=State.DRAFT)
        shared = Application.objects.filter(state=State.DRAFT, shared_for_guidance=True)
        if user.role == Role.BUREAU:
            if user.led_zone_ids:
                counts = counts.filter(bureau__in=bureaus_in_scope(user=user))
            else:
                counts = counts.filter(bureau_id=user.bureau_id)
            shared = shared.filter(bureau_id=user.bureau_id)  # shared with its own bureau only
        rows = counts.values("state").annotate(total=Sum("n")).values_list("state", "total")
        result = {state: total for state, total in rows if total}
        drafts = shared.order_by().count()
        if drafts:
            result[State.DRAFT] = drafts
        return result
    rows = (
        cases_visible_to(user=user)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return dict(rows)


def enterprises_decided_by(*, user) -> QuerySet[Enterprise]:
    """Enterprises whose registration `user` may confirm or reject, and whose licence it may
    read: HQ all, a bureau those naming it (its jurisdiction), anyone else none."""
    if user.role == Role.HQ:
        return Enterprise.objects.all()
    if user.role == Role.BUREAU:
        return Enterprise.objects.filter(bureau_id=user.bureau_id)
    return Enterprise.objects.none()


def registrations_pending(*, user) -> QuerySet[Enterprise]:
    """The registrations awaiting `user`'s decision, competing claims on one code side by side,
    each with `rivals` (other pending claims on its code, in any bureau), `rivals_elsewhere`
    (one of them names another bureau: HQ decides) and `registered` (a confirmed enterprise
    holds the code: only rejection is left). A bureau gets all of its own; HQ the contested."""
    pending = Enterprise.objects.filter(confirmed_at__isnull=True, rejected_at__isnull=True)
    rivals = pending.filter(uscc=OuterRef("uscc")).exclude(pk=OuterRef("pk"))
    claims = (
        enterprises_decided_by(user=user)
        .filter(confirmed_at__isnull=True, rejected_at__isnull=True)
        .annotate(
            rivals=Coalesce(
                Subquery(rivals.order_by().values("uscc").annotate(n=Count("pk")).values("n")),
                0,
            ),
            rivals_elsewhere=Exists(rivals.exclude(bureau_id=OuterRef("bureau_id"))),
            registered=Exists(
                Enterprise.objects.filter(uscc=OuterRef("uscc"), confirmed_at__isnull=False)
            ),
        )
    )
    if user.role == Role.HQ:
        claims = claims.filter(Q(rivals__gt=0) | Q(registered=True))
    return claims.select_related("bureau").order_by("uscc", "pk")


# ---------------------------------------------------------------- 一对一指导 (seed 000 §6)


def guidance_requests(*, user) -> QuerySet[Application]:
    """The drafts shared with `user`'s bureau for 一对一指导, newest first: seed 000 §6, "各直属局
    应…对申报企业实行'一对一'服务，指导企业准备、完善申报资料". The bureau of the jurisdiction
    guides (a zone lead's other bureaus' drafts are theirs); HQ and anyone else get none. Read
    from the partial index case_guidance_shared: a handful of rows. For to-do pages."""
    if not user.is_authenticated or user.role not in (Role.BUREAU, Role.OFFICE):
        return Application.objects.none()
    if user.role == Role.OFFICE and not user.local_office.is_active:
        return Application.objects.none()
    return (
        Application.objects.filter(
            bureau_id=user.bureau_id, state=State.DRAFT, shared_for_guidance=True
        )
        .select_related("enterprise", "category")
        .order_by("-id")
    )


def guidance_shares(*, case: Application, user) -> QuerySet[GuidanceShare]:
    """The shares of `case` for 一对一指导 (each share and its revocation), for those who see the
    case: its enterprise, and staff while they may see it."""
    if not cases_visible_to(user=user, joined=(), fetched=()).filter(pk=case.pk).exists():
        return GuidanceShare.objects.none()
    return GuidanceShare.objects.filter(application=case).select_related("shared_by", "revoked_by")


def open_guidance_share(*, case: Application) -> GuidanceShare | None:
    """The share in force on `case` (at most one), or None."""
    return GuidanceShare.objects.filter(application=case, revoked_at__isnull=True).first()


# ---------------------------------------------------------------- 评定协助与反馈 (seed 000 §8)


def may_read_evaluation_feedback(*, case: Application, user) -> bool:
    """Who reads a case's records of evaluation assistance and feedback (EvaluationFeedback):
    HQ and the case's own bureau all of them, the chosen agency those of the assistance given
    to it. Seed 000 §8: "各直属局应积极协助评定机构……同时向通关司做好信息反馈，通报情况". The
    enterprise, a zone lead of another bureau and everyone else: none."""
    return (
        wf.is_hq(case, user)
        or wf.is_jurisdiction_bureau(case, user)
        or wf.is_chosen_agency(case, user)
    )


def evaluation_feedback_for(*, case: Application, user) -> QuerySet[EvaluationFeedback]:
    """The records of `case` that `user` may read (may_read_evaluation_feedback), oldest first,
    with their authors and the experts named."""
    records = (
        EvaluationFeedback.objects.filter(application=case)
        .select_related("author")
        .prefetch_related("experts")
        .order_by("pk")
    )
    if not user.is_authenticated:
        return records.none()
    if wf.is_hq(case, user) or wf.is_jurisdiction_bureau(case, user):
        return records
    if wf.is_chosen_agency(case, user):
        return records.filter(kind=EvaluationFeedback.Kind.ASSISTANCE)
    return records.none()


def may_record_evaluation_feedback(*, case: Application, user) -> bool:
    """Whether `user` may add a record to `case` now: its bureau's staff while it is evaluated."""
    return wf.is_jurisdiction_bureau(case, user) and case.state == State.EVALUATING

"""Every read of the public notice (公示), scoped to the reader.

Who sees what (issue 20 point 2): a batch and its products are public. An objection: HQ every
one; the bureau of the case its cases' objections; the enterprise concerned that an objection
exists and its substance (the reasons), never the objector's identity (name, contact, e-mail)
nor the evidence files (which may name the objector); another enterprise, an agency, another
bureau: nothing. The objector reads progress and outcome through its tracking code."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from applications.workflow import State

from .models import BatchEntry, NoticeBatch, Objection, PublicitySetting

ENTRY_RELATED = (
    "application__enterprise",
    "application__category",
    "application__agency",
    "application__bureau",
    "application__certificate",
)


def setting() -> PublicitySetting:
    """HQ's settings (the one row, made with the defaults when first read)."""
    row, _created = PublicitySetting.objects.get_or_create(pk=1)
    return row


def batches(*, current: bool | None = None) -> QuerySet[NoticeBatch]:
    """公示批次, newest first; `current` True: the period still runs, False: it has ended."""
    rows = NoticeBatch.objects.annotate(
        product_count=Count("entries", filter=Q(entries__withdrawn_at__isnull=True))
    )
    today = timezone.localdate()
    if current is True:
        rows = rows.filter(ends_on__gte=today)
    elif current is False:
        rows = rows.filter(ends_on__lt=today)
    return rows.order_by("-published_on", "-pk")


def batches_with_entries(*, current: bool | None = None) -> QuerySet[NoticeBatch]:
    """`batches` with their products read in one more query (the API's list)."""
    return batches(current=current).prefetch_related(
        Prefetch(
            "entries",
            queryset=BatchEntry.objects.select_related(*ENTRY_RELATED).order_by("pk"),
        )
    )


def entries_of(batch: NoticeBatch) -> QuerySet[BatchEntry]:
    """A batch's products with what the public record shows of them (one query)."""
    return (
        BatchEntry.objects.filter(batch=batch)
        .select_related(*ENTRY_RELATED)
        .annotate(objection_count=Count("objections"))
        .order_by("pk")
    )


def outcome_of(entry: BatchEntry) -> str:
    """公示结果 of a product: withdrawn, certified, or still pending."""
    if entry.withdrawn_at is not None:
        return "withdrawn"
    certificate = getattr(entry.application, "certificate", None)
    if certificate is not None:
        return "certified"
    return "pending"


def entry_open_for_objections(*, entry_id) -> BatchEntry | None:
    """A product of a batch whose period runs, not withdrawn: what an objection may target."""
    return (
        BatchEntry.objects.select_related("batch", "application")
        .filter(
            pk=entry_id,
            withdrawn_at__isnull=True,
            batch__ends_on__gte=timezone.localdate(),
        )
        .first()
    )


def objections_visible_to(*, user) -> QuerySet[Objection]:
    """HQ every objection, a bureau those on its cases, an enterprise those on its own cases
    (what it may read of them: `may_read_identity`); anyone else none."""
    rows = Objection.objects.select_related(
        "entry__batch",
        "entry__application__enterprise",
        "entry__application__bureau",
        "entry__application__category",
    )
    if not user.is_authenticated:
        return rows.none()
    if user.role == Role.HQ:
        return rows
    if user.role == Role.BUREAU and user.bureau_id:
        return rows.filter(entry__application__bureau_id=user.bureau_id)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return rows.filter(entry__application__enterprise_id=user.enterprise_id)
    return rows.none()


def objections_awaiting(*, user) -> QuerySet[Objection]:
    """The open objections waiting on `user`: on the case's bureau for its view (直属局意见),
    on HQ for its decision once the view is in (ADR 0023); nobody else's."""
    rows = objections_visible_to(user=user).filter(status=Objection.Status.OPEN)
    if user.is_authenticated and user.role == Role.BUREAU:
        return rows.filter(bureau_view="")
    if user.is_authenticated and user.role == Role.HQ:
        return rows.exclude(bureau_view="")
    return rows.none()


def may_read_identity(*, user) -> bool:
    """The objector's name, contact, e-mail and evidence: HQ and the case's bureau (the
    objection being one `objections_visible_to` gives them), never the enterprise."""
    return user.is_authenticated and user.role in (Role.HQ, Role.BUREAU)


def objection_by_code(*, code: str) -> Objection | None:
    return (
        Objection.objects.select_related("entry__batch", "entry__application")
        .filter(tracking_code=code.strip().upper()[:16])
        .first()
    )


def publishable_cases(*, user):
    """Evaluated cases not in a batch now (none withdrawn after an upheld objection needs to be
    excluded: it may be published again in a new batch). HQ only."""
    from applications.models import Application

    if not user.is_authenticated or user.role != Role.HQ:
        return Application.objects.none()
    return (
        Application.objects.filter(state=State.EVALUATED)
        .exclude(
            pk__in=BatchEntry.objects.filter(withdrawn_at__isnull=True).values("application_id")
        )
        .select_related("enterprise", "category", "bureau", "agency")
        .order_by("pk")
    )


def batch_of_certificate(certificate) -> NoticeBatch | None:
    """The batch in which the certified product was published (the verification answer names
    it), or None for a certificate issued without a notice."""
    entry = (
        BatchEntry.objects.filter(application_id=certificate.application_id, withdrawn_at=None)
        .select_related("batch")
        .order_by("-batch__published_on", "-pk")
        .first()
    )
    return entry.batch if entry else None


def certification_refusal(case) -> str | None:
    """Why `case` may not be certified now (issue 20 point 3), or None: in a batch whose notice
    period runs, with an open objection, withdrawn from its batch (an upheld objection: it must be
    published again), or, when HQ requires the notice, never published."""
    entries = list(
        BatchEntry.objects.filter(application_id=case.pk)
        .select_related("batch")
        .annotate(
            open_objections=Count("objections", filter=Q(objections__status=Objection.Status.OPEN))
        )
        .order_by("-batch__published_on", "-pk")
    )
    current = next((entry for entry in entries if entry.withdrawn_at is None), None)
    if current is None:
        if entries:
            return _("该产品已撤出公示批次 %(number)s，须重新公示后方可颁证。") % {
                "number": entries[0].batch.number
            }
        if setting().required:
            return _("该产品尚未经拟批准产品公示，不能颁发证书。")
        return None
    if current.open_objections:
        return _("该产品在公示批次 %(number)s 中有尚未处理的异议，处理完毕前不能颁发证书。") % {
            "number": current.batch.number
        }
    if current.batch.is_open():
        return _("该产品正在公示（%(number)s，公示期至 %(end)s），公示期满后方可颁发证书。") % {
            "number": current.batch.number,
            "end": current.batch.ends_on.isoformat(),
        }
    return None


def entries_of_enterprise(*, user) -> QuerySet[BatchEntry]:
    """An enterprise's own products in batches, with their objections (substance only)."""
    if not user.is_authenticated or user.role != Role.ENTERPRISE or not user.enterprise_id:
        return BatchEntry.objects.none()
    return (
        BatchEntry.objects.filter(application__enterprise_id=user.enterprise_id)
        .select_related("batch", *ENTRY_RELATED)
        .prefetch_related(
            Prefetch(
                "objections",
                queryset=Objection.objects.only(
                    "pk",
                    "entry_id",
                    "status",
                    "reasons",
                    "received_at",
                    "decision_reason",
                    "consequence",
                    "decided_at",
                ),
            )
        )
        .order_by("-batch__published_on", "-pk")
    )

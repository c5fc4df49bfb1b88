"""Pages of the regions app: the directory, the organisations of SPEC §8, and reporting
(activities, annual summaries, rankings, HQ's dashboard). Thin: they read through selectors,
write through services, queue Celery work after commit, and show a domain error as a message
with its HTTP status."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.services import job_start
from ecoorigin.exceptions import Conflict, DomainError, InvalidInput
from ecoorigin.names import pick
from ecoorigin.routers import reads_from_replica
from ecoorigin.views import error_status, form_page, job_started, list_page, show_error

from . import dashboard_cache, figures, selectors, services, tables
from .forms import (
    FIRST_YEAR,
    GovernmentReportForm,
    LectureForm,
    OrganisationForm,
    OrganisationStaffForm,
    ResearchProjectForm,
    ReturnForm,
    SummaryForm,
    YearForm,
)
from .models import (
    AnnualSummary,
    Bureau,
    Organisation,
    Ranking,
    RankingEntry,
    RankingWeighting,
    SummaryRound,
    Zone,
)
from .selectors import bureau_directory, zone_directory

# ---------------------------------------------------------------- helpers


def _require(user, *roles) -> None:
    """Signed-in users of other roles are refused (403); login_required handles anonymous."""
    if user.role not in roles:
        raise PermissionDenied


def _year(request, default: Callable[[], int]) -> int:
    """?year=Y when it is a plausible year, else default() (called only then: some defaults
    cost a query)."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= timezone.localdate().year + 1:
        return int(raw)
    return default()


def _summary_year() -> int:
    """The year whose summaries are the current business: the last completed year."""
    return timezone.localdate().year - 1


def _ranking_year() -> int:
    years = selectors.ranking_years()
    return years[-1] if years else _summary_year()


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# ---------------------------------------------------------------- directory


@login_required
def directory(request):
    """直属局与片区名录: every zone with its seats, every bureau with its zones."""
    return render(
        request,
        "staff/directory.html",
        {"zones": zone_directory(), "bureaus": bureau_directory()},
    )


@login_required
def zone_detail(request, code: str):
    """A zone's seats; for HQ and bureau users, also this year's work of the zone's bureaus they
    may see (a zone lead all of its zone, a member its own bureau): each one's research projects
    and lectures, counted and flagged against the yearly minimums (seed §14 for the lead, §16
    for every bureau), and the lectures themselves (one query more)."""
    zone = get_object_or_404(zone_directory(), code=code)
    seats = list(zone.memberships.all())
    context = {"zone": zone, "rows": [(seat, None) for seat in seats]}
    if request.user.role in (Role.HQ, Role.BUREAU):
        year = timezone.localdate().year
        members = [seat.bureau_id for seat in seats]
        visible = selectors.bureaus_in_scope(user=request.user).filter(pk__in=members)
        flags = selectors.activity_flags(year, bureau_ids=visible.values_list("pk", flat=True))
        context.update(
            year=year,
            show_flags=True,
            rows=[(seat, _seat_flags(seat, flags.get(seat.bureau_id))) for seat in seats],
            lectures=selectors.lectures_of_bureaus(year=year, bureau_ids=flags),
        )
    return render(request, "staff/zone_detail.html", context)


def _seat_flags(seat, flag) -> dict | None:
    """A seat's yearly minimums in this zone: the research duty only on the seat of the zone's
    lead (seed §14 各片区的牵头单位应每年至少立项一次), never on a member's seat, even when the
    bureau leads another zone. None: the user may not see the bureau's figures."""
    if flag is None:
        return None
    research = seat.role == seat.Role.LEAD and flag.needs_research_in(seat.zone_id)
    return {
        "research_projects": flag.research_projects,
        "lectures": flag.lectures,
        "needs_research": research,
        "needs_lecture": flag.needs_lecture,
        "unmet": research or flag.needs_lecture,
    }


@login_required
@require_POST
def directory_export(request):
    job = job_start(owner=request.user, kind="regions.directory_export")
    return job_started(request, job)


# ---------------------------------------------------------------- organisations (SPEC §8)


@login_required
def organisations(request):
    """组织机构: those the user may see (HQ all, a bureau its jurisdiction's), by kind."""
    _require(request.user, Role.HQ, Role.BUREAU)
    kind = request.GET.get("kind", "")
    rows = selectors.organisations_in_scope(user=request.user).order_by("kind", "bureau_id", "pk")
    if kind in Organisation.Kind.values:
        rows = rows.filter(kind=kind)
    else:
        kind = ""
    return render(
        request,
        "staff/organisations.html",
        {
            "page": list_page(rows, request.GET.get("page")),
            "kind": kind,
            "kinds": Organisation.Kind.choices,
            "may_register": bool(services.registrable_kinds(actor=request.user)),
        },
    )


@login_required
def organisation_detail(request, code: str):
    """One organisation and its staff, for whoever may see it (its own staff included)."""
    organisation = get_object_or_404(selectors.organisations_in_scope(user=request.user), code=code)
    return render(
        request,
        "staff/organisation_detail.html",
        {
            "organisation": organisation,
            "staff": selectors.organisation_staff(organisation=organisation),
            "may_manage": services.organisation_may_manage(
                actor=request.user, organisation=organisation
            ),
        },
    )


@login_required
def organisation_register(request):
    _require(request.user, Role.HQ, Role.BUREAU)
    form = OrganisationForm(
        request.POST or None,
        user=request.user,
        kinds=services.registrable_kinds(actor=request.user),
        organisations=selectors.organisations_in_scope(user=request.user),
    )
    return form_page(
        request,
        form,
        call=lambda data: services.organisation_register(actor=request.user, **data),
        success=lambda organisation: _("已登记：%(name)s") % {"name": organisation.name},
        then=lambda organisation: redirect("regions:organisation", code=organisation.code),
        page=lambda status: render(
            request, "staff/organisation_form.html", {"form": form}, status=status
        ),
    )


@login_required
def organisation_staff_add(request, code: str):
    organisation = get_object_or_404(selectors.organisations_in_scope(user=request.user), code=code)
    if not services.organisation_may_manage(actor=request.user, organisation=organisation):
        raise PermissionDenied
    form = OrganisationStaffForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda _data: services.organisation_staff_add(
            actor=request.user, organisation=organisation, **form.service_kwargs()
        ),
        success=lambda user: _("已开通账户：%(username)s") % {"username": user.username},
        then=lambda _user: redirect("regions:organisation", code=organisation.code),
        page=lambda status: render(
            request,
            "staff/organisation_staff_form.html",
            {"form": form, "organisation": organisation},
            status=status,
        ),
    )


# ---------------------------------------------------------------- activities (§5, §14, §16)

ACTIVITY_FORMS = {
    "research": (ResearchProjectForm, services.research_project_create),
    "lecture": (LectureForm, services.lecture_create),
    "report": (GovernmentReportForm, services.government_report_create),
}


def _activity_titles() -> dict:
    return {
        "research": _("填报科研立项"),
        "lecture": _("填报宣讲活动"),
        "report": _("填报专报"),
    }


@login_required
def activities(request):
    """工作活动: the year's research projects, lecture tours and reports of the bureaus in scope,
    with the yearly minimums each of them has met or not."""
    _require(request.user, Role.BUREAU, Role.HQ)
    year = _year(request, lambda: timezone.localdate().year)
    scope = selectors.bureaus_in_scope(user=request.user)
    flags = selectors.activity_flags(year, bureau_ids=scope.values_list("pk", flat=True))
    return render(
        request,
        "staff/reporting/activities.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, FIRST_YEAR - 1, -1),
            "flags": list(flags.values()),
            "unmet": [f for f in flags.values() if f.unmet],
            "may_file": request.user.role == Role.BUREAU,
            **selectors.activities_of(user=request.user, year=year),
        },
    )


@login_required
def activity_create(request, kind: str):
    """Record one activity of the user's own bureau (a zone lead may file a project for a zone
    it leads). Only bureau staff record activities."""
    if kind not in ACTIVITY_FORMS:
        raise Http404
    _require(request.user, Role.BUREAU)
    form_class, create = ACTIVITY_FORMS[kind]
    extra = {"user": request.user} if kind == "research" else {}
    form = form_class(request.POST or None, **extra)

    def record(data):
        """Files the activity; its date is the year of the list to go back to."""
        create(actor=request.user, **(form.service_kwargs() if kind == "research" else data))
        return data.get("start_date") or data.get("date")

    return form_page(
        request,
        form,
        call=record,
        success=_("已保存。"),
        then=lambda date: redirect(f"{reverse('regions:activities')}?year={date.year}"),
        page=lambda status: render(
            request,
            "staff/reporting/activity_form.html",
            {"form": form, "kind": kind, "title": _activity_titles()[kind]},
            status=status,
        ),
    )


# ---------------------------------------------------------------- annual summaries (§17)


def _summary(request, pk: int) -> AnnualSummary:
    return get_object_or_404(selectors.summaries_visible_to(user=request.user), pk=pk)


def _past_due(summary: AnnualSummary) -> bool:
    return (
        summary.status != AnnualSummary.Status.SUBMITTED
        and timezone.now() >= services.due_moment(summary.year)
    )


@login_required
def summaries(request):
    """年度工作总结 of a year: HQ all 35, a zone lead its zones' bureaus, a bureau its own; with
    status, late flags, drafting, exports and (once the round is closed) the roll-up."""
    _require(request.user, Role.BUREAU, Role.HQ)
    year = _year(request, _summary_year)
    rows = list(selectors.summaries_visible_to(user=request.user, year=year).order_by("bureau_id"))
    now = timezone.now()
    due = services.due_moment(year)
    is_hq = request.user.role == Role.HQ
    counts = {
        "total": len(rows),
        "submitted": sum(r.status == AnnualSummary.Status.SUBMITTED for r in rows),
        "returned": sum(r.status == AnnualSummary.Status.RETURNED for r in rows),
        "late": sum(r.late for r in rows),
    }
    own = next((r for r in rows if r.bureau_id == request.user.bureau_id), None)
    return render(
        request,
        "staff/reporting/summaries.html",
        {
            "year": year,
            "rows": [(r, r.status != AnnualSummary.Status.SUBMITTED and now >= due) for r in rows],
            "counts": counts,
            "due": due,
            "own": own,
            "is_hq": is_hq,
            "round": SummaryRound.objects.filter(year=year).first() if is_hq else None,
            "drafting": cache.get(_drafting_key(year)) if is_hq else None,
            "draft_form": YearForm(initial={"year": year}) if is_hq else None,
        },
    )


def _drafting_key(year: int) -> str:
    from .tasks import drafting_key

    return drafting_key(year)


@login_required
@require_POST
def summaries_draft(request):
    """HQ drafts (or refreshes the figures of) every bureau's summary of a year, in Celery."""
    from .tasks import draft_summaries

    _require(request.user, Role.HQ)
    form = YearForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("year", []):
            messages.error(request, error)
        return redirect("regions:summaries")
    year = form.cleaned_data["year"]
    cache.set(_drafting_key(year), timezone.localtime().strftime("%H:%M"), timeout=3600)
    transaction.on_commit(lambda: draft_summaries.delay(year))
    messages.info(
        request,
        _("已开始生成 %(year)s 年度各局工作总结（统计数据并生成草稿），已报送的总结不受影响。")
        % {"year": year},
    )
    return redirect(f"{reverse('regions:summaries')}?year={year}")


@login_required
def summary_detail(request, pk: int):
    """One bureau's summary: the seven sections' figures, the bureau's narrative for each and
    next year's plan. The bureau saves (summary_update) and submits (summary_submit); after
    submission it is read-only unless HQ returns it. HQ may return it with a reason."""
    summary = _summary(request, pk)
    user = request.user
    status = 200
    form = None
    if request.method == "POST":
        form = SummaryForm(request.POST)
        action = request.POST.get("action", "save")
        if form.is_valid():
            try:
                summary = services.summary_update(
                    summary=summary,
                    actor=user,
                    narratives=form.narratives(),
                    next_year_plan=form.cleaned_data["next_year_plan"],
                )
                if action == "submit":
                    summary = services.summary_submit(summary=summary, actor=user)
            except DomainError as error:
                show_error(request, form, error)
                if action == "submit" and isinstance(error, InvalidInput):
                    # summary_update succeeded: only the completeness check refused.
                    for key, _label, _names in figures.SECTIONS:
                        if not form.cleaned_data.get(key, "").strip():
                            form.add_error(key, _("请填写本部分的工作情况。"))
                    messages.info(request, _("草稿已保存，补全后再报送。"))
                status = error_status(error)
                summary = _summary(request, pk)
            else:
                if action == "submit":
                    messages.success(
                        request,
                        _("%(year)s 年度工作总结已报送总局。") % {"year": summary.year}
                        + (_("（逾期报送）") if summary.late else ""),
                    )
                else:
                    messages.success(request, _("草稿已保存。"))
                return redirect("regions:summary", pk=summary.pk)
        else:
            status = 400
    editable = (
        user.role == Role.BUREAU
        and user.bureau_id == summary.bureau_id
        and summary.status != AnnualSummary.Status.SUBMITTED
    )
    if not editable:
        form = None
    elif form is None:
        form = SummaryForm(initial={**summary.narratives, "next_year_plan": summary.next_year_plan})
    context = services.summary_context(summary)
    return render(
        request,
        "staff/reporting/summary_detail.html",
        {
            "summary": summary,
            "sections": [
                {**section, "field": form[section["key"]] if form is not None else None}
                for section in context["sections"]
            ],
            "programme_sections": context["programme_sections"],
            "form": form,
            "editable": editable,
            "past_due": _past_due(summary),
            "due": services.due_moment(summary.year),
            "may_return": user.role == Role.HQ and summary.status == AnnualSummary.Status.SUBMITTED,
            "return_form": ReturnForm(),
        },
        status=status,
    )


@login_required
@require_POST
def summary_return(request, pk: int):
    """HQ returns a submitted summary to the bureau, with a reason."""
    summary = _summary(request, pk)
    form = ReturnForm(request.POST)
    form.is_valid()
    try:
        services.summary_return(
            summary=summary, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except DomainError as error:
        show_error(request, form, error)
        return render(
            request,
            "staff/reporting/summary_return.html",
            {"summary": summary, "return_form": form},
            status=error_status(error),
        )
    messages.success(
        request, _("已退回%(bureau)s修改。") % {"bureau": summary.bureau.display_full_name}
    )
    return redirect("regions:summary", pk=summary.pk)


@login_required
@require_POST
def summary_export(request, pk: int, fmt: str):
    summary = _summary(request, pk)
    kind = {"pdf": "regions.summary_pdf", "xlsx": "regions.summary_xlsx"}.get(fmt)
    if kind is None:
        raise Http404
    job = job_start(owner=request.user, kind=kind, params={"summary_id": summary.pk})
    return job_started(request, job)


@login_required
def rollup(request, year: int):
    """全国汇总 of a closed round (HQ)."""
    from .jobs import rollup_context

    _require(request.user, Role.HQ)
    try:
        context = rollup_context(year)
    except Conflict as error:
        messages.warning(request, error.message)
        return redirect(f"{reverse('regions:summaries')}?year={year}")
    return render(request, "staff/reporting/rollup.html", context)


@login_required
@require_POST
def rollup_export(request, year: int, fmt: str):
    _require(request.user, Role.HQ)
    kind = {"pdf": "regions.rollup_pdf", "xlsx": "regions.rollup_xlsx"}.get(fmt)
    if kind is None:
        raise Http404
    if not SummaryRound.objects.filter(year=year, closed_at__isnull=False).exists():
        raise Http404
    job = job_start(owner=request.user, kind=kind, params={"year": year})
    return job_started(request, job)


@login_required
@require_POST
def table_export(request):
    """CSV/XLSX of a reporting table of a year, as a background job."""
    name, fmt = request.POST.get("table", ""), request.POST.get("format", "")
    form = YearForm(request.POST)
    if name not in tables.TABLES or fmt not in ("csv", "xlsx") or not form.is_valid():
        messages.error(request, _("导出参数有误。"))
        return redirect(_back(request, reverse("home")))
    if not tables.may_export(name, request.user):
        raise PermissionDenied
    job = job_start(
        owner=request.user,
        kind="regions.table_export",
        params={"table": name, "year": form.cleaned_data["year"], "format": fmt},
    )
    return job_started(request, job)


# ---------------------------------------------------------------- rankings (§19)


def _breakdown_rows(breakdown: list[dict]) -> list[dict]:
    return [
        {
            **row,
            # Stored in the language of the computation; shown in the reader's.
            "label": figures.INDICATORS.get(row["indicator"], (row["label"],))[0],
            "contribution": float(row["contribution"]),
            "normalised": float(row["normalised"]),
        }
        for row in breakdown
    ]


# A ranking entry never changes: recomputing a year replaces its entries (new ids) and no page
# or admin edits one. So its 得分构成 table, half of the rankings page's time (35 tables of ~12
# formatted rows), is rendered once per entry and language and then read from the cache, every
# table of a page in one round trip. The hour bounds how long a changed template stays unseen.
BREAKDOWN_CACHE_SECONDS = 3600


def _breakdown_tables(entries) -> dict[int, str]:
    """Entry id → its rendered 得分构成 table (staff/reporting/_breakdown.html). The entries
    come without their breakdown (selectors.ranking_view): only the tables not kept read it."""
    language = get_language()
    keys = {f"regions:breakdown:{e.ranking_id}:{e.pk}:{language}": e for e in entries}
    tables = cache.get_many(keys)
    missing = {entry.pk for key, entry in keys.items() if key not in tables}
    breakdowns = dict(
        RankingEntry.objects.filter(pk__in=missing).values_list("pk", "breakdown")
        if missing
        else ()
    )
    rendered = {
        key: render_to_string(
            "staff/reporting/_breakdown.html",
            {"breakdown": _breakdown_rows(breakdowns[entry.pk]), "score": entry.score},
        )
        for key, entry in keys.items()
        if key not in tables
    }
    if rendered:
        cache.set_many(rendered, BREAKDOWN_CACHE_SECONDS)
    # render_to_string gives a SafeString, which the cache keeps as one (it pickles the class).
    return {keys[key].pk: table for key, table in {**tables, **rendered}.items()}


def _change(entry: RankingEntry) -> int | None:
    """Places gained since last year (negative: lost); None without last year's rank."""
    if entry.previous_rank is None:
        return None
    return entry.previous_rank - entry.rank


@login_required
@reads_from_replica
def rankings(request):
    """绩效排名 of a year: bureaus nationally (with zone ranks, the change from last year and the
    breakdown of every score) and zones. HQ sees the whole table and publishes it (通报); a
    bureau sees its own entry and the zones' aggregates until then (selectors.ranking_view)."""
    if not selectors.may_see_rankings(user=request.user):
        raise PermissionDenied
    return _rankings_page(request, _year(request, _ranking_year))


def _rankings_page(request, year: int, status: int = 200):
    # The breakdowns are shown as kept tables (_breakdown_tables); the zones' are not shown.
    bureaus = selectors.ranking_view(user=request.user, year=year, scope="bureau", breakdown=False)
    zones = selectors.ranking_view(
        user=request.user, year=year, scope="zone", ranking=bureaus.ranking, breakdown=False
    )
    bureau_entries, zone_entries = bureaus.entries, zones.entries
    ranking = bureaus.ranking
    zone_names = {
        code: pick(name, name_en)
        for code, name, name_en in Zone.objects.values_list("code", "name", "name_en")
    }
    breakdowns = _breakdown_tables(bureau_entries)
    is_hq = request.user.role == Role.HQ
    return render(
        request,
        "staff/reporting/rankings.html",
        {
            "year": year,
            "years": sorted(set(selectors.ranking_years()) | {year}, reverse=True),
            "ranking": ranking,
            "published": bureaus.published,
            "full": bureaus.full,
            "bureau_rows": [
                {
                    "entry": e,
                    "change": _change(e),
                    "zone_ranks": [
                        (zone_names.get(code, code), rank) for code, rank in e.zone_ranks.items()
                    ],
                    "breakdown": breakdowns[e.pk],
                }
                for e in bureau_entries
            ],
            "zone_rows": [{"entry": e, "change": _change(e)} for e in zone_entries],
            "is_hq": is_hq,
            "computing": cache.get(_ranking_key(year)) if is_hq else None,
            "current_weighting": RankingWeighting.objects.order_by("-version").first()
            if is_hq
            else None,
            "own_bureau": request.user.bureau_id,
        },
        status=status,
    )


@login_required
@require_POST
def ranking_publish(request):
    """通报 a year's ranking (HQ; seed 000 §19): confirmed on the page, then final."""
    _require(request.user, Role.HQ)
    form = YearForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("year", []):
            messages.error(request, error)
        return redirect("regions:rankings")
    year = form.cleaned_data["year"]
    ranking = get_object_or_404(Ranking, year=year)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("请勾选确认后再通报。"))
        return _rankings_page(request, year, status=400)
    try:
        services.ranking_publish(ranking=ranking, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return _rankings_page(request, year, status=error_status(error))
    messages.success(
        request, _("%(year)s 年度绩效排名已通报，各直属局可查看全部排名。") % {"year": year}
    )
    return redirect(f"{reverse('regions:rankings')}?year={year}")


def _ranking_key(year: int) -> str:
    from .tasks import ranking_key

    return ranking_key(year)


@login_required
@require_POST
def ranking_recompute(request):
    """重新计算排名 (HQ): queued in Celery after commit."""
    from .tasks import compute_ranking

    _require(request.user, Role.HQ)
    form = YearForm(request.POST)
    fallback = reverse("regions:rankings")
    if not form.is_valid():
        for error in form.errors.get("year", []):
            messages.error(request, error)
        return redirect(_back(request, fallback))
    year = form.cleaned_data["year"]
    if services.ranking_published(year):  # final once published (ADR 0015)
        messages.error(request, _("%(year)s 年度绩效排名已通报，不能重新计算。") % {"year": year})
        return _rankings_page(request, year, status=409)
    try:
        services.weighting_current()
    except Conflict as error:
        messages.error(request, error.message)
        return redirect(_back(request, fallback))
    cache.set(_ranking_key(year), timezone.localtime().strftime("%H:%M"), timeout=3600)
    transaction.on_commit(lambda: compute_ranking.delay(year))
    messages.info(request, _("已开始重新计算 %(year)s 年度绩效排名。") % {"year": year})
    return redirect(_back(request, f"{fallback}?year={year}"))


# ---------------------------------------------------------------- HQ dashboard


def _hq_only(request) -> None:
    if request.user.role != Role.HQ:
        raise PermissionDenied


def _programme_rows(table: dict) -> str:
    """各项目分局情况's rows as HTML, joined here rather than ~250 template variables in loops
    (docs/performance.md); format_html escapes every name and number."""
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (
                row["name"],
                format_html_join("", '<td class="num">{}</td>', ((n,) for n in row["cells"])),
            )
            for row in table["rows"]
        ),
    )


@login_required
@reads_from_replica
def dashboard(request):
    """数据看板 (HQ): ranked bars of bureaus and zones, trends across ranked years, flags and
    the round's state, all from the summary tables (never the case table), served from the
    cache until one of them changes (regions.dashboard_cache)."""
    _hq_only(request)
    year = _year(request, _ranking_year)
    context = dashboard_cache.dashboard_context(year, _dashboard_context)
    return render(
        request,
        "staff/reporting/dashboard.html",
        {**context, "computing": cache.get(_ranking_key(year))},
    )


def _dashboard_context(year: int) -> dict:
    """The dashboard's context as plain data (it is cached, pickled)."""
    data = selectors.dashboard(year)
    zone_url = reverse("regions:dashboard_zone", args=["__code__"]) + f"?year={year}"
    bureau_url = reverse("regions:dashboard_bureau", args=["__code__"]) + f"?year={year}"
    chart = {
        "year": year,
        "bureaus": [
            {
                "code": e.bureau.code,
                "name": e.bureau.display_name,
                "score": float(e.score),
                "rank": e.rank,
            }
            for e in data["bureau_entries"]
        ],
        "zones": [
            {
                "code": e.zone.code,
                "name": e.zone.display_name,
                "score": float(e.score),
                "rank": e.rank,
            }
            for e in data["zone_entries"]
        ],
        "trend": data["trend"],
        "labels": {"score": _("得分"), "rank": _("全国排名")},
        "urls": {"zone": zone_url, "bureau": bureau_url},
    }
    years = sorted(set(data["trend"]["years"]) | {year}, reverse=True)

    # Each row's link from the URLs above, not a {% url %} per row (docs/performance.md).
    def rows(entries, unit: str, url: str) -> list[dict]:
        return [
            {"rank": e.rank, "name": getattr(e, unit).display_name, "score": e.score,
             "url": url.replace("__code__", getattr(e, unit).code)}
            for e in entries
        ]  # fmt: skip

    ranking = data["ranking"]
    summary_round = data["round"]
    programmes = data["programme_table"]
    return {
        "ranking": ranking
        and {
            "weighting": {"version": ranking.weighting.version},
            "computed_at": ranking.computed_at,
            "published_at": ranking.published_at,
        },
        "round": summary_round and {"closed_at": summary_round.closed_at},
        "bureau_rows": rows(data["bureau_entries"], "bureau", bureau_url),
        "zone_rows": rows(data["zone_entries"], "zone", zone_url),
        "trend": data["trend"],
        "summary_counts": data["summary_counts"],
        "flagged": [
            {**f, "url": bureau_url.replace("__code__", f["code"])} for f in data["flagged"]
        ],
        "figures_count": data["figures_count"],
        "named_zero": data["named_zero"],
        "overdue_tasks": [
            {**row, "url": reverse("liaison:task", args=[row["task_id"]])}
            for row in data["overdue_tasks"]
        ],
        "programme_table": {
            "groups": [
                {"label": str(g["label"]), "labels": [str(label) for label in g["labels"]]}
                for g in programmes["groups"]
            ]
        },
        "programme_rows": _programme_rows(programmes),
        "year": year,
        "years": years,
        "chart": chart,
        "trend_default": data["bureau_entries"][0].bureau.code if data["bureau_entries"] else "",
    }


@login_required
@reads_from_replica
def dashboard_zone(request, code: str):
    """Drill-down: a zone's score and rank, and each of its bureaus with score and breakdown."""
    _hq_only(request)
    zone = get_object_or_404(zone_directory(), code=code)
    year = _year(request, _ranking_year)
    entries = list(
        RankingEntry.objects.filter(ranking__year=year)
        .filter(zone=zone)
        .select_related("ranking__weighting")
    )
    seats = {seat.bureau_id: seat for seat in zone.memberships.all()}
    bureau_entries = list(
        RankingEntry.objects.filter(ranking__year=year, bureau_id__in=seats)
        .select_related("bureau")
        .order_by("rank", "bureau_id")
    )
    breakdowns = _breakdown_tables(bureau_entries)
    flags = selectors.activity_flags(year, bureau_ids=list(seats))
    return render(
        request,
        "staff/reporting/dashboard_zone.html",
        {
            "zone": zone,
            "year": year,
            "entry": entries[0] if entries else None,
            "rows": [
                (
                    e,
                    seats[e.bureau_id],
                    e.zone_ranks.get(zone.code),
                    breakdowns[e.pk],
                    _seat_flags(seats[e.bureau_id], flags[e.bureau_id]),
                )
                for e in bureau_entries
            ],
        },
    )


@login_required
@reads_from_replica
def dashboard_bureau(request, code: str):
    """Drill-down: a bureau's score and breakdown, its indicators, its trend and its flags, and
    the way to its cases."""
    _hq_only(request)
    bureau = get_object_or_404(Bureau, code=code)
    year = _year(request, _ranking_year)
    entry = (
        RankingEntry.objects.filter(ranking__year=year, bureau=bureau)
        .select_related("ranking__weighting")
        .first()
    )
    history = list(
        RankingEntry.objects.filter(bureau=bureau)
        .order_by("-ranking__year")
        .values_list("ranking__year", "score", "rank", "previous_rank")
    )
    year_figures = bureau.year_figures.filter(year=year).first()
    flag = next(f for f in selectors.dashboard_flags(year) if f["bureau_id"] == bureau.pk)
    summary = AnnualSummary.objects.filter(bureau=bureau, year=year).first()
    # HQ's own supervision checks of the bureau (seed 000 §19), open and overdue: one query.
    checks = selectors.bureau_check_counts(bureau_id=bureau.pk)
    indicator_rows = (
        [
            (label, year_figures.values.get(name, 0))
            for name, (label, _better) in figures.INDICATORS.items()
        ]
        if year_figures
        else []
    )
    zones = list(Zone.objects.filter(memberships__bureau=bureau).order_by("pk"))
    return render(
        request,
        "staff/reporting/dashboard_bureau.html",
        {
            "bureau": bureau,
            "zones": zones,
            "zone_ranks": [
                (zone.display_name, entry.zone_ranks[zone.code])
                for zone in zones
                if entry and zone.code in entry.zone_ranks
            ],
            "year": year,
            "entry": entry,
            "breakdown": _breakdown_tables([entry])[entry.pk] if entry else "",
            "history": history,
            "year_figures": year_figures,
            "indicator_rows": indicator_rows,
            "flag": flag,
            "summary": summary,
            "checks": checks,
            "cases_url": f"{reverse('cases:list')}?bureau={bureau.code}",
        },
    )

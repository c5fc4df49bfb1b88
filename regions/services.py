"""Writes of the regions app: bureau activities, annual summaries and their yearly round
(draft at the start of January, remind, close on 1月5日), figures and rankings, and the
registration of organisations (SPEC §8) and their staff, each bureau's 内设机构 (§18), and HQ's
supervision checks of bureaus (§19). Every task behind these is idempotent: running it twice
for a year changes nothing and creates nothing twice."""

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Role, User
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted

from . import figures
from .models import (
    AnnualSummary,
    Bureau,
    BureauCheck,
    BureauDepartment,
    BureauYearFigures,
    GovernmentReport,
    LectureTour,
    Organisation,
    Ranking,
    RankingEntry,
    RankingWeighting,
    ResearchProject,
    SummaryRound,
    Zone,
    ZoneMembership,
)

SECTION_KEYS = [key for key, _label, _names in figures.SECTIONS]


def due_moment(year: int) -> datetime:
    """Summaries of `year` are due before 1月5日 of the next year, Beijing time."""
    return timezone.make_aware(
        datetime.combine(date(year + 1, 1, 5), time.min), timezone.get_default_timezone()
    )


# ---------------------------------------------------------------- figures


def figures_refresh(*, year: int) -> dict[int, dict]:
    """Recompute every bureau's indicators for `year` into the summary table."""
    computed = figures.compute(year)
    with transaction.atomic():
        for bureau_id, values in computed.items():
            BureauYearFigures.objects.update_or_create(
                bureau_id=bureau_id, year=year, defaults={"values": values}
            )
    return computed


def _sections(values: dict) -> dict:
    return {
        key: {name: values.get(name, 0) for name in names}
        for key, _label, names in figures.SECTIONS
    }


# ---------------------------------------------------------------- annual summaries


def summaries_draft(*, year: int) -> int:
    """Draft every bureau's summary for `year` with figures computed from the data. Existing
    drafts get fresh figures; submitted summaries are never touched. Returns drafts created."""
    computed = figures_refresh(year=year)
    programmes = figures.programme_figures(year)
    created = 0
    now = timezone.now()
    for bureau_id, values in computed.items():
        fresh = {"figures": _sections(values), "programme_figures": programmes.get(bureau_id, {})}
        with transaction.atomic():
            summary, was_created = AnnualSummary.objects.select_for_update().get_or_create(
                bureau_id=bureau_id, year=year, defaults={**fresh, "figures_at": now}
            )
            if was_created:
                created += 1
            if summary.status != AnnualSummary.Status.SUBMITTED and any(
                getattr(summary, field) != value for field, value in fresh.items()
            ):
                summary.figures = fresh["figures"]
                summary.programme_figures = fresh["programme_figures"]
                summary.figures_at = now
                summary.pdf = ""
                summary.save(update_fields=["figures", "programme_figures", "figures_at", "pdf"])
    SummaryRound.objects.get_or_create(year=year)
    return created


def _may_edit(summary: AnnualSummary, user: User) -> bool:
    return user.role == Role.BUREAU and user.bureau_id == summary.bureau_id


def summary_update(
    *, summary: AnnualSummary, actor: User, narratives: dict, next_year_plan: str
) -> AnnualSummary:
    """The bureau writes its narrative for each section and next year's plan."""
    if not _may_edit(summary, actor):
        raise NotPermitted(_("只有本局可以编辑本局的年度总结。"))
    unknown = set(narratives) - set(SECTION_KEYS)
    if unknown:
        raise InvalidInput(field_errors={"narratives": [_("未知的总结部分。")]})
    with transaction.atomic():
        summary = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
        if summary.status == AnnualSummary.Status.SUBMITTED:
            raise Conflict(_("年度总结已报送，不能再修改；如需修改请联系总局退回。"))
        summary.narratives = {**summary.narratives, **{k: v.strip() for k, v in narratives.items()}}
        summary.next_year_plan = next_year_plan.strip()
        summary.pdf = ""
        summary.save(update_fields=["narratives", "next_year_plan", "pdf"])
    return summary


def summary_submit(*, summary: AnnualSummary, actor: User) -> AnnualSummary:
    """报送: every section has a narrative and next year's plan is written; figures are
    recomputed and frozen; after 1月5日 the summary is marked late."""
    if not _may_edit(summary, actor):
        raise NotPermitted(_("只有本局可以报送本局的年度总结。"))
    with transaction.atomic():
        summary = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
        if summary.status == AnnualSummary.Status.SUBMITTED:
            raise Conflict(_("年度总结已报送。"))
        missing = [key for key in SECTION_KEYS if not summary.narratives.get(key, "").strip()]
        errors = {}
        if missing:
            labels = {key: str(label) for key, label, _names in figures.SECTIONS}
            errors["narratives"] = [
                _("以下部分尚未填写：%(parts)s")
                % {"parts": pgettext("列举分隔符", "、").join(labels[k] for k in missing)}
            ]
        if not summary.next_year_plan.strip():
            errors["next_year_plan"] = [_("请填写下一年度工作计划。")]
        if errors:
            raise InvalidInput(field_errors=errors)
        values = figures.compute(summary.year)[summary.bureau_id]
        now = timezone.now()
        summary.figures = _sections(values)
        summary.programme_figures = figures.programme_figures(summary.year).get(
            summary.bureau_id, {}
        )
        summary.figures_at = now
        summary.status = AnnualSummary.Status.SUBMITTED
        summary.submitted_at = now
        summary.submitted_by = actor
        summary.late = now >= due_moment(summary.year)
        summary.return_reason = ""
        summary.pdf = ""
        summary.save()
    return summary


def summary_return(*, summary: AnnualSummary, actor: User, reason: str) -> AnnualSummary:
    """HQ returns a submitted summary for changes."""
    if actor.role != Role.HQ:
        raise NotPermitted(_("只有总局可以退回年度总结。"))
    if not reason.strip():
        raise InvalidInput(field_errors={"reason": [_("请填写退回原因。")]})
    with transaction.atomic():
        summary = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
        if summary.status != AnnualSummary.Status.SUBMITTED:
            raise Conflict(_("只有已报送的年度总结可以退回。"))
        summary.status = AnnualSummary.Status.RETURNED
        summary.return_reason = reason.strip()
        summary.save(update_fields=["status", "return_reason"])
    return summary


@transaction.atomic
def summaries_remind(*, year: int) -> int:
    """Remind (by e-mail, once a day at most) the bureaus that have not submitted yet.

    The summaries to remind stay locked until their reminder time is saved: a run at the same
    moment (a second beat, a redelivered task) skips them instead of sending them twice. A run
    killed after sending and before committing sends again when redelivered."""
    today_start = timezone.make_aware(
        datetime.combine(timezone.localdate(), time.min), timezone.get_default_timezone()
    )
    pending = (
        AnnualSummary.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(year=year)
        .exclude(status=AnnualSummary.Status.SUBMITTED)
        .exclude(reminded_at__gte=today_start)
        .select_related("bureau")
    )
    messages, reminded = [], []
    for summary in pending:
        recipients = list(
            User.objects.filter(role=Role.BUREAU, bureau_id=summary.bureau_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        subject = _("提醒：%(year)s 年度生态原产地产品保护工作总结请于1月5日前报送") % {
            "year": year
        }
        body = _(
            "%(bureau)s：贵局 %(year)s 年度工作总结尚未报送，请于 %(due)s 前登录门户报送。"
        ) % {
            "bureau": summary.bureau.display_full_name,
            "year": year,
            "due": f"{year + 1}-01-05",
        }
        if recipients:
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, recipients))
        reminded.append(summary.pk)
    if messages:
        send_mass_mail(messages, fail_silently=False)
    AnnualSummary.objects.filter(pk__in=reminded).update(reminded_at=timezone.now())
    return len(reminded)


def round_close(*, year: int) -> SummaryRound:
    """1月5日: unsubmitted summaries are marked late and HQ's national roll-up is produced.
    Running it again recomputes the same roll-up and changes nothing else."""
    summaries_draft(year=year)  # a bureau with no summary yet gets one (and is late)
    with transaction.atomic():
        round_, _created = SummaryRound.objects.select_for_update().get_or_create(year=year)
        AnnualSummary.objects.filter(year=year).exclude(
            status=AnnualSummary.Status.SUBMITTED
        ).update(late=True)
        summaries = AnnualSummary.objects.filter(year=year).select_related("bureau")
        totals: dict[str, dict[str, float]] = {key: {} for key in SECTION_KEYS}
        programme_totals: dict[str, dict[str, float]] = {}
        for summary in summaries:
            for sums, stored in (
                (totals, summary.figures),
                (programme_totals, summary.programme_figures),
            ):
                for key, numbers in stored.items():
                    section = sums.setdefault(key, {})
                    for name, value in numbers.items():
                        section[name] = section.get(name, 0) + value
        # An average is not a sum: the national complaint handling time is the mean of the
        # bureaus' averages weighted by the complaints each closed.
        supervision = totals.get("supervision", {})
        if "complaint_handling_days" in supervision:
            closed = weighted = 0
            for summary in summaries:
                numbers = summary.figures.get("supervision", {})
                closed += numbers.get("complaints_closed", 0)
                weighted += numbers.get("complaint_handling_days", 0) * numbers.get(
                    "complaints_closed", 0
                )
            supervision["complaint_handling_days"] = round(weighted / closed, 1) if closed else 0
        round_.rollup = {
            "year": year,
            "bureaus": summaries.count(),
            "submitted": summaries.filter(status=AnnualSummary.Status.SUBMITTED).count(),
            "late": sorted(s.bureau.code for s in summaries if s.late),
            "sections": totals,
            "programmes": programme_totals,
        }
        round_.closed_at = round_.closed_at or timezone.now()
        round_.save()
    return round_


# ---------------------------------------------------------------- rankings


def weighting_current() -> RankingWeighting:
    weighting = RankingWeighting.objects.order_by("-version").first()
    if weighting is None:
        raise Conflict(_("尚未配置考核权重。"))
    return weighting


def _normalise(values: list[float], higher_is_better: bool) -> list[float]:
    """Scale a column to 0…1 across bureaus: value/max when larger is better; for "lower is
    better" indicators, (max − value)/(max − min), so the best bureau gets 1."""
    if higher_is_better:
        top = max(values, default=0)
        return [v / top if top else 0.0 for v in values]
    low, top = min(values, default=0), max(values, default=0)
    return [(top - v) / (top - low) if top > low else 1.0 for v in values]


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _competition_ranks(scores: list[tuple]) -> dict:
    """1, 2, 2, 4 … by score (highest first); ties keep their shared rank."""
    ranks, last_score, last_rank = {}, None, 0
    for position, (key, score) in enumerate(sorted(scores, key=lambda s: (-s[1], str(s[0]))), 1):
        if score != last_score:
            last_rank, last_score = position, score
        ranks[key] = last_rank
    return ranks


def ranking_published(year: int) -> bool:
    return Ranking.objects.filter(year=year, published_at__isnull=False).exists()


def _refuse_published(year: int) -> None:
    if ranking_published(year):
        raise Conflict(_("%(year)s 年度绩效排名已通报，不能重新计算。") % {"year": year})


def ranking_compute(*, year: int, weighting: RankingWeighting | None = None) -> Ranking:
    """绩效排名 for `year`: every bureau's score with the breakdown that explains it, bureau
    ranks nationally and within each zone, zone ranks, and the change from last year.

    A year HQ has published (通报, seed 000 §19 "对各直属局……进行排名") is final: Conflict,
    checked before the figures are counted and again under the ranking's row lock (ADR 0015)."""
    _refuse_published(year)
    weighting = weighting or weighting_current()
    computed = figures_refresh(year=year)
    bureaus = list(Bureau.objects.all())
    # In the documented order of the indicators (PostgreSQL's jsonb does not keep key order).
    indicators = [name for name in figures.INDICATORS if name in weighting.weights]
    columns = {
        name: _normalise(
            [float(computed[b.pk].get(name, 0)) for b in bureaus], figures.INDICATORS[name][1]
        )
        for name in indicators
    }
    scores, breakdowns = {}, {}
    for index, bureau in enumerate(bureaus):
        rows = []
        for name in indicators:
            weight = float(weighting.weights[name])
            normalised = columns[name][index]
            rows.append(
                {
                    "indicator": name,
                    "label": str(figures.INDICATORS[name][0]),
                    "raw": computed[bureau.pk].get(name, 0),
                    "normalised": round(normalised, 4),
                    "weight": weight,
                    "contribution": str(_money(weight * normalised)),
                }
            )
        breakdowns[bureau.pk] = rows
        scores[bureau.pk] = sum((Decimal(r["contribution"]) for r in rows), Decimal("0"))

    previous = {
        (e.bureau_id, e.zone_id): e.rank
        for e in RankingEntry.objects.filter(ranking__year=year - 1)
    }
    national = _competition_ranks([(b.pk, scores[b.pk]) for b in bureaus])
    memberships: dict[int, list[int]] = {}
    for zone_id, bureau_id in ZoneMembership.objects.values_list("zone_id", "bureau_id"):
        memberships.setdefault(zone_id, []).append(bureau_id)
    in_zone = {
        zone_id: _competition_ranks([(b, scores[b]) for b in members])
        for zone_id, members in memberships.items()
    }
    zones = {z.pk: z for z in Zone.objects.all()}
    zone_scores = {
        zone_id: _money(float(sum(scores[b] for b in members) / len(members)))
        for zone_id, members in memberships.items()
    }
    zone_ranks = _competition_ranks(list(zone_scores.items()))

    with transaction.atomic():
        # update_or_create locks an existing row: a publication racing this waits, or wins.
        ranking, _created = Ranking.objects.update_or_create(
            year=year, defaults={"weighting": weighting}
        )
        if ranking.published_at is not None:
            raise Conflict(_("%(year)s 年度绩效排名已通报，不能重新计算。") % {"year": year})
        ranking.entries.all().delete()
        RankingEntry.objects.bulk_create(
            [
                RankingEntry(
                    ranking=ranking,
                    bureau=bureau,
                    score=scores[bureau.pk],
                    rank=national[bureau.pk],
                    previous_rank=previous.get((bureau.pk, None)),
                    zone_ranks={
                        zones[z].code: ranks[bureau.pk]
                        for z, ranks in in_zone.items()
                        if bureau.pk in ranks
                    },
                    breakdown=breakdowns[bureau.pk],
                    zero_products=bool(computed[bureau.pk]["zero_products"]),
                )
                for bureau in bureaus
            ]
            + [
                RankingEntry(
                    ranking=ranking,
                    zone=zones[zone_id],
                    score=score,
                    rank=zone_ranks[zone_id],
                    previous_rank=previous.get((None, zone_id)),
                    breakdown=[
                        {"bureau": b.code, "score": str(scores[b.pk])}
                        for b in bureaus
                        if b.pk in memberships[zone_id]
                    ],
                )
                for zone_id, score in zone_scores.items()
            ]
        )
    return ranking


def ranking_publish(*, ranking: Ranking, actor: User) -> Ranking:
    """通报 a year's ranking (seed 000 §19: 总局……对各直属局生态原产地产品保护工作开展情况进行
    排名). HQ alone publishes (NotPermitted otherwise); once only (Conflict the second time).
    From then on every bureau sees the full table of 35, and the year is never recomputed
    (ranking_compute refuses it: ADR 0015). Audited. Saved through save(), so HQ's dashboard
    cache (regions.dashboard_cache, Ranking is watched) refreshes."""
    from accounts.models import AuditEntry
    from accounts.services import audit_record

    if not actor.is_authenticated or actor.role != Role.HQ:
        raise NotPermitted(_("只有总局可以通报绩效排名。"))
    with transaction.atomic():
        ranking = Ranking.objects.select_for_update().get(pk=ranking.pk)
        if ranking.published_at is not None:
            raise Conflict(_("%(year)s 年度绩效排名已通报。") % {"year": ranking.year})
        ranking.published_at = timezone.now()
        ranking.published_by = actor
        ranking.save(update_fields=["published_at", "published_by"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=ranking,
            changes={
                "published_at": ranking.published_at.isoformat(),
                "year": ranking.year,
                "weighting": ranking.weighting.version,
                "computed_at": ranking.computed_at.isoformat(),
            },
            source="web",
        )
    return ranking


# ---------------------------------------------------------------- activities


def _own_bureau(actor: User) -> Bureau:
    if actor.role != Role.BUREAU:
        raise NotPermitted(_("只有直属局可以填报本局的工作活动。"))
    return actor.bureau


def research_project_create(*, actor: User, zone: Zone | None = None, members=(), **fields):
    """科研立项: filed by a bureau; a zone lead may file it for a zone it leads."""
    bureau = _own_bureau(actor)
    if zone is not None and zone.pk not in actor.led_zone_ids:
        raise NotPermitted(_("只能为本局牵头的片区立项。"))
    project = ResearchProject.objects.create(
        lead_bureau=bureau, zone=zone, created_by=actor, **fields
    )
    project.member_bureaus.set(members)
    return project


def lecture_create(*, actor: User, **fields) -> LectureTour:
    return LectureTour.objects.create(bureau=_own_bureau(actor), created_by=actor, **fields)


def government_report_create(*, actor: User, **fields) -> GovernmentReport:
    return GovernmentReport.objects.create(bureau=_own_bureau(actor), created_by=actor, **fields)


def summary_render_pdf(*, summary_id: int) -> None:
    """Render the summary's PDF from its current content (once per content)."""
    from casework.pdf import render_pdf, save_pdf

    with transaction.atomic():
        summary = (
            AnnualSummary.objects.select_for_update(of=("self",))
            .select_related("bureau", "submitted_by")
            .get(pk=summary_id)
        )
        if summary.pdf:
            return
        content = render_pdf("pdf/summary.html", {"summary": summary, **summary_context(summary)})
        save_pdf(summary.pdf, f"summary-{summary.bureau.code}-{summary.year}.pdf", content)


def summary_context(summary: AnnualSummary) -> dict:
    """The seven sections with labels, figures and narrative, in seed order; then the other
    programmes' figures the summary holds (programme_sections: label and figures)."""
    return {
        "sections": [
            {
                "key": key,
                "label": label,
                "figures": [
                    (figures.INDICATORS[name][0], summary.figures.get(key, {}).get(name, 0))
                    for name in names
                ],
                "narrative": summary.narratives.get(key, ""),
            }
            for key, label, names in figures.SECTIONS
        ],
        "programme_sections": figures.programme_sections(summary.programme_figures, summary.year),
    }


# ---------------------------------------------------------------- organisations (SPEC §8)

# Where the register form lives (/regions/organisations/new/): no organisation may take it.
RESERVED_CODES = frozenset({"new"})
_LEVEL_RANK = {
    Organisation.Level.PROVINCE: 0,
    Organisation.Level.CITY: 1,
    Organisation.Level.COUNTY: 2,
}


def registrable_kinds(*, actor) -> list[str]:
    """The kinds of organisation `actor` may register: HQ every kind, a bureau every kind but
    HQ departments (in its own jurisdiction), everyone else none."""
    if not actor.is_authenticated:
        return []
    if actor.role == Role.HQ:
        return list(Organisation.Kind.values)
    if actor.role == Role.BUREAU:
        return [k for k in Organisation.Kind.values if k != Organisation.Kind.HQ_DEPARTMENT]
    return []


def organisation_may_manage(*, actor, organisation: Organisation) -> bool:
    """Whoever may register an organisation adds its staff: HQ any, a bureau those of its
    jurisdiction (an HQ department lies in none)."""
    if not actor.is_authenticated:
        return False
    return actor.role == Role.HQ or (
        actor.role == Role.BUREAU
        and organisation.bureau_id is not None
        and organisation.bureau_id == actor.bureau_id
    )


def _organisation_errors(
    *, code, name, name_en="", kind, bureau, level, parent, credit_code
) -> dict[str, list[str]]:
    """What is wrong with an organisation's registration, by field (empty: nothing)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_slug

    from ecoorigin.validators import validate_uscc

    errors: dict[str, list[str]] = {}
    code_field = Organisation._meta.get_field("code")
    if not code:
        errors["code"] = [_("请填写代码。")]
    elif len(code) > code_field.max_length:
        errors["code"] = [_("代码不能超过 %(n)s 个字符。") % {"n": code_field.max_length}]
    else:
        try:
            validate_slug(code)
        except ValidationError:
            errors["code"] = [_("代码只能由小写字母、数字、连字符和下划线组成。")]
        else:
            if code in RESERVED_CODES or Organisation.objects.filter(code=code).exists():
                errors["code"] = [_("该代码已被使用。")]
    name_length = Organisation._meta.get_field("name").max_length
    if not name:
        errors["name"] = [_("请填写名称。")]
    elif len(name) > name_length:
        errors["name"] = [_("名称不能超过 %(n)s 个字符。") % {"n": name_length}]
    name_en_length = Organisation._meta.get_field("name_en").max_length
    if len(name_en) > name_en_length:
        errors["name_en"] = [_("名称不能超过 %(n)s 个字符。") % {"n": name_en_length}]
    if kind == Organisation.Kind.HQ_DEPARTMENT:
        if bureau is not None:
            errors["bureau"] = [_("总局内设司局不属于直属局辖区，请勿选择直属局。")]
    elif bureau is None:
        errors["bureau"] = [_("请选择所在直属局辖区。")]
    if kind == Organisation.Kind.LOCAL_GOVERNMENT:
        if level not in Organisation.Level.values:
            errors["level"] = [_("请选择行政级别。")]
    elif level:
        errors["level"] = [_("只有地方人民政府填写行政级别。")]
    if parent is not None:
        fits = parent.kind == kind and parent.bureau_id == (bureau.pk if bureau else None)
        if fits and kind == Organisation.Kind.LOCAL_GOVERNMENT:
            fits = level in _LEVEL_RANK and _LEVEL_RANK[parent.level] < _LEVEL_RANK[level]
        if not fits:
            errors["parent"] = [
                _("上级机构须为同一辖区的同类机构；地方人民政府的上级须为更高一级的人民政府。")
            ]
    if credit_code:
        try:
            validate_uscc(credit_code)
        except ValidationError as exc:
            errors["credit_code"] = exc.messages
        else:
            if Organisation.objects.filter(credit_code=credit_code).exists():
                errors["credit_code"] = [_("该统一社会信用代码已登记。")]
    return errors


def organisation_register(
    *,
    actor: User,
    code: str,
    name: str,
    kind: str,
    bureau: Bureau | None = None,
    level: str = "",
    parent: Organisation | None = None,
    credit_code: str = "",
    name_en: str = "",
) -> Organisation:
    """登记 an organisation of SPEC §8: HQ any kind anywhere, a bureau any kind but an HQ
    department in its own jurisdiction (NotPermitted otherwise); what breaks the kind's rules
    (jurisdiction, level, parent) or is taken is InvalidInput by field. Audited."""
    from django.db import IntegrityError

    from accounts.models import AuditEntry
    from accounts.services import audit_record

    kinds = registrable_kinds(actor=actor)
    if not kinds:
        raise NotPermitted(_("只有总局和直属局可以登记组织机构。"))
    if kind not in Organisation.Kind.values:
        raise InvalidInput(field_errors={"kind": [_("请选择组织机构类别。")]})
    if kind not in kinds:
        raise NotPermitted(_("总局内设司局只能由总局登记。"))
    if actor.role == Role.BUREAU and bureau is not None and bureau.pk != actor.bureau_id:
        raise NotPermitted(_("只能登记本局辖区内的组织机构。"))
    code, name, name_en = code.strip().lower(), name.strip(), name_en.strip()
    credit_code = credit_code.strip().upper()
    errors = _organisation_errors(
        code=code,
        name=name,
        name_en=name_en,
        kind=kind,
        bureau=bureau,
        level=level,
        parent=parent,
        credit_code=credit_code,
    )
    if errors:
        raise InvalidInput(field_errors=errors)
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                code=code,
                name=name,
                name_en=name_en,
                kind=kind,
                bureau=bureau,
                level=level,
                parent=parent,
                credit_code=credit_code,
                created_by=actor,
            )
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                instance=organisation,
                changes={
                    "code": code,
                    "name": name,
                    "name_en": name_en,
                    "kind": kind,
                    "level": level,
                    "bureau": bureau.code if bureau else None,
                    "parent": parent.code if parent else None,
                    "credit_code": credit_code,
                },
                source="web",
            )
    except IntegrityError:  # the same code or credit code, registered at the same moment
        raise Conflict(_("该代码或统一社会信用代码刚被登记，请修改后重试。")) from None
    return organisation


def organisation_staff_add(
    *,
    actor: User,
    organisation: Organisation,
    username: str,
    password: str,
    first_name: str = "",
    email: str = "",
) -> User:
    """An account for a member of an organisation's staff, with the role its kind calls for,
    opened by whoever may register the organisation (organisation_may_manage). The password is
    given by the registrar, who passes it on; the user changes it after signing in. Audited."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db import IntegrityError

    from accounts.models import ORGANISATION_ROLES, AuditEntry
    from accounts.services import audit_record

    if not organisation_may_manage(actor=actor, organisation=organisation):
        raise NotPermitted(_("只有总局或该组织机构所在辖区的直属局可以为其开通账户。"))
    if not organisation.is_active:
        raise Conflict(_("该组织机构已停用，不能开通账户。"))
    username, first_name, email = username.strip(), first_name.strip(), email.strip()
    role = ORGANISATION_ROLES[organisation.kind]
    errors = {}
    username_field = User._meta.get_field("username")
    try:
        username_field.run_validators(username)
        if not username:
            raise ValidationError(_("请填写用户名。"))
    except ValidationError as exc:
        errors["username"] = exc.messages
    else:
        if User.objects.filter(username__iexact=username).exists():
            errors["username"] = [_("该用户名已被使用。")]
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            errors["email"] = exc.messages
    try:
        validate_password(password, User(username=username, email=email, first_name=first_name))
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise InvalidInput(field_errors=errors)
    try:
        with transaction.atomic():
            user = User.objects.create(
                username=username,
                password=make_password(password),
                first_name=first_name,
                email=email,
                role=role,
                organisation=organisation,
            )
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                instance=user,
                changes={"username": username, "role": role, "organisation": organisation.code},
                source="web",
            )
    except IntegrityError:  # the same name, opened at the same moment
        raise Conflict(_("该用户名刚被使用，请换一个。")) from None
    return user


# ---------------------------------------------------------------- 内设机构 (seed 000 §18)


def department_may_manage(*, actor, bureau_id: int) -> bool:
    """A bureau keeps its own 内设机构 (its bureau accounts, ADR 0017); HQ reads them."""
    return actor.is_authenticated and actor.role == Role.BUREAU and actor.bureau_id == bureau_id


def _department_errors(
    *, bureau_id: int, name: str, name_en: str, kind: str, exclude_pk: int | None = None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    limit = BureauDepartment._meta.get_field("name").max_length
    if not name:
        errors["name"] = [_("请填写名称。")]
    elif len(name) > limit:
        errors["name"] = [_("名称不能超过 %(n)s 个字符。") % {"n": limit}]
    elif (
        BureauDepartment.objects.filter(bureau_id=bureau_id, name=name)
        .exclude(pk=exclude_pk)
        .exists()
    ):
        errors["name"] = [_("本局已有同名的内设机构。")]
    limit_en = BureauDepartment._meta.get_field("name_en").max_length
    if len(name_en) > limit_en:
        errors["name_en"] = [_("名称不能超过 %(n)s 个字符。") % {"n": limit_en}]
    if kind not in BureauDepartment.Kind.values:
        errors["kind"] = [_("请选择级别（处或科）。")]
    return errors


def department_create(*, actor: User, name: str, kind: str, name_en: str = ""):
    """登记 one of the actor's bureau's 内设机构 (处/科), the 责任部门 its 挂牌督办 items and
    约谈 name (seed 000 §18). Only a bureau, for itself. Audited."""
    from django.db import IntegrityError

    from accounts.models import AuditEntry
    from accounts.services import audit_record

    if not (actor.is_authenticated and actor.role == Role.BUREAU):
        raise NotPermitted(_("只有直属局可以登记本局的内设机构。"))
    name, name_en = name.strip(), name_en.strip()
    errors = _department_errors(bureau_id=actor.bureau_id, name=name, name_en=name_en, kind=kind)
    if errors:
        raise InvalidInput(field_errors=errors)
    try:
        with transaction.atomic():
            department = BureauDepartment.objects.create(
                bureau_id=actor.bureau_id, name=name, name_en=name_en, kind=kind
            )
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                instance=department,
                changes={
                    "bureau": actor.bureau.code,
                    "name": name,
                    "name_en": name_en,
                    "kind": kind,
                },
                source="web",
            )
    except IntegrityError:  # the same name, registered at the same moment
        raise Conflict(_("本局已有同名的内设机构。")) from None
    return department


def department_update(
    *, actor: User, department, name: str, kind: str, name_en: str = "", is_active: bool = True
):
    """Rename, re-grade or set inactive (停用) one of the bureau's own 内设机构; records that
    name it keep it. Only its bureau. Audited with what changed."""
    from django.db import IntegrityError

    from accounts.models import AuditEntry
    from accounts.services import audit_record

    if not department_may_manage(actor=actor, bureau_id=department.bureau_id):
        raise NotPermitted(_("只有该直属局可以修改本局的内设机构。"))
    name, name_en = name.strip(), name_en.strip()
    errors = _department_errors(
        bureau_id=department.bureau_id,
        name=name,
        name_en=name_en,
        kind=kind,
        exclude_pk=department.pk,
    )
    if errors:
        raise InvalidInput(field_errors=errors)
    fields = ("name", "name_en", "kind", "is_active")
    try:
        with transaction.atomic():
            department = BureauDepartment.objects.select_for_update().get(pk=department.pk)
            if not department_may_manage(actor=actor, bureau_id=department.bureau_id):
                raise NotPermitted(_("只有该直属局可以修改本局的内设机构。"))
            after = {"name": name, "name_en": name_en, "kind": kind, "is_active": is_active}
            changes = {
                field: [getattr(department, field), after[field]]
                for field in fields
                if getattr(department, field) != after[field]
            }
            for field in fields:
                setattr(department, field, after[field])
            department.save(update_fields=list(fields))
            if changes:
                audit_record(
                    actor=actor,
                    action=AuditEntry.Action.UPDATE,
                    instance=department,
                    changes=changes,
                    source="web",
                )
    except IntegrityError:
        raise Conflict(_("本局已有同名的内设机构。")) from None
    return department


# ---------------------------------------------------------------- 总局监督检查 (seed 000 §19)
# "总局将各直属局生态原产地保护工作完成情况纳入绩效考核,……并对各局工作落实情况进行监督检查":
# HQ records, corrects (as a draft), issues, closes (销号) or returns a check; the checked bureau
# reports its rectification; nobody else acts (regions.models.BureauCheck).


def bureau_check_may_manage(*, user) -> bool:
    """HQ (通关司) records, issues, closes and returns checks of bureaus."""
    return user.is_authenticated and user.role == Role.HQ


def bureau_check_is_checked_bureau(*, check: BureauCheck, user) -> bool:
    """A bureau account of the checked bureau: the one to report the rectification."""
    return user.is_authenticated and user.role == Role.BUREAU and user.bureau_id == check.bureau_id


def _bureau_check_audit(actor: User, action: str, check: BureauCheck, changes: dict) -> None:
    from accounts.services import audit_record

    audit_record(actor=actor, action=action, instance=check, changes=changes, source="web")


def _bureau_check_text_errors(
    values: dict[str, str], messages: dict[str, str]
) -> dict[str, list[str]]:
    """Required texts of a check, within the model's length where it has one."""
    errors = {}
    for name, value in values.items():
        limit = BureauCheck._meta.get_field(name).max_length
        if not value:
            errors[name] = [messages[name]]
        elif limit is not None and len(value) > limit:
            errors[name] = [_("不能超过 %(n)s 个字符。") % {"n": limit}]
    return errors


def _bureau_check_fields(
    *,
    bureau: Bureau | None,
    checked_on: date,
    team: str,
    scope: str,
    findings: str,
    requirements: str,
    deadline: date,
) -> dict:
    """A check's fields, stripped, or InvalidInput naming each one refused: a check already
    held (not after today), a team, what was checked, what was found, what is required, and a
    deadline for the rectification that is still ahead."""
    texts = {
        "team": team.strip(),
        "scope": scope.strip(),
        "findings": findings.strip(),
        "requirements": requirements.strip(),
    }
    errors = _bureau_check_text_errors(
        texts,
        {
            "team": _("请填写检查组成员。"),
            "scope": _("请填写检查内容。"),
            "findings": _("请填写发现的问题。"),
            "requirements": _("请填写整改要求。"),
        },
    )
    today = timezone.localdate()
    if bureau is None:
        errors["bureau"] = [_("请选择被检查的直属局。")]
    if checked_on > today:
        errors["checked_on"] = [_("检查日期不能晚于今天。")]
    if deadline < today:
        errors["deadline"] = [_("整改期限不能早于今天。")]
    elif deadline < checked_on:
        errors["deadline"] = [_("整改期限不能早于检查日期。")]
    if errors:
        raise InvalidInput(field_errors=errors)
    return {"bureau": bureau, "checked_on": checked_on, "deadline": deadline, **texts}


def bureau_check_create(
    *,
    actor: User,
    bureau: Bureau | None,
    checked_on: date,
    team: str,
    scope: str,
    findings: str,
    requirements: str,
    deadline: date,
) -> BureauCheck:
    """登记 a supervision check of a bureau (§19 "对各局工作落实情况进行监督检查"): the bureau
    checked, the date, HQ's team, what was checked, the findings and the rectification required
    by a deadline. A draft until HQ issues it: the bureau does not see it yet. Only HQ (403);
    a field refused is 400. Audited."""
    from accounts.models import AuditEntry

    if not bureau_check_may_manage(user=actor):
        raise NotPermitted(_("只有总局可以登记对直属局的监督检查。"))
    values = _bureau_check_fields(
        bureau=bureau,
        checked_on=checked_on,
        team=team,
        scope=scope,
        findings=findings,
        requirements=requirements,
        deadline=deadline,
    )
    with transaction.atomic():
        check = BureauCheck.objects.create(created_by=actor, **values)
        _bureau_check_audit(
            actor,
            AuditEntry.Action.CREATE,
            check,
            {
                "status": check.status,
                "bureau": check.bureau.code,
                "checked_on": checked_on.isoformat(),
                "deadline": deadline.isoformat(),
            },
        )
    return check


def bureau_check_update(
    *,
    check: BureauCheck,
    actor: User,
    bureau: Bureau | None,
    checked_on: date,
    team: str,
    scope: str,
    findings: str,
    requirements: str,
    deadline: date,
) -> BureauCheck:
    """HQ corrects a check while it is a draft; once issued to the bureau its findings and
    requirements stand (409). Only HQ (403). Audited with what changed."""
    from accounts.models import AuditEntry

    if not bureau_check_may_manage(user=actor):
        raise NotPermitted(_("只有总局可以修改监督检查记录。"))
    values = _bureau_check_fields(
        bureau=bureau,
        checked_on=checked_on,
        team=team,
        scope=scope,
        findings=findings,
        requirements=requirements,
        deadline=deadline,
    )
    with transaction.atomic():
        check = BureauCheck.objects.select_for_update().get(pk=check.pk)
        if check.status != BureauCheck.Status.DRAFT:
            raise Conflict(_("检查已下发，不能再修改。"))
        changes = {}
        for name, value in values.items():
            before = getattr(check, name)
            if before != value:
                shown = [before, value]
                if name == "bureau":
                    shown = [before.code, value.code]
                elif name in ("checked_on", "deadline"):
                    shown = [before.isoformat(), value.isoformat()]
                changes[name] = shown
                setattr(check, name, value)
        check.save(update_fields=list(values))
        if changes:
            _bureau_check_audit(actor, AuditEntry.Action.UPDATE, check, changes)
    return check


def bureau_check_issue(*, check: BureauCheck, actor: User) -> BureauCheck:
    """下发: HQ issues a draft to the checked bureau, which from now on sees it and owes its
    rectification by the deadline. Only HQ (403); once (409); not with a deadline already past
    (400: correct the draft first). Audited."""
    from accounts.models import AuditEntry

    if not bureau_check_may_manage(user=actor):
        raise NotPermitted(_("只有总局可以下发监督检查。"))
    with transaction.atomic():
        check = BureauCheck.objects.select_for_update().get(pk=check.pk)
        if check.status != BureauCheck.Status.DRAFT:
            raise Conflict(_("该检查已下发。"))
        if check.deadline < timezone.localdate():
            raise InvalidInput(
                _("整改期限已过，请先修改检查记录。"),
                field_errors={"deadline": [_("整改期限不能早于今天。")]},
            )
        check.status = BureauCheck.Status.OPEN
        check.issued_at = timezone.now()
        check.issued_by = actor
        check.save(update_fields=["status", "issued_at", "issued_by"])
        _bureau_check_audit(
            actor,
            AuditEntry.Action.UPDATE,
            check,
            {"status": [BureauCheck.Status.DRAFT, check.status]},
        )
    return check


def bureau_check_report(*, check: BureauCheck, actor: User, rectification: str) -> BureauCheck:
    """整改情况: the checked bureau reports the measures it took and their result, on an issued
    check that waits for it (open, or returned by HQ for more). Only a bureau account of the
    checked bureau (403); while HQ has a report before it, or once closed, nothing more (409).
    Audited with the text (a returned check's earlier report stays in the audit trail)."""
    from accounts.models import AuditEntry

    if not bureau_check_is_checked_bureau(check=check, user=actor):
        raise NotPermitted(_("只有被检查的直属局可以报告整改情况。"))
    rectification = rectification.strip()
    if not rectification:
        raise InvalidInput(field_errors={"rectification": [_("请填写整改情况。")]})
    with transaction.atomic():
        check = BureauCheck.objects.select_for_update().get(pk=check.pk)
        if check.status == BureauCheck.Status.REPORTED:
            raise Conflict(_("已报告整改情况，等待总局审核。"))
        if check.status == BureauCheck.Status.CLOSED:
            raise Conflict(_("该检查已销号。"))
        if check.status == BureauCheck.Status.DRAFT:
            raise Conflict(_("该检查尚未下发。"))
        before = check.status
        check.status = BureauCheck.Status.REPORTED
        check.rectification = rectification
        check.reported_at = timezone.now()
        check.reported_by = actor
        check.save(update_fields=["status", "rectification", "reported_at", "reported_by"])
        _bureau_check_audit(
            actor,
            AuditEntry.Action.UPDATE,
            check,
            {"status": [before, check.status], "rectification": rectification},
        )
    return check


def _bureau_check_answer(*, check: BureauCheck, actor: User, note: str, close: bool):
    """HQ's answer to a reported rectification: 销号 (closed, final) or 退回 (the bureau reports
    again). Only HQ (403); a note (400); only a reported check, once (409). Audited."""
    from accounts.models import AuditEntry

    if not bureau_check_may_manage(user=actor):
        raise NotPermitted(_("只有总局可以对整改情况销号或退回。"))
    note = note.strip()
    if not note:
        message = _("请填写销号意见。") if close else _("请填写退回意见。")
        raise InvalidInput(field_errors={"note": [message]})
    with transaction.atomic():
        check = BureauCheck.objects.select_for_update().get(pk=check.pk)
        if check.status == BureauCheck.Status.CLOSED:
            raise Conflict(_("该检查已销号。"))
        if check.status != BureauCheck.Status.REPORTED:
            raise Conflict(_("直属局报告整改情况后才能销号或退回。"))
        now = timezone.now()
        if close:
            check.status = BureauCheck.Status.CLOSED
            check.closing_note, check.closed_at, check.closed_by = note, now, actor
            written = ["status", "closing_note", "closed_at", "closed_by"]
        else:
            check.status = BureauCheck.Status.RETURNED
            check.return_note, check.returned_at = note, now
            written = ["status", "return_note", "returned_at"]
        check.save(update_fields=written)
        _bureau_check_audit(
            actor,
            AuditEntry.Action.UPDATE,
            check,
            {"status": [BureauCheck.Status.REPORTED, check.status], "note": note},
        )
    return check


def bureau_check_close(*, check: BureauCheck, actor: User, note: str) -> BureauCheck:
    """销号: HQ accepts the bureau's rectification, with its opinion; final."""
    return _bureau_check_answer(check=check, actor=actor, note=note, close=True)


def bureau_check_return(*, check: BureauCheck, actor: User, note: str) -> BureauCheck:
    """退回: HQ finds the rectification short, says why, and the bureau reports again."""
    return _bureau_check_answer(check=check, actor=actor, note=note, close=False)

"""The life of a double-random plan (双随机, seed 000 §10) of any programme, by protocol 2 (ADR
0009): a lottery draw declared when the plan is made (plan_randomness), the candidate lists
committed before it (plan_draw: their hash published), the draw made when its numbers are entered
(plan_beacon_enter), the draw data made public after the inspections (plan_reveal) so that anyone
can re-run it (published_document), and the results published. Nothing is secret, so nobody, not
even someone with database access, can steer a draw. Plans made by protocol 1 before (a secret
seed kept from the plan's making) are no longer drawn; those drawn still verify (plan_verify). A
programme's plan is a concrete casework.models.DrawPlan; what differs (who may manage it, its
candidates, who is recused, how targets are stored) comes in as arguments. Below them, what every
programme's plan page shows and does: the steps a manager may take now, the shortfalls in words,
the verification's rows (templates/includes/draw/), a step's answer and the published data."""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.services import audit_record
from ecoorigin.exceptions import Conflict, DomainError, InvalidInput, NotPermitted
from ecoorigin.views import error_status

from . import beacon, draw
from .models import DrawPlan
from .todo import TodoItem, TodoKind


def plan_randomness(*, beacon_source: str, beacon_date, planned_date) -> tuple[dict, dict]:
    """The fields of a new plan's randomness and the messages, by field, of what is wrong. Every
    new plan draws by protocol 2 and keeps no secret: it declares the lottery draw (a source of
    casework.beacon and the date of one of its draws) whose numbers will decide it, after today,
    so that nobody knows them when the lists are committed, and before the inspection date."""
    errors = {}
    if beacon_source not in beacon.SOURCES:
        errors["beacon_source"] = [_("请选择公共随机数来源。")]
    if beacon_date is None:
        errors["beacon_date"] = [_("请填写公共随机数的开奖日期。")]
    elif beacon_source in beacon.SOURCES:
        wrong = beacon.date_errors(
            beacon_source, beacon_date, today=timezone.localdate(), planned_date=planned_date
        )
        if wrong:
            errors["beacon_date"] = wrong
    fields = {
        "protocol": 2,
        "beacon_source": beacon_source,
        "beacon_date": beacon_date,
        "seed": "",
        "seed_commitment": "",
    }
    return fields, errors


def plan_field_errors(*, sample_size, sample_ratio, team_size: int, planned_date) -> dict:
    """The messages, by field, for a plan's sample, team and date (the same for every
    programme); empty when they are right."""
    errors = {}
    if (sample_size is None) == (sample_ratio is None):
        errors["sample_size"] = [_("请填写抽取数量或抽取比例（二选一）。")]
    if sample_size is not None and sample_size < 1:
        errors["sample_size"] = [_("抽取数量至少为 1。")]
    if sample_ratio is not None and not 0 < float(sample_ratio) <= 100:
        errors["sample_ratio"] = [_("抽取比例应在 0 到 100 之间。")]
    if team_size < 2:
        errors["team_size"] = [_("每组检查人员不少于 2 人。")]
    if planned_date < timezone.localdate():
        errors["planned_date"] = [_("检查日期不能早于今天。")]
    return errors


def plan_draw(
    *,
    model: type[DrawPlan],
    plan_id: int,
    actor,
    may_manage: Callable,
    snapshot_of: Callable[[DrawPlan], dict],
) -> DrawPlan:
    """抽取's first step (封存候选名单), the plan locked: the candidate lists frozen and their
    hash published (and audited) while the declared lottery result is still unknown, before its
    date. Nothing is drawn yet; plan_beacon_enter draws once the result is public. A plan
    committed or drawn already is returned as it is, so a repeated sweep or a second click never
    commits twice. A plan made by protocol 1 and not drawn is refused: whoever could read its
    secret seed could choose the lists for it (ADR 0009). `actor` None is the scheduled step."""
    with transaction.atomic():
        plan = model.objects.select_for_update().get(pk=plan_id)
        if actor is not None and not may_manage(plan=plan, user=actor):
            raise NotPermitted(_("您无权执行此抽取。"))
        if plan.status != DrawPlan.Status.PLANNED:
            return plan
        if plan.protocol != 2:
            raise Conflict(
                _("该计划按旧协议使用保密种子，已不能抽取：请重新制定计划并声明公共随机数。")
            )
        if timezone.localdate() >= plan.beacon_date:
            raise Conflict(
                _(
                    "公共随机数的开奖日期已到，封存候选名单已无意义：请重新制定计划并声明新的开奖日期。"
                )
            )
        plan.snapshot = draw.pack_snapshot(snapshot_of(plan))
        plan.snapshot_commitment = draw.snapshot_commitment(plan.snapshot)
        plan.committed_at = timezone.now()
        plan.status = DrawPlan.Status.COMMITTED
        plan.save()
        audit_record(
            actor=actor,
            action="update",
            instance=plan,
            source="web" if actor is not None else "task",
            changes={"snapshot_commitment": plan.snapshot_commitment},
        )
    return plan


def plan_beacon_enter(
    *,
    model: type[DrawPlan],
    plan: DrawPlan,
    actor,
    value: str,
    may_manage: Callable,
    recusal: Callable | None,
    write_targets: Callable[[DrawPlan, draw.DrawResult], None],
) -> DrawPlan:
    """录入开奖号码 of a committed protocol-2 plan, and draw: whoever may draw the plan enters
    the declared lottery's result, once, from its draw date on. The stored lists must still
    hash to the published commitment, else nothing is drawn (they were changed)."""
    if not may_manage(plan=plan, user=actor):
        raise NotPermitted(_("您无权执行此抽取。"))
    with transaction.atomic():
        plan = model.objects.select_for_update().get(pk=plan.pk)
        if plan.protocol != 2:
            raise Conflict(_("该计划不使用公共随机数。"))
        if plan.status == DrawPlan.Status.PLANNED:
            raise Conflict(_("候选名单封存（公布承诺值）之后才能录入开奖号码。"))
        if plan.status != DrawPlan.Status.COMMITTED:
            raise Conflict(_("开奖号码已录入，不能再次录入。"))
        if timezone.localdate() < plan.beacon_date:
            raise Conflict(_("声明的开奖日期之前不能录入开奖号码。"))
        try:
            value = beacon.normalise(plan.beacon_source, value)
        except ValueError as error:
            raise InvalidInput(str(error), field_errors={"value": [str(error)]}) from error
        if draw.snapshot_commitment(plan.snapshot) != plan.snapshot_commitment:
            raise Conflict(_("保存的候选名单与公布的承诺值不一致，已拒绝抽取。"))
        plan.beacon_value = value
        plan.beacon_entered_at = timezone.now()
        plan.seed = draw.beacon_seed(plan.snapshot_commitment, value, plan.plan_key)
        snapshot = draw.unpack_snapshot(plan.snapshot)
        result = draw.run(
            snapshot,
            plan.seed,
            sample_size=plan.sample_size,
            sample_ratio=plan.sample_ratio,
            team_size=plan.team_size,
            exclude_own_bureau=plan.exclude_own_bureau,
            weighted=plan.weighted,
            mixed_teams=_mixed_teams(plan),
            recusal=recusal,
        )
        write_targets(plan, result)
        # The drawn targets' recusals go beside the sealed lists, not into them: rewriting the
        # national snapshot (1 MB) for them took a third of the draw (docs/performance.md).
        plan.result = {**result.as_dict(), "recused": draw.packed_recusals(snapshot)}
        plan.shortfalls = result.shortfalls
        plan.status = DrawPlan.Status.DRAWN
        plan.drawn_at = timezone.now()
        plan.save(
            update_fields=[
                "beacon_value", "beacon_entered_at", "seed", "result", "shortfalls", "status",
                "drawn_at",
            ]
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="update",
            instance=plan,
            source="web",
            changes={"beacon_value": value, "seed": plan.seed},
        )
    return plan


def _mixed_teams(plan: DrawPlan) -> bool:
    """Whether the plan's teams are mixed (混合编组): a programme's plan that offers the choice
    has the field `mixed_teams`; the others never are."""
    return getattr(plan, "mixed_teams", False)


def plan_reveal(*, model: type[DrawPlan], plan: DrawPlan, actor, may_manage: Callable) -> DrawPlan:
    """公开种子 after the inspections: anyone can then re-run the draw."""
    if not may_manage(plan=plan, user=actor):
        raise NotPermitted()
    with transaction.atomic():
        plan = model.objects.select_for_update().get(pk=plan.pk)
        if plan.status != DrawPlan.Status.DRAWN:
            raise Conflict(_("只有已抽取的计划可以公开种子。"))
        if timezone.localdate() <= plan.planned_date:
            raise Conflict(_("检查实施后（检查日期之后）才能公开种子。"))
        plan.status = DrawPlan.Status.REVEALED
        plan.revealed_at = timezone.now()
        plan.save(update_fields=["status", "revealed_at"])
        audit_record(
            actor=actor, action="update", instance=plan, source="web", changes={"seed": "revealed"}
        )
    return plan


def plan_verify(*, plan: DrawPlan) -> dict:
    """Re-run the draw from the stored snapshot and the revealed seed."""
    if plan.status != DrawPlan.Status.REVEALED:
        raise Conflict(_("种子公开后才能验证抽取结果。"))
    verdict = draw.verify_published(published_document(plan))
    return {
        "protocol": plan.protocol,
        "seed": verdict["seed"],
        "seed_commitment": plan.seed_commitment,
        "snapshot_commitment": plan.snapshot_commitment,
        "beacon_source": plan.beacon_source,
        "beacon_date": plan.beacon_date,
        "beacon_value": plan.beacon_value,
        # Protocol 1: SHA-256(seed) is the commitment; protocol 2: the stored lists hash to the
        # commitment and the seed follows from it and the lottery result.
        "seed_matches_commitment": verdict["committed"],
        "result_matches": verdict["result_matches"],
        "algorithm": verdict["algorithm"],
        "targets": verdict["targets"],
    }


def published_response(plan: DrawPlan) -> HttpResponse:
    """`published_document` as a JSON file to download (the caller decides who may)."""
    body = json.dumps(published_document(plan), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"{plan._meta.model_name}-{plan.pk}-draw.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def published_document(plan: DrawPlan) -> dict:
    """Everything a drawn plan's re-run needs, as published once its seed or lists are made
    public (the verify page's JSON download): casework.draw.verify_published re-runs it from
    this alone, on the server or offline."""
    return {
        "plan": plan.plan_key,
        "protocol": plan.protocol,
        "parameters": {
            "sample_size": plan.sample_size,
            "sample_ratio": None if plan.sample_ratio is None else str(plan.sample_ratio),
            "team_size": plan.team_size,
            "exclude_own_bureau": plan.exclude_own_bureau,
            "weighted": plan.weighted,
            "mixed_teams": _mixed_teams(plan),
        },
        "seed": plan.seed,
        "seed_commitment": plan.seed_commitment,
        "snapshot_commitment": plan.snapshot_commitment,
        "committed_at": plan.committed_at.isoformat() if plan.committed_at else None,
        "beacon": {
            "source": plan.beacon_source,
            "date": plan.beacon_date.isoformat() if plan.beacon_date else None,
            "value": plan.beacon_value,
        },
        "drawn_at": plan.drawn_at.isoformat() if plan.drawn_at else None,
        "snapshot": drawn_snapshot(plan),
        "result": {name: part for name, part in plan.result.items() if name != "recused"},
    }


def drawn_snapshot(plan: DrawPlan) -> dict:
    """The stored lists a drawn plan was drawn from, with its drawn targets' recusals, as
    `draw.unpack_snapshot` and the published document read them: the recusals are kept in the
    plan's result (plan_beacon_enter), or, in the draws made before they were, in the snapshot."""
    recused = plan.result.get("recused") if plan.result else None
    if not recused:
        return plan.snapshot
    return {**plan.snapshot, "recused": {**plan.snapshot.get("recused", {}), **recused}}


def plan_publish(*, model: type[DrawPlan], plan: DrawPlan, actor, may_manage: Callable) -> DrawPlan:
    """公开检查结果, after the inspection date. `actor` None is the scheduled publication."""
    if actor is not None and not may_manage(plan=plan, user=actor):
        raise NotPermitted()
    with transaction.atomic():
        plan = model.objects.select_for_update().get(pk=plan.pk)
        if plan.status in (DrawPlan.Status.PLANNED, DrawPlan.Status.COMMITTED):
            raise Conflict(_("尚未抽取的计划没有结果可公开。"))
        if timezone.localdate() <= plan.planned_date:
            raise Conflict(_("检查实施前不得公开抽查信息。"))
        if plan.published_at is None:
            plan.published_at = timezone.now()
            plan.save(update_fields=["published_at"])
    return plan


# ---------------------------------------------------------------- what a plan's page shows


def page_actions(plan: DrawPlan, *, manages: bool, scheduled_at=None) -> dict:
    """What a plan's page offers its managers now: the commitment of the candidate lists (抽取's
    first step) before the declared lottery draws, not while a scheduled one is due
    (`scheduled_at`, for a programme whose plans have one: `drawing`, the page refreshes until
    the sweep has made it); the entry of the lottery's numbers once it has drawn, without which
    nothing is drawn; then, after the inspection date, the draw data's reveal and the results'
    publication. A plan that can no longer be committed (DrawPlan.stranded) offers nothing."""
    after_inspection = timezone.localdate() > plan.planned_date
    drawn = plan.status in (DrawPlan.Status.DRAWN, DrawPlan.Status.REVEALED)
    committable = plan.status == DrawPlan.Status.PLANNED and not plan.stranded
    drawing = committable and scheduled_at is not None and scheduled_at <= timezone.now()
    return {
        "drawing": drawing,
        "may_draw": manages and committable and not drawing,
        "may_enter_beacon": manages and plan.numbers_due,
        "may_reveal": manages and plan.status == DrawPlan.Status.DRAWN and after_inspection,
        "may_publish": manages and drawn and after_inspection and plan.published_at is None,
        "after_inspection": after_inspection,
    }


def numbers_due(plans: QuerySet, *, user) -> QuerySet:
    """Of a programme's `plans` that `user` sees, those it manages (HQ: HQ's plans; a bureau:
    its own) whose lists are committed and whose declared lottery has drawn: its numbers are
    to be entered, and until they are nothing is drawn (DrawPlan.numbers_due). The soonest
    inspection first."""
    own = (
        Q(owner_bureau__isnull=True) if user.role == Role.HQ else Q(owner_bureau_id=user.bureau_id)
    )
    return plans.filter(
        own, status=DrawPlan.Status.COMMITTED, beacon_date__lte=timezone.localdate()
    ).order_by("planned_date", "pk")


@dataclass(frozen=True)
class NumbersDue:
    """A programme's to-do (casework.todo) of the plans whose lottery numbers HQ or a bureau
    is to enter (numbers_due): the kind's `code`, `label` and navigation entry (`nav`), the URL
    names of the plans' list and of a plan's page (`urls`, the second taking the plan's pk),
    and the programme's selector of the plans a user sees (`plans(user=)`)."""

    code: str
    label: str | Promise
    nav: str
    urls: tuple[str, str]
    plans: Callable

    def kind(self) -> TodoKind:
        url = reverse(self.urls[0])
        return TodoKind(self.code, self.label, self.nav, url, clock=_("检查日期"))

    def count(self, user) -> int:
        return numbers_due(self.plans(user=user), user=user).count()

    def items(self, user, limit: int) -> list[TodoItem]:
        """Each plan, its page, its inspection date (the draw must come before it) and its
        lottery draw."""
        return [
            TodoItem(
                title=plan.name,
                url=reverse(self.urls[1], args=[plan.pk]),
                due_date=plan.planned_date,
                detail=_("%(date)s %(source)s开奖号码")
                % {"date": plan.beacon_date.isoformat(), "source": plan.beacon_label},
            )
            for plan in numbers_due(self.plans(user=user), user=user)[:limit]
        ]


def short_teams(plan: DrawPlan) -> set[int]:
    """The drawn cases whose team the draw could not fill."""
    return {s.get("case") for s in plan.shortfalls or [] if s.get("kind") == "team"}


def shortfall_lines(
    plan: DrawPlan, *, names: dict, few_candidates: str, own_bureau: str, no_candidates: str
) -> list[str]:
    """The draw's shortfalls in plain words. `names` are the names of the drawn cases shown, by
    case id; the programme words what differs, translated: too few candidates (`few_candidates`,
    with %(wanted)s and %(available)s), the recusal of the target's own bureau (`own_bureau`)
    and a scope with no candidate at all (`no_candidates`)."""
    lines = []
    for shortfall in plan.shortfalls or []:
        kind = shortfall.get("kind")
        if kind == "targets":
            lines.append(few_candidates % shortfall)
            continue
        facts = {
            **shortfall,
            "target": names.get(shortfall.get("case"), f"#{shortfall.get('case')}"),
        }
        if kind == "team":
            lines.append(
                _(
                    "检查人员不足：%(target)s 每组需要 %(wanted)s 名检查人员，按回避规则"
                    "（经办人员、既往检查人员%(own)s）可选派的只有 %(available)s 名。"
                )
                % {**facts, "own": own_bureau if plan.exclude_own_bureau else ""}
            )
        elif kind == "mixed":
            lines.append(
                _(
                    "混合编组不足：%(target)s 的检查组 %(members)s 人只来自 %(bureaus)s 个直属局"
                    "（按回避规则可选派的人员不够来自不同直属局）。"
                )
                % facts
            )
    if plan.drawn_at is not None and not names and not plan.result.get("targets"):
        lines.append(no_candidates)
    return lines


def verification_rows(verification: dict, *, objects: dict, teams: dict) -> list[dict]:
    """The re-run's targets (plan_verify, as the user may see them) for its page: each with its
    position, what was drawn (`objects`, by case id: None if it is gone), the case id, the size
    of its team and, for whoever may see them, its members (`teams`, by case id)."""
    return [
        {
            "position": row["position"],
            "object": objects.get(row["case"]),
            "case_id": row["case"],
            "team_size": len(row["inspectors"]),
            "team": teams.get(row["case"]),
        }
        for row in verification["targets"]
    ]


# ---------------------------------------------------------------- a plan's steps and data, by page


@dataclass(frozen=True)
class PlanPages:
    """A programme's plan pages as the steps taken on them need them: the plan a request may
    see (`plan(request, pk)`, 404 otherwise), its page, which answers a refused step
    (`page(request, plan, status=)`), and that page's URL name (`url`, taking the plan's pk)."""

    plan: Callable
    page: Callable
    url: str

    def step(self, request, pk: int, step: Callable, success: str):
        """One step a manager takes on the plan's page (commit the lists, reveal, publish):
        `step(plan=, actor=)` is the programme's service, which decides. Refused, the plan's
        page answers with the message and its status (400, 403, 409); done, `success` is said
        and the browser goes back to the page."""
        plan = self.plan(request, pk)
        try:
            step(plan=plan, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return self.page(request, plan, status=error_status(error))
        messages.success(request, success)
        return redirect(self.url, pk=plan.pk)

    def beacon(self, request, pk: int, enter: Callable):
        """录入开奖号码 on a committed plan's page: `enter` is the programme's
        plan_beacon_enter; the draw follows at once."""
        value = request.POST.get("value", "")
        return self.step(
            request,
            pk,
            lambda plan, actor: enter(plan=plan, actor=actor, value=value),
            _("开奖号码已录入，抽取完成。"),
        )


def verify_refusal(request, plan: DrawPlan, *, sees_plan: Callable[[], bool]):
    """Whether `request` may not see a plan's verification, and the answer if not: anyone may
    once its draw data are revealed and its results published; before that whoever sees the
    plan (`sees_plan()`): the anonymous are asked to log in, anyone else finds nothing (404).
    None when the request may see it."""
    if plan.status == DrawPlan.Status.REVEALED and plan.published_at is not None:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not sees_plan():
        raise Http404
    return None


def published_data(request, plan: DrawPlan, *, manages: bool, log_view: Callable):
    """抽取数据 (JSON, published_response) of a revealed draw, for anyone to re-run it offline
    (casework/draw.py): the public's once the results are published, its managers' (`manages`)
    as soon as it is revealed; the anonymous are asked to log in, anyone else finds nothing.
    A signed-in user's download is a view of the draw (`log_view(user=, plan=, via=)`)."""
    user = request.user
    if plan.status != DrawPlan.Status.REVEALED or not (plan.published_at is not None or manages):
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    if user.is_authenticated:
        log_view(user=user, plan=plan, via="web")
    return published_response(plan)

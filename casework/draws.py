"""The life of a double-random plan (双随机, seed 000 §10) of any programme: a secret seed with its
public commitment when the plan is made, one draw from a snapshot of the candidates, the seed
revealed after the inspections so that anyone can re-run the draw (casework.draw), and the
results published; or, by protocol 2 (ADR 0009), the candidate lists committed before a
declared lottery draw and the draw made when its numbers are entered (plan_beacon_enter), with
nothing secret and the published data re-run by anyone (published_document). A programme's plan is a concrete casework.models.DrawPlan; what differs (who
may manage it, its candidates, who is recused, how targets are stored) comes in as arguments.
Below them, what every programme's plan page shows: a draw running, the steps a manager may take
now, the shortfalls in words and the verification's rows (templates/includes/draw/)."""

import json
import secrets
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted

from . import beacon, draw
from .models import DrawPlan

# How long a draw queued from a plan's page is shown as running (正在抽取) before the page offers
# the button again.
DRAWING_SECONDS = 600


def new_seed() -> dict:
    """The fields of a new protocol-1 plan's seed: the secret and its SHA-256 commitment."""
    seed = secrets.token_hex(32)
    return {"protocol": 1, "seed": seed, "seed_commitment": draw.commitment(seed)}


def plan_randomness(*, beacon_source: str = "", beacon_date=None, planned_date) -> tuple:
    """The fields of a new plan's randomness and the messages, by field, of what is wrong: with
    a declared lottery draw (casework.beacon) a protocol-2 plan, which keeps no secret; without
    one, a protocol-1 plan with a secret seed (the callers that do not declare one yet)."""
    if not beacon_source and beacon_date is None:
        return new_seed(), {}
    errors = beacon.date_errors(
        beacon_source, beacon_date, today=timezone.localdate(), planned_date=planned_date
    )
    fields = {
        "protocol": 2,
        "beacon_source": beacon_source,
        "beacon_date": beacon_date,
        "seed": "",
        "seed_commitment": "",
    }
    return fields, ({"beacon_date": errors} if errors else {})


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


def rerun(plan: DrawPlan, snapshot: dict, *, recusal=None) -> draw.DrawResult:
    """Draw with the plan's parameters: a new draw with the current algorithm; a verification
    with the algorithm it was drawn with."""
    algorithm = (plan.result or {}).get("algorithm", draw.ALGORITHM_VERSION)
    return draw.run(
        snapshot,
        plan.seed,
        sample_size=plan.sample_size,
        sample_ratio=plan.sample_ratio,
        team_size=plan.team_size,
        exclude_own_bureau=plan.exclude_own_bureau,
        weighted=plan.weighted,
        algorithm=algorithm,
        recusal=recusal,
    )


def plan_draw(
    *,
    model: type[DrawPlan],
    plan_id: int,
    actor,
    may_manage: Callable,
    snapshot_of: Callable[[DrawPlan], dict],
    recusal: Callable | None,
    write_targets: Callable[[DrawPlan, draw.DrawResult], None],
) -> DrawPlan:
    """Draw once, the plan locked. A plan already drawn is returned as it is, so a repeated task
    or a second click never draws twice. `actor` None is the scheduled draw."""
    with transaction.atomic():
        plan = model.objects.select_for_update().get(pk=plan_id)
        if actor is not None and not may_manage(plan=plan, user=actor):
            raise NotPermitted(_("您无权执行此抽取。"))
        if plan.status != DrawPlan.Status.PLANNED:
            return plan
        if plan.protocol == 2:
            return _commit(plan, actor=actor, snapshot=snapshot_of(plan))
        snapshot = snapshot_of(plan)
        result = rerun(plan, snapshot, recusal=recusal)
        write_targets(plan, result)
        plan.snapshot = draw.pack_snapshot(snapshot)
        plan.result = result.as_dict()
        plan.shortfalls = result.shortfalls
        plan.status = DrawPlan.Status.DRAWN
        plan.drawn_at = timezone.now()
        plan.save()
    return plan


def _commit(plan: DrawPlan, *, actor, snapshot: dict) -> DrawPlan:
    """Protocol 2's first step (the plan locked by the caller): the candidate lists frozen and
    their hash published while the declared lottery result is still unknown. Nothing is drawn
    yet; plan_beacon_enter draws once the result is public."""
    if timezone.localdate() >= plan.beacon_date:
        raise Conflict(
            _("公共随机数的开奖日期已到，封存候选名单已无意义：请重新制定计划并声明新的开奖日期。")
        )
    plan.snapshot = draw.pack_snapshot(snapshot)
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
        result = rerun(plan, snapshot, recusal=recusal)
        write_targets(plan, result)
        plan.snapshot = draw.pack_snapshot(snapshot)
        plan.result = result.as_dict()
        plan.shortfalls = result.shortfalls
        plan.status = DrawPlan.Status.DRAWN
        plan.drawn_at = timezone.now()
        plan.save()
        audit_record(
            actor=actor,
            action="update",
            instance=plan,
            source="web",
            changes={"beacon_value": value, "seed": plan.seed},
        )
    return plan


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
        "snapshot": plan.snapshot,
        "result": plan.result,
    }


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


def _drawing_key(plan: DrawPlan) -> str:
    # One plan model per app: the app's label tells the programmes' plans apart.
    return f"{plan._meta.app_label}:drawing:{plan.pk}"


def mark_drawing(plan: DrawPlan) -> None:
    """A draw of the plan was queued: its page shows it running until the draw is done, or for
    DRAWING_SECONDS at most."""
    cache.set(_drawing_key(plan), int(time.time()), DRAWING_SECONDS)


def unmark_drawing(plan: DrawPlan) -> None:
    """The queued draw is done, or was never queued."""
    cache.delete(_drawing_key(plan))


def is_drawing(plan: DrawPlan, *, scheduled_at=None) -> bool:
    """A draw was queued, or the plan's scheduled draw (`scheduled_at`, for a programme whose
    plans have one) is due, and the plan is not drawn yet."""
    if plan.status != DrawPlan.Status.PLANNED:
        return False
    if scheduled_at is not None and scheduled_at <= timezone.now():
        return True
    return cache.get(_drawing_key(plan)) is not None


def page_actions(plan: DrawPlan, *, manages: bool, scheduled_at=None) -> dict:
    """What a plan's page offers its managers now: the draw (not while one runs: `drawing`,
    see is_drawing), then, after the inspection date, the seed's reveal and the results'
    publication."""
    drawing = is_drawing(plan, scheduled_at=scheduled_at)
    after_inspection = timezone.localdate() > plan.planned_date
    drawn = plan.status in (DrawPlan.Status.DRAWN, DrawPlan.Status.REVEALED)
    return {
        "drawing": drawing,
        "may_draw": manages and plan.status == DrawPlan.Status.PLANNED and not drawing,
        "may_enter_beacon": manages
        and plan.status == DrawPlan.Status.COMMITTED
        and timezone.localdate() >= plan.beacon_date,
        "may_reveal": manages and plan.status == DrawPlan.Status.DRAWN and after_inspection,
        "may_publish": manages and drawn and after_inspection and plan.published_at is None,
        "after_inspection": after_inspection,
    }


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
        if shortfall.get("kind") == "targets":
            lines.append(few_candidates % shortfall)
        elif shortfall.get("kind") == "team":
            lines.append(
                _(
                    "检查人员不足：%(target)s 每组需要 %(wanted)s 名检查人员，按回避规则"
                    "（经办人员、既往检查人员%(own)s）可选派的只有 %(available)s 名。"
                )
                % {
                    "target": names.get(shortfall.get("case"), f"#{shortfall.get('case')}"),
                    "wanted": shortfall.get("wanted"),
                    "available": shortfall.get("available"),
                    "own": own_bureau if plan.exclude_own_bureau else "",
                }
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

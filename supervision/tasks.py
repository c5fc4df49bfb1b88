"""Celery tasks of supervision: ids in, idempotent, queued on commit."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def draw_plan(plan_id: int) -> int:
    """Draw one plan; a plan already drawn is left as it is."""
    services.plan_draw(plan_id=plan_id)
    return plan_id


@shared_task(acks_late=True)
def draw_due_plans() -> int:
    return services.plans_draw_due()


@shared_task(acks_late=True)
def sweep_supervision() -> dict:
    return {"published": services.plans_publish_due(), **services.overdue_escalate()}

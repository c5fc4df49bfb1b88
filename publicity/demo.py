"""演示数据 of the public notice (issue 20): one closed batch (two products since certified) and
one open batch (the evaluated 南川古树茶) with one objection awaiting the bureau's view.
Idempotent: nothing is added once a batch exists."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications.models import Application

from . import services
from .models import BatchEntry, NoticeBatch

CLOSED = ["京西白茶", "武陵山绿茶"]
OPEN = "南川古树茶"


def seed_publicity() -> int:
    """The demo batches; returns how many were made."""
    if NoticeBatch.objects.exists():
        return 0
    hq = User.objects.get(username="hq")
    made = 0
    today = timezone.localdate()
    with transaction.atomic():
        closed = list(
            Application.objects.filter(product_name__in=CLOSED, certificate__isnull=False)
        )
        if closed:
            published = today - timedelta(days=40)
            batch = NoticeBatch.objects.create(
                number=f"GS-{published.year}-D01",
                title="拟批准生态原产地保护产品公示（演示往期批次）",
                published_on=published,
                period_days=10,
                ends_on=services.notice_period_end(published, 10),
                published_by=hq,
            )
            BatchEntry.objects.bulk_create(
                [BatchEntry(batch=batch, application=case) for case in closed]
            )
            made += 1
    case = Application.objects.filter(product_name=OPEN, state="evaluated").first()
    if case is not None:
        with transaction.atomic():
            batch = services.batch_publish(
                actor=hq,
                title=f"{today.year}年拟批准生态原产地保护产品公示",
                applications=[case],
            )
            services.objection_submit(
                entry_id=batch.entries.get().pk,
                name="陈明（演示异议人）",
                contact="重庆市南川区德隆镇 023-00000001",
                email="objector@example.com",
                reasons="据了解，该企业部分古树茶原料收购自德隆镇以外的茶园，与公示的产地范围不一致，请核实。",
            )
        made += 1
    return made

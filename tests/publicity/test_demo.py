"""seed_demo shows the notice: one open batch with one objection, one closed batch; idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from publicity.models import NoticeBatch, Objection

pytestmark = pytest.mark.django_db


def test_seed_demo_has_an_open_and_a_closed_batch(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # again: nothing added
    open_batch, closed = NoticeBatch.objects.order_by("-published_on")
    assert open_batch.is_open() and not closed.is_open()
    assert Objection.objects.get().entry.batch == open_batch
    assert closed.entries.count() == 2
    page = client.get("/public/notices/")
    assert open_batch.number in page.text and closed.number in page.text

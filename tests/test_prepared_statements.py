"""PostgreSQL keeps the plan of a query shape a connection runs again and again (ADR 0041)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from accounts.models import User

ROOT = Path(__file__).resolve().parent.parent
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


@on_postgresql
@pytest.mark.django_db
def test_a_query_run_six_times_on_a_connection_is_prepared_once():
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    for username in ["a", "b", "c", "d", "e", "f"]:
        # The same shape with other parameters: the parameters travel apart from the text.
        assert not User.objects.filter(username=username).exists()
    shapes = [
        text for text in prepared_statements() if 'WHERE "accounts_user"."username" = $' in text
    ]
    assert len(shapes) == 1


@on_postgresql
@pytest.mark.django_db
def test_a_query_run_once_is_not_prepared():
    assert not User.objects.filter(username="once", email="once@example.org").exists()
    assert not [text for text in prepared_statements() if '"accounts_user"."email" = $' in text]


def settings_of(**environment) -> dict:
    """The database options ecoorigin.settings reads from `environment`, in a fresh process."""
    run = subprocess.run(
        [sys.executable, "-c", "import json, ecoorigin.settings as s; "
         "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize(
    ("environment", "threshold"),
    [({}, 5), ({"DATABASE_PREPARED_STATEMENTS": "0"}, None)],
)
def test_prepared_statements_may_be_turned_off_for_a_transaction_pooler(environment, threshold):
    options = settings_of(**environment)
    assert options == {"server_side_binding": True, "prepare_threshold": threshold}

"""PostgreSQL keeps the plan of a query shape a connection runs again and again (ADR 0041)."""

import pytest
from django.db import connection

from accounts.models import User

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


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


@pytest.mark.django_db
def test_a_query_run_once_is_not_prepared():
    assert not User.objects.filter(username="once", email="once@example.org").exists()
    assert not [text for text in prepared_statements() if '"accounts_user"."email" = $' in text]

"""The embedded default holds concurrent work (issue 12, point 8).

Under parallel requests on SQLite, 13 answers were 500 "database is locked" while summary PDFs
rendered: two transactions that had both read could not both upgrade to a write lock, and SQLite
refuses the second at once (a deadlock otherwise), whatever the busy timeout. The settings now
open SQLite in WAL mode with transactions that take the write lock when they begin (IMMEDIATE),
so a second writer waits its turn.

The check runs the portal's own settings in a child process against a database file (the test
database is in memory), with threads that each read, work a while and write, as a request does
while a PDF renders.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

CHILD = r"""
import json, threading, time
import django
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
    cursor.execute("CREATE TABLE work (id INTEGER PRIMARY KEY, worker INTEGER)")

errors = []

def request(worker):
    try:
        for _ in range(5):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM work")
                    time.sleep(0.02)  # a page being rendered inside the transaction
                    cursor.execute("INSERT INTO work (worker) VALUES (%s)", [worker])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()

threads = [threading.Thread(target=request, args=(n,)) for n in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM work")
    rows = cursor.fetchone()[0]
print(json.dumps({"mode": mode, "errors": errors, "rows": rows}))
"""


def test_concurrent_writers_on_the_embedded_database_wait_instead_of_failing(tmp_path: Path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "ecoorigin.settings",
        "DJANGO_DEBUG": "1",
    }
    env.pop("CELERY_BROKER_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"mode": "wal", "errors": [], "rows": 40}

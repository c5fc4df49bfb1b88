"""恢复演练 (issue 19, point 6): `bin/restore-drill` backs up the database and the file store,
restores both into fresh copies and proves, by the backup manifest, that they hold what the
source held; a restored copy that lost a row or a file's content is told apart.

The drill runs as operators run it, in a child process against committed data: on SQLite a
database file (the test database is in memory, so its committed state is copied into a file
first), on PostgreSQL the test database itself, restored into `<name>_restore_drill`.
transaction=True: the child processes see only committed rows.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from applications.models import CaseDocument
from tests.applications.factories import ApplicationFactory, attach_required_materials

DRILL = Path(settings.BASE_DIR) / "bin" / "restore-drill"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _documents() -> list[CaseDocument]:
    """A small data set with stored files: a case with its required materials uploaded."""
    documents = attach_required_materials(ApplicationFactory())
    assert len(documents) >= 2
    return documents


def _environment(database_url: str, media_root: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ecoorigin.settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "PYTHON": sys.executable,
    }
    env.pop("STORAGE_URL", None)
    return env


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database's drill")
def test_drill_restores_the_embedded_database_and_store_and_tells_a_damaged_copy(tmp_path):
    documents = _documents()
    source = tmp_path / "source.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(source) as copy:
        connection.connection.backup(copy)
    media_root = Path(settings.MEDIA_ROOT)
    work = tmp_path / "drill"

    drill = _run(
        [str(DRILL), "--database-url", f"sqlite:///{source}", "--work-dir", str(work)],
        _environment(f"sqlite:///{source}", media_root),
    )

    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "restore drill passed" in drill.stdout
    restored_media = work / "restore" / "media"
    assert (restored_media / documents[0].file.name).read_bytes() == (
        media_root / documents[0].file.name
    ).read_bytes()

    # The same copy damaged: one file's content changed, one document's row gone.
    (restored_media / documents[0].file.name).write_bytes(b"%PDF-1.4 altered")
    with sqlite3.connect(work / "restore" / "database.sqlite3") as restored:
        restored.execute(
            f"DELETE FROM {CaseDocument._meta.db_table} WHERE id = ?",  # noqa: S608
            [documents[1].pk],
        )
    compare = _run(
        [
            sys.executable,
            "manage.py",
            "backup_manifest",
            "--compare",
            str(work / "backup" / "manifest.json"),
        ],
        _environment(f"sqlite:///{work / 'restore' / 'database.sqlite3'}", restored_media),
    )

    assert compare.returncode == 1, compare.stdout + compare.stderr
    assert "models applications.CaseDocument: original" in compare.stdout
    assert f"files {documents[0].file.name}: original" in compare.stdout
    assert f"files {documents[1].file.name}: original" in compare.stdout
    assert "restored absent" in compare.stdout


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL drill")
def test_drill_restores_the_postgresql_database_and_store(tmp_path):
    _documents()
    database = connection.settings_dict
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    url = (
        f"postgres://{user}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
        f"{database['NAME']}"
    )

    drill = _run([str(DRILL)], _environment(url, Path(settings.MEDIA_ROOT)))

    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "pg_restore into" in drill.stdout
    assert "restore drill passed" in drill.stdout

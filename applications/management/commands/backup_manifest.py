"""备份清单: `manage.py backup_manifest`, what a backup must bring back (docs/deployment.md).

The manifest of a database and its file store is JSON: the rows of every model of every app,
the migrations applied per app, and the SHA-256 of every stored file a FileField names (null
when the store lacks it). Two copies that hold the same records and files have the same
manifest; `bin/restore-drill` computes it on the source and on the restored copy and compares.
"""

import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.db.migrations.recorder import MigrationRecorder

from casework.file_migration import referenced_files

CHUNK = 1024 * 1024


def manifest_of(*, using: str = DEFAULT_DB_ALIAS) -> dict:
    """The manifest of the database `using` and the store its FileFields write to."""
    concrete = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    counts = {
        model._meta.label: model._base_manager.using(using).count()
        for model in sorted(concrete, key=lambda model: model._meta.label)
    }
    migrations: dict[str, int] = {}
    for app in MigrationRecorder.Migration.objects.using(using).values_list("app", flat=True):
        migrations[app] = migrations.get(app, 0) + 1
    files: dict[str, str | None] = {}
    for field, name in referenced_files(using=using):
        if name not in files:
            files[name] = _sha256(field.storage, name)
    return {
        "models": counts,
        "migrations": dict(sorted(migrations.items())),
        "files": dict(sorted(files.items())),
    }


def differences(original: dict, restored: dict) -> list[str]:
    """What the restored manifest lacks or holds differently, one line each (empty: the same)."""
    lines = []
    for section in ("models", "migrations", "files"):
        before, after = original.get(section, {}), restored.get(section, {})
        for key in sorted(before.keys() | after.keys()):
            if before.get(key) != after.get(key):
                lines.append(
                    f"{section} {key}: original {before.get(key, 'absent')}, "
                    f"restored {after.get(key, 'absent')}"
                )
    return lines


def _sha256(storage, name: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with storage.open(name, "rb") as stored:
            while chunk := stored.read(CHUNK):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        # A missing file is what the manifest exists to show, not a reason to stop.
        return None
    return digest.hexdigest()


class Command(BaseCommand):
    help = (
        "Prints the backup manifest as JSON: rows per model, migrations per app and the SHA-256 "
        "of every stored file a FileField names. With --compare FILE, compares it with the "
        "manifest in FILE instead, prints the differences and exits 1 if there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--compare",
            type=Path,
            metavar="FILE",
            help="a manifest written earlier (the original's, for a restored copy)",
        )

    def handle(self, *args, database, compare, **options):
        manifest = manifest_of(using=database)
        if compare is None:
            self.stdout.write(json.dumps(manifest, ensure_ascii=False, indent=1))
            return
        lines = differences(json.loads(compare.read_text(encoding="utf-8")), manifest)
        for line in lines:
            self.stdout.write(line)
        if lines:
            raise CommandError(
                f"{len(lines)} difference(s) from the manifest {compare}", returncode=1
            )
        self.stdout.write(
            f"manifests identical: {len(manifest['models'])} models, "
            f"{sum(manifest['models'].values())} rows, {len(manifest['files'])} files"
        )

"""存储迁移: `manage.py storage_migrate` copies the local files into the configured store
(STORAGE_URL) under the same names (casework.file_migration)."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError

from casework.file_migration import files_migrate


class Command(BaseCommand):
    help = (
        "Copies every file the database refers to from the local directory (MEDIA_ROOT, or "
        "--from) into the configured storage (STORAGE_URL) under the same name. Idempotent: a "
        "file already there with the same size is skipped. Fails, listing them, when files "
        "are missing from the source."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="source",
            type=Path,
            default=None,
            help="the local directory to copy from (default: MEDIA_ROOT)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be copied, copy nothing"
        )

    def handle(self, *args, source, dry_run, **options):
        source = (source or Path(settings.MEDIA_ROOT)).resolve()
        if not source.is_dir():
            raise CommandError(f"{source} is not a directory")
        target = storages["default"]
        if isinstance(target, FileSystemStorage) and Path(target.location).resolve() == source:
            raise CommandError(
                f"the configured storage is {source} itself: set STORAGE_URL to the store "
                "to copy into"
            )
        result = files_migrate(
            source=FileSystemStorage(location=source), target=target, dry_run=dry_run
        )
        verb = "would copy" if dry_run else "copied"
        self.stdout.write(
            f"{verb} {len(result.copied)}, {'would replace' if dry_run else 'replaced'} "
            f"{len(result.replaced)} (another size), already present {len(result.present)}, "
            f"missing {len(result.missing)}"
        )
        if result.missing:
            for name in result.missing:
                self.stderr.write(f"missing: {name}")
            raise CommandError(f"{len(result.missing)} files are missing from {source}")

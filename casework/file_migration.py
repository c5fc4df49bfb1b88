"""Moving the portal's files into another store (`manage.py storage_migrate`): every file that a
FileField of any model names (case materials, certificates, notices, summaries, exports…) is
copied from a local directory into the configured store under the same name, so the rows keep
pointing at their files. Run again, it copies only what is not there yet."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import Storage
from django.db import DEFAULT_DB_ALIAS, models


@dataclass
class FileMigration:
    """What a run did (or, dry, would do), by file name."""

    copied: list[str] = field(default_factory=list)
    # In the target already, but with another size: a copy cut short, replaced.
    replaced: list[str] = field(default_factory=list)
    # In the target already with the source's size: left alone.
    present: list[str] = field(default_factory=list)
    # Named by a row, absent from the source: nothing to copy.
    missing: list[str] = field(default_factory=list)


def referenced_files(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[tuple[models.FileField, str]]:
    """(field, name) of every file a FileField of an installed model holds in the database
    `using`, once per field (the backup manifest reads them too)."""
    for model in apps.get_models():
        for model_field in model._meta.local_concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            names = (
                model._base_manager.using(using)
                .exclude(**{model_field.attname: ""})
                .exclude(**{f"{model_field.attname}__isnull": True})
                .order_by(model_field.attname)
                .values_list(model_field.attname, flat=True)
                .distinct()
                .iterator()
            )
            for name in names:
                yield model_field, name


def referenced_names() -> Iterator[str]:
    """Every file name a FileField of an installed model holds, once per field."""
    for _field, name in referenced_files():
        yield name


def files_migrate(*, source: Storage, target: Storage, dry_run: bool = False) -> FileMigration:
    """Copy every referenced file from `source` into `target` under its own name; a name the
    target holds with the same size is skipped. `dry_run`: look, copy nothing."""
    result = FileMigration()
    for name in referenced_names():
        if not source.exists(name):
            result.missing.append(name)
            continue
        there = target.exists(name)
        if there and target.size(name) == source.size(name):
            result.present.append(name)
            continue
        (result.replaced if there else result.copied).append(name)
        if dry_run:
            continue
        if there:
            target.delete(name)
        with source.open(name, "rb") as handle:
            saved = target.save(name, handle)
        if saved != name:
            # The store chose another name (another process wrote this one meanwhile): the row
            # would not find its file.
            raise RuntimeError(f"{name} was stored as {saved}")
    return result

"""`manage.py storage_migrate`: the local files every row refers to, of every app, copied into the
configured storage under the same names (here a second local directory; test_object_store.py
copies into a bucket); idempotent, a dry run, and missing files named."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from accounts.models import Job
from applications.models import CaseDocument
from tests import factories
from tests.applications.factories import ApplicationFactory, attach_required_materials

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def local_files(hq_user) -> dict[str, bytes]:
    """Files of three apps under MEDIA_ROOT, as the embedded default stores them: a case's
    materials, an enterprise's licence and an export's result; {name: bytes}."""
    case = ApplicationFactory()
    attach_required_materials(case)
    enterprise = factories.EnterpriseFactory()
    enterprise.licence.save("licence.pdf", ContentFile(PDF + b"licence"), save=True)
    job = Job.objects.create(owner=hq_user, kind="regions.directory_export")
    job.result_file.save("directory.csv", ContentFile("局,代码\n".encode()), save=True)
    media = Path(django_settings.MEDIA_ROOT)
    names = [d.file.name for d in CaseDocument.objects.all()]
    names += [enterprise.licence.name, job.result_file.name]
    return {name: (media / name).read_bytes() for name in names}


@pytest.fixture
def target(settings, tmp_path) -> Path:
    """A second local directory as the configured storage (what STORAGE_URL would be)."""
    location = tmp_path / "target"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    return location


def migrate(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("storage_migrate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def stored(location: Path) -> dict[str, bytes]:
    return {
        path.relative_to(location).as_posix(): path.read_bytes()
        for path in location.rglob("*")
        if path.is_file()
    }


def test_every_referenced_file_is_copied_under_its_name(local_files, target):
    assert len(local_files) >= 3
    out, _ = migrate()
    assert f"copied {len(local_files)}," in out
    assert stored(target) == local_files
    # The rows find their files in the new store.
    document = CaseDocument.objects.first()
    with document.file.open("rb") as handle:
        assert handle.read() == local_files[document.file.name]


def test_a_second_run_copies_nothing_and_replaces_a_copy_of_another_size(local_files, target):
    migrate()
    cut_short = CaseDocument.objects.first().file.name
    (target / cut_short).write_bytes(b"%PDF-")
    out, _ = migrate()
    assert "copied 0, replaced 1" in out
    assert f"already present {len(local_files) - 1}" in out
    assert stored(target) == local_files
    out, _ = migrate()
    assert f"copied 0, replaced 0 (another size), already present {len(local_files)}" in out


def test_a_dry_run_counts_and_copies_nothing(local_files, target):
    out, _ = migrate("--dry-run")
    assert f"would copy {len(local_files)}," in out
    assert not target.exists() or not stored(target)


def test_missing_files_are_named_and_fail_the_run_after_the_others_are_copied(local_files, target):
    gone = next(iter(local_files))
    (Path(django_settings.MEDIA_ROOT) / gone).unlink()
    with pytest.raises(CommandError, match="1 files are missing"):
        out, err = StringIO(), StringIO()
        call_command("storage_migrate", stdout=out, stderr=err)
    assert f"missing: {gone}" in err.getvalue()
    assert "missing 1" in out.getvalue()
    assert stored(target) == {n: b for n, b in local_files.items() if n != gone}


def test_from_another_directory(local_files, target, tmp_path):
    moved = tmp_path / "old-media"
    shutil.move(django_settings.MEDIA_ROOT, moved)
    out, _ = migrate("--from", str(moved))
    assert f"copied {len(local_files)}," in out
    assert stored(target) == local_files


def test_it_refuses_to_copy_media_root_onto_itself(local_files):
    with pytest.raises(CommandError, match="set STORAGE_URL"):
        migrate()

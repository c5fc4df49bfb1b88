"""The portal on an S3-compatible object store (STORAGE_URL), here a real moto_server process:
uploads land in the bucket, downloads stream from it through the same access-checked views
that write the read log, certificates are rendered into it, and `storage_migrate` moves a local
store into it. Nothing is written under MEDIA_ROOT."""

import json
from io import StringIO
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from applications.models import Application, CaseDocument, Certificate, DocumentAccess
from applications.services import case_transition, certificate_render_pdf
from ecoorigin.urls import HealthView
from tests import factories
from tests.applications.factories import (
    ApplicationFactory,
    PlanFactory,
    attach_required_materials,
)

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def nothing_under_media_root() -> bool:
    media = Path(django_settings.MEDIA_ROOT)
    return not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_the_default_storage_is_the_bucket(object_store):
    name = default_storage.save("probe/file.txt", ContentFile(b"probe"))
    assert object_store.names() == {name}
    assert object_store.read(name) == b"probe"
    # Never overwritten: a second file of that name is kept beside it.
    assert default_storage.save("probe/file.txt", ContentFile(b"second")) != name
    assert nothing_under_media_root()


def test_a_case_document_is_uploaded_into_the_bucket_and_read_through_the_checked_views(
    object_store, api_for, client_for
):
    case = ApplicationFactory()
    owner = factories.enterprise_staff(case.enterprise, username="store-owner")
    response = api_for(owner).post(
        f"/api/v1/applications/{case.pk}/documents/",
        {"file": SimpleUploadedFile("检测报告.pdf", PDF), "kind": "material"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    document = CaseDocument.objects.get(pk=response.json()["id"])
    assert object_store.names() == {document.file.name}
    assert object_store.read(document.file.name) == PDF
    assert nothing_under_media_root()

    attach_required_materials(case, by=owner)
    case_transition(case=case, name="submit", actor=owner)
    bureau = factories.bureau_staff(case.bureau.code, username="store-reader")
    api_url = f"/api/v1/applications/{case.pk}/documents/{document.pk}/download/"
    answer = api_for(bureau).get(api_url)
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith("attachment")
    assert b"".join(answer.streaming_content) == PDF
    page = client_for(bureau).get(f"/cases/{case.pk}/documents/{document.pk}/")
    assert page.status_code == 200
    assert b"".join(page.streaming_content) == PDF
    reads = DocumentAccess.objects.filter(document=document)
    assert [access.user for access in reads] == [bureau, bureau]

    stranger = factories.enterprise_staff(username="store-stranger")
    zone_lead = factories.bureau_staff("jilin", username="store-zone-lead")  # leads 东北片区
    assert api_for(stranger).get(api_url).status_code == 404
    assert api_for(zone_lead).get(api_url).status_code == 403
    assert client_for(stranger).get(f"/cases/{case.pk}/documents/{document.pk}/").status_code == (
        404
    )
    assert reads.count() == 2


def test_a_certificate_is_rendered_into_the_bucket_and_downloaded(object_store, api_for, hq_user):
    plan = PlanFactory()
    case = ApplicationFactory()
    Application.objects.filter(pk=case.pk).update(
        state="evaluated", agency=plan.agency, plan=plan, score=92
    )
    case_transition(case=case, name="certify", actor=hq_user, marks_issued=500)
    certificate = Certificate.objects.get(application=case)
    certificate_render_pdf(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.pdf.name.endswith(f"{certificate.number}.pdf")
    assert certificate.pdf.name in object_store.names()
    rendered = object_store.read(certificate.pdf.name)
    assert rendered.startswith(b"%PDF")
    assert nothing_under_media_root()

    owner = factories.enterprise_staff(case.enterprise, username="store-certified")
    response = api_for(owner).get(f"/api/v1/certificates/{certificate.number}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == rendered
    stranger = factories.enterprise_staff(username="store-other")
    assert api_for(stranger).get(f"/api/v1/certificates/{certificate.number}/pdf/").status_code == (
        404
    )


def test_storage_migrate_moves_a_local_store_into_the_bucket(request, api_for):
    # The materials of a case of a portal that ran on local files, under MEDIA_ROOT ...
    case = ApplicationFactory(state="submitted")
    owner = factories.enterprise_staff(case.enterprise, username="store-migrated")
    names = {document.file.name for document in attach_required_materials(case, by=owner)}
    media = Path(django_settings.MEDIA_ROOT)
    assert names and all((media / name).read_bytes() == PDF for name in names)
    # ... then STORAGE_URL is set, and the command run twice.
    object_store = request.getfixturevalue("object_store")
    out = StringIO()
    call_command("storage_migrate", stdout=out)
    assert f"copied {len(names)}," in out.getvalue()
    assert object_store.names() == names
    assert all(object_store.read(name) == PDF for name in names)
    out = StringIO()
    call_command("storage_migrate", stdout=out)
    assert f"copied 0, replaced 0 (another size), already present {len(names)}" in out.getvalue()

    # The rows read their files from the bucket now.
    (media / next(iter(names))).unlink()
    document = CaseDocument.objects.get(file=next(iter(names)))
    url = f"/api/v1/applications/{case.pk}/documents/{document.pk}/download/"
    response = api_for(owner).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_the_health_check_writes_reads_and_deletes_a_file_in_the_bucket(object_store, rf):
    view = HealthView.as_view(checks=["health_check.checks.Storage"])
    response = async_to_sync(view)(rf.get("/health/", {"format": "json"}))
    assert response.status_code == 200
    assert json.loads(response.content) == {"Storage(alias='default')": "OK"}
    assert object_store.names() == set()

"""监管材料 (inspection photos and documents, complaint attachments): a download is named by the
type its content has, never by the uploader's extension, and every read is logged (who, when,
from which address, which document) in an append-only log HQ reads in the admin."""

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from ecoorigin.append_only import AppendOnlyError
from supervision import documents
from supervision.models import Complaint, SupervisionDocument, SupervisionDocumentAccess
from tests import factories
from tests.applications.test_documents import (
    DANGEROUS_NAMES,
    POLYGLOT,
    assert_named_by_content,
)
from tests.supervision.test_pages import World, client, png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the complaint form's rate limit
    yield
    cache.clear()


@pytest.fixture
def world(hq_user, bureau_user, lead_bureau_user, inspector_user):
    return World(hq_user, bureau_user, lead_bureau_user, inspector_user)


def url(document: SupervisionDocument) -> str:
    return f"/supervision/documents/{document.pk}/"


def complaint_with(name: str, content: bytes) -> SupervisionDocument:
    response = client().post(
        "/public/complaints/new/",
        {
            "product_text": "湖北某生态茶",
            "bureau": factories.bureau("hubei").pk,
            "content": "超市销售的茶叶冒用生态原产地保护标志。",
            "attachment": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 302, response.content
    return Complaint.objects.get(product_text="湖北某生态茶").documents.get()


# ---------------------------------------------------------------- download names


@pytest.mark.parametrize("name", DANGEROUS_NAMES)
def test_a_complaint_attachment_downloads_under_the_extension_of_its_content(world, name):
    document = complaint_with(name, POLYGLOT)
    assert document.original_name == name  # kept, as text
    assert_named_by_content(client(world.hubei).get(url(document)), name, ".pdf")


def test_the_complaint_api_stores_no_attachment(api_client):
    # The API takes no files: there is no download to name (the form is the only upload path).
    response = api_client.post(
        "/api/v1/public/complaints/",
        {
            "product_text": "湖北某生态茶",
            "bureau": "hubei",
            "content": "超市销售的茶叶冒用生态原产地保护标志。",
            "attachment": SimpleUploadedFile("report.hta", POLYGLOT),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert not SupervisionDocument.objects.filter(complaint__product_text="湖北某生态茶").exists()


def test_inspection_files_download_under_the_extension_of_their_content(world):
    with time_machine.travel(world.date):
        response = client(world.drawn).post(
            f"/supervision/tasks/{world.target.pk}/",
            {
                "findings": "标志使用与证书不一致",
                "outcome": "no_issue",
                "files": [
                    SimpleUploadedFile("setup.exe", POLYGLOT),
                    SimpleUploadedFile("poly.html", png()),
                ],
            },
        )
        assert response.status_code == 302, response.content
        report, photo = SupervisionDocument.objects.filter(inspection__target=world.target)
        assert_named_by_content(client(world.drawn).get(url(report)), "setup.exe", ".pdf")
        assert_named_by_content(client(world.hq).get(url(photo)), "poly.html", ".png")


def test_a_stored_document_downloads_under_its_stored_type(world):
    # Rows stored before the fix hold the uploader's name; their stored type names the download.
    document = documents.store(
        documents.CheckedUpload(name="举报材料.hta", data=POLYGLOT, content_type="application/pdf"),
        complaint=world.complaint,
    )
    assert_named_by_content(client(world.hq).get(url(document)), "举报材料.hta", ".pdf")


# ---------------------------------------------------------------- the read log


def test_every_read_of_a_supervision_document_is_logged(world):
    document = complaint_with("照片.png", png())
    assert client(world.hubei, ip="10.0.0.7").get(url(document)).status_code == 200
    assert client(world.hq, ip="10.0.0.8").get(url(document)).status_code == 200
    assert client(world.hq, ip="10.0.0.8").get(url(document)).status_code == 200
    reads = [
        (access.user, access.document, access.ip_address)
        for access in SupervisionDocumentAccess.objects.order_by("pk")
    ]
    assert reads == [
        (world.hubei, document, "10.0.0.7"),
        (world.hq, document, "10.0.0.8"),
        (world.hq, document, "10.0.0.8"),
    ]
    assert all(access.accessed_at for access in SupervisionDocumentAccess.objects.all())
    # Refused reads are no reads.
    assert client(world.shandong).get(url(document)).status_code == 404
    assert client().get(url(document)).status_code == 302
    assert SupervisionDocumentAccess.objects.count() == 3


def test_the_read_log_is_append_only(world):
    document = complaint_with("照片.png", png())
    client(world.hubei).get(url(document))
    access = SupervisionDocumentAccess.objects.get()
    access.ip_address = "10.9.9.9"
    with pytest.raises(AppendOnlyError):
        access.save()
    with pytest.raises(AppendOnlyError):
        access.delete()
    with pytest.raises(AppendOnlyError):
        SupervisionDocumentAccess.objects.update(ip_address=None)
    with pytest.raises(AppendOnlyError):
        SupervisionDocumentAccess.objects.all().delete()


def test_hq_reads_the_log_in_the_admin_and_nobody_edits_it(world):
    document = complaint_with("照片.png", png())
    client(world.hubei, ip="10.0.0.7").get(url(document))
    access = SupervisionDocumentAccess.objects.get()
    world.hq.is_staff = True
    world.hq.save()
    world.hq.user_permissions.set(
        Permission.objects.filter(codename="view_supervisiondocumentaccess")
    )
    admin = client(world.hq)
    base = "/admin/supervision/supervisiondocumentaccess/"
    listing = admin.get(base)
    assert listing.status_code == 200
    assert "10.0.0.7" in listing.content.decode()
    assert admin.get(f"{base}{access.pk}/change/").status_code == 200  # a read-only view
    assert admin.post(f"{base}{access.pk}/change/", {"ip_address": "1.2.3.4"}).status_code == 403
    assert admin.get(f"{base}add/").status_code == 403
    assert admin.post(f"{base}{access.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SupervisionDocumentAccess.objects.get().ip_address == "10.0.0.7"

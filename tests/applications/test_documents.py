"""案件材料: uploads checked by content and size (400, nothing stored), who may upload what and
when (403/409), confidential reads (404 for strangers) and the read log; a download is named by
the type its content has, never by the uploader's extension."""

import io
import re
from pathlib import PurePath
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from applications.models import CaseDocument, DocumentAccess
from applications.services import case_guidance_share, case_transition
from ecoorigin.append_only import AppendOnlyError
from tests import factories

from .factories import ApplicationFactory, attach_required_materials

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A PDF by its header and trailer, and a page or a program by the name its uploader gave it.
POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.domain)</script></html>\n%%EOF\n"
DANGEROUS_NAMES = ["report.hta", "poly.html", "setup.exe"]


def image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def case():
    return ApplicationFactory()


@pytest.fixture
def owner(case):
    return factories.enterprise_staff(case.enterprise, username="doc-owner")


def download_filename(response) -> str:
    """The file name a browser saves the download under (Django writes one of the two forms)."""
    disposition = response["Content-Disposition"]
    if match := re.search(r"filename\*=utf-8''([^;]+)", disposition):
        return unquote(match.group(1))
    return re.search(r'filename="((?:[^"\\]|\\.)*)"', disposition).group(1)


def assert_named_by_content(response, original: str, extension: str):
    assert response.status_code == 200
    name = download_filename(response)
    assert name == PurePath(original).stem + extension
    assert not name.endswith((".hta", ".html", ".exe"))


def upload(api_for, user, case, content: bytes, name="材料.pdf", kind="material"):
    return api_for(user).post(
        f"/api/v1/applications/{case.pk}/documents/",
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf"), "kind": kind},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("content", "expected_type"),
    [(PDF, "application/pdf"), (image("JPEG"), "image/jpeg"), (image("PNG"), "image/png")],
)
def test_the_owner_uploads_pdf_jpeg_and_png(api_for, case, owner, content, expected_type):
    response = upload(api_for, owner, case, content, name="扫描件.bin")
    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == expected_type
    document = CaseDocument.objects.get()
    assert document.original_name == "扫描件.bin"
    assert "扫描件" not in document.file.name  # stored under a random name


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 this is a windows program",
        b"%PDF-1.4 but never finished",
        b"\x89PNG\r\n\x1a\n but not an image",
        b"<html><script>alert(1)</script></html>",
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(api_for, case, owner, content):
    response = upload(api_for, owner, case, content, name="report.pdf")
    assert response.status_code == 400
    assert "file" in response.json()
    assert not CaseDocument.objects.exists()


def test_oversized_files_are_refused(api_for, case, owner, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = upload(api_for, owner, case, PDF + b"0" * 2048)
    assert response.status_code == 400
    assert "MB" in response.json()["file"][0]
    assert not CaseDocument.objects.exists()


def test_who_may_upload_what(api_for, case, owner):
    # Shared for 一对一指导, so the bureau sees the draft (test_guidance_share.py: otherwise 404).
    case_guidance_share(case=case, actor=owner)
    bureau = factories.bureau_staff(case.bureau.code, username="doc-clerk")
    stranger = factories.enterprise_staff(username="doc-stranger")
    assert upload(api_for, bureau, case, PDF, kind="material").status_code == 403
    assert upload(api_for, stranger, case, PDF).status_code == 404
    assert upload(api_for, owner, case, PDF, kind="rectification").status_code == 409
    assert upload(api_for, owner, case, PDF, kind="nonsense").status_code == 400
    assert not CaseDocument.objects.exists()


def test_reads_are_confidential_and_logged(api_for, case, owner):
    document_id = upload(api_for, owner, case, PDF).json()["id"]
    # Submitted: no longer the enterprise's private draft (test_guidance_share.py).
    attach_required_materials(case, by=owner)
    case_transition(case=case, name="submit", actor=owner)
    url = f"/api/v1/applications/{case.pk}/documents/{document_id}/download/"
    bureau = factories.bureau_staff(case.bureau.code, username="doc-reader")
    response = api_for(bureau).get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    access = DocumentAccess.objects.get()
    assert (access.user, access.document_id) == (bureau, document_id)

    zone_lead = factories.bureau_staff("jilin", username="doc-zone-lead")  # leads 东北片区
    assert api_for(zone_lead).get(url).status_code == 403
    listing = api_for(zone_lead).get(f"/api/v1/applications/{case.pk}/documents/")
    assert listing.json() == []
    stranger = factories.enterprise_staff(username="doc-stranger2")
    assert api_for(stranger).get(url).status_code == 404
    assert DocumentAccess.objects.count() == 1


def test_browser_download_is_logged_too(client_for, case, owner, api_for):
    document_id = upload(api_for, owner, case, PDF).json()["id"]
    response = client_for(owner).get(f"/cases/{case.pk}/documents/{document_id}/")
    assert response.status_code == 200
    assert DocumentAccess.objects.filter(user=owner).count() == 1


@pytest.mark.parametrize("format", ["json", None])
def test_an_upload_that_is_not_multipart_is_415(api_for, case, owner, format):
    # JSON or a plain form cannot carry a file: the fuzz tests got 400 "not a file" for them.
    response = api_for(owner).post(
        f"/api/v1/applications/{case.pk}/documents/", {"file": "x", "kind": "material"},
        format=format, **({} if format else {"content_type": "application/x-www-form-urlencoded"}),
    )  # fmt: skip
    assert response.status_code == 415
    assert not CaseDocument.objects.exists()


def test_the_schema_documents_the_types_a_download_answers(api_for, owner):
    # It said application/octet-stream, while a download is sent as the type its content has.
    schema = api_for(owner).get("/api/schema/?format=json").json()
    path = "/api/v1/applications/{id}/documents/{document_id}/download/"
    answer = schema["paths"][path]["get"]["responses"]["200"]["content"]
    assert set(answer) == {"application/pdf", "image/jpeg", "image/png"}


@pytest.mark.parametrize("name", DANGEROUS_NAMES)
def test_an_api_upload_downloads_under_the_extension_of_its_content(api_for, case, owner, name):
    response = upload(api_for, owner, case, POLYGLOT, name=name)
    assert response.status_code == 201, response.content
    assert response.json()["original_name"] == name  # kept, as text
    case_guidance_share(case=case, actor=owner)  # the bureau reads the draft it was shown
    url = f"/api/v1/applications/{case.pk}/documents/{response.json()['id']}/download/"
    bureau = factories.bureau_staff(case.bureau.code, username="doc-clerk-name")
    assert_named_by_content(api_for(bureau).get(url), name, ".pdf")


@pytest.mark.parametrize("name", DANGEROUS_NAMES)
def test_a_page_upload_downloads_under_the_extension_of_its_content(client_for, case, owner, name):
    browser = client_for(owner)
    response = browser.post(
        f"/cases/{case.pk}/documents/",
        {"file": SimpleUploadedFile(name, POLYGLOT), "kind": "material"},
    )
    assert response.status_code == 302
    document = CaseDocument.objects.get()
    assert document.original_name == name
    assert name in browser.get(f"/cases/{case.pk}/").content.decode()  # listed by its name
    download = browser.get(f"/cases/{case.pk}/documents/{document.pk}/")
    assert_named_by_content(download, name, ".pdf")


def test_an_image_downloads_under_the_extension_of_its_real_type(api_for, case, owner):
    document_id = upload(api_for, owner, case, image("JPEG"), name="现场照片.png").json()["id"]
    url = f"/api/v1/applications/{case.pk}/documents/{document_id}/download/"
    assert_named_by_content(api_for(owner).get(url), "现场照片.png", ".jpg")


def test_the_case_read_log_is_append_only(api_for, case, owner):
    document_id = upload(api_for, owner, case, PDF).json()["id"]
    api_for(owner).get(f"/api/v1/applications/{case.pk}/documents/{document_id}/download/")
    access = DocumentAccess.objects.get()
    with pytest.raises(AppendOnlyError):
        access.save()
    with pytest.raises(AppendOnlyError):
        access.delete()
    with pytest.raises(AppendOnlyError):
        DocumentAccess.objects.update(ip_address=None)

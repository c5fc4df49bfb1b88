"""What the mixed load test (bench/locustfile.py) reads from the portal's pages and how it sends
a multipart form, apart from locust so that the suite checks them against the real pages
(tests/test_bench_pages.py): a template change that the load test no longer understands fails
there, not as failures in the middle of `make bench`."""

import random
import re

MARK = "压测"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')
LOAD_TEST_CASE = re.compile(rf'href="/cases/(\d+)/">{MARK}\d+</a>')
AUTOSAVE = re.compile(r'data-autosave-url="/cases/(\d+)/autosave/"')
# The materials checklist's rows on the draft's edit page: a required item and its file input.
CHECKLIST_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
REQUIRED_INPUT = re.compile(r'name="(req_\d+)"')
# The smallest file the portal's content check takes as a PDF (as the suite's tests upload).
MATERIAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def required_material_fields(page: str) -> list[str]:
    """The file inputs of the checklist's required items on a draft's edit page."""
    return [
        found.group(1)
        for row in CHECKLIST_ROW.findall(page)
        if "badge due" in row and (found := REQUIRED_INPUT.search(row))
    ]


def materials_form(token: str, fields: list[str]) -> tuple[bytes, str]:
    """The checklist form's body (one PDF per field, back to the edit page) and its content
    type, as a browser sends it."""
    boundary = f"bench{random.getrandbits(64):016x}"
    parts = [("csrfmiddlewaretoken", token.encode(), None), ("back", b"edit", None)]
    parts += [(field, MATERIAL_PDF, f"{field}.pdf") for field in fields]
    body = b"".join(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            + (f'; filename="{filename}"\r\nContent-Type: application/pdf' if filename else "")
            + "\r\n\r\n"
        ).encode()
        + value
        + b"\r\n"
        for name, value, filename in parts
    )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"

"""Downloads: every file the portal hands out (case documents, certificates, notices, summaries,
supervision files, export results) leaves through one response that no browser renders,
sniffs or runs, under a name whose extension is its type's, never the uploader's."""

import unicodedata
from pathlib import PurePath

from django.http import FileResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The extension a file is stored and handed out under, by its type (uploads: by content).
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "text/csv": ".csv",
    XLSX: ".xlsx",
}
TYPES = {extension: content_type for content_type, extension in EXTENSIONS.items()}

# Characters Windows refuses in a file name; with control and format characters (a right-to-left
# override makes "x\u202egpj.pdf" look like "xfdp.jpg") they become "_".
_RESERVED = set('\\/:*?"<>|')


def extension_of(content_type: str) -> str:
    """Any other type is saved as opaque data, never under a name the system would open."""
    return EXTENSIONS.get(content_type, ".bin")


def type_of(name: str) -> str:
    """The type of a file the portal itself wrote, by its (server-chosen) extension."""
    return TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")


def download_name(name: str, content_type: str) -> str:
    """The name a file is saved under: the stem of `name`, cleaned, and its type's extension.
    `report.hta` that is really a PDF downloads as `report.pdf`."""
    stem = "".join(
        "_" if char in _RESERVED or unicodedata.category(char).startswith("C") else char
        for char in PurePath(name).stem
    ).strip(". ")
    return (stem or "file") + extension_of(content_type)


def attachment(handle, name: str, content_type: str) -> FileResponse:
    """A file as a download that no browser will render or sniff, named by `download_name`."""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(name, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

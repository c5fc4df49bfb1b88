"""Downloads: every file the portal hands out (case documents, certificates, notices, summaries,
supervision files, export results) leaves through one response that no browser renders,
sniffs or runs."""

from django.http import FileResponse


def attachment(handle, filename: str, content_type: str) -> FileResponse:
    """A file as a download that no browser will render or sniff."""
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

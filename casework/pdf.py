"""PDF rendering with WeasyPrint: zh-CN HTML templates under templates/pdf/, an embedded CJK
font, and a URL fetcher that reaches neither the network nor the local disk."""

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def render_pdf(template_name: str, context: dict) -> bytes:
    # Templates embed what they need (QR codes) as data: URLs; no file:// or network URL is
    # ever fetched, and a template that tries fails loudly instead of leaking.
    fetcher = URLFetcher(allowed_protocols=["data"], fail_on_errors=True)
    # An official document, in the portal's language whoever asked for it (the templates are
    # written in Chinese; choice labels and names must not switch to English inside them).
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def save_pdf(field_file, name: str, content: bytes) -> None:
    """Store `content` as the row's file under exactly `name` and save the row.

    Callers hold the row's lock and found its file empty, so a file already at that name was
    written by a run that was killed before its transaction committed: it is replaced, not kept
    beside a second copy (the storage would otherwise add a suffix)."""
    target = field_file.field.generate_filename(field_file.instance, name)
    if field_file.storage.exists(target):
        field_file.storage.delete(target)
    field_file.save(name, ContentFile(content), save=True)


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=1)

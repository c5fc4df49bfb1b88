"""通知书 of any programme (a casework.models.CaseNotice): the PDF rendered once, the e-mail sent
once, and the recipient's read mark. The programme writes the notice with the history row that
caused it (its on_recorded hook) and queues the delivery on commit."""

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from ecoorigin.text import one_line

from . import todo
from .exceptions import TransitionForbidden
from .models import CaseNotice
from .pdf import render_pdf, save_pdf


def notice_deliver(
    *, model: type[CaseNotice], notice_id: int, related: tuple[str, ...] = ()
) -> None:
    """Render the notice PDF and e-mail its recipients, each once; `related` is read with the
    locked row for the PDF and the addresses. The row stays locked until both are recorded;
    only a run killed between sending and committing sends the e-mail again (a notice is better
    twice than never)."""
    with transaction.atomic():
        notice = (
            model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=notice_id)
        )
        if not notice.pdf:
            content = render_pdf(notice.pdf_template, notice.pdf_context())
            save_pdf(notice.pdf, notice.file_name, content)
        if notice.emailed_at is not None:
            return
        recipients = notice.email_recipients()
        if recipients:
            message = EmailMessage(subject=one_line(notice.title), body=notice.body, to=recipients)
            message.attach(notice.file_name, notice.pdf.read(), "application/pdf")
            message.send()
            notice.emailed_at = timezone.now()
            notice.save(update_fields=["emailed_at"])


def notice_mark_read(*, notice: CaseNotice, actor) -> None:
    """Only a recipient's reading marks it read; the first reading's time is kept."""
    if not notice.addressed_to(actor):
        raise TransitionForbidden()
    if (
        type(notice)
        .objects.filter(pk=notice.pk, read_at__isnull=True)
        .update(read_at=timezone.now())
    ):
        todo.forget(actor)  # a reading by GET: the unread count in the navigation goes down

"""Certificate and notice PDFs: rendered by Celery after commit, in Chinese with an embedded CJK
font, read back with poppler (pdffonts, pdftotext)."""

import shutil
import subprocess

import pytest

from applications.models import Certificate, Notice
from tests import factories

from .factories import ApplicationFactory, PlanFactory, attach_required_materials

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed"),
]


def _pdf_text(path) -> tuple[str, str]:
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return fonts.stdout, text.stdout


@pytest.fixture
def evaluated_case():
    from applications.services import case_transition

    plan = PlanFactory()
    case = ApplicationFactory(product_name="京西白茶", enterprise__contact_email="ent@example.com")
    attach_required_materials(case)
    enterprise = factories.enterprise_staff(case.enterprise, username="ent-pdf")
    bureau = factories.bureau_staff(case.bureau.code, username="clerk-pdf")
    hq = factories.hq(username="hq-pdf")
    agency = factories.agency_staff(plan.agency, username="eval-pdf")
    for actor, name, body in [
        (enterprise, "submit", {}),
        (bureau, "accept", {}),
        (bureau, "pre_evaluate", {}),
        (bureau, "recommend", {}),
        (hq, "approve", {}),
        (enterprise, "choose_agency", {"agency": plan.agency}),
        (agency, "evaluate", {"score": 90}),
    ]:
        case = case_transition(case=case, name=name, actor=actor, **body)
    return case, hq


def test_certificate_pdf_has_embedded_cjk_font_number_and_title(
    evaluated_case, django_capture_on_commit_callbacks
):
    from applications.services import case_transition

    case, hq = evaluated_case
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=case, name="certify", actor=hq)
    certificate = Certificate.objects.get(application=case)
    assert certificate.pdf
    fonts, text = _pdf_text(certificate.pdf.path)
    assert "WenQuanYi" in fonts or "Noto" in fonts
    embedded = [line for line in fonts.splitlines()[2:] if line.split()]
    assert embedded and all(" yes " in line for line in embedded), fonts
    assert certificate.number in text
    assert "证书" in text
    assert "京西白茶" in text
    assert certificate.pdf.size < 100 * 1024


def test_approval_notice_is_a_pdf_in_the_inbox_and_an_email(
    evaluated_case, django_capture_on_commit_callbacks, mailoutbox
):
    notice = Notice.objects.get(application=evaluated_case[0], kind=Notice.Kind.APPROVAL)
    from applications.services import notice_deliver

    notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    _fonts, text = _pdf_text(notice.pdf.path)
    assert "批准实施评定通知书" in text
    assert len(mailoutbox) == 1
    assert mailoutbox[0].attachments
    notice_deliver(notice_id=notice.pk)
    assert len(mailoutbox) == 1  # delivered once

"""The kernel's notice delivery (casework.notices), whatever the programme: the PDF rendered once
under the programme's own file name, the e-mail sent once, and a run that failed half-way
leaving nothing behind but what the next run replaces."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from applications.models import CaseHistory, Notice
from applications.notices import notice_for
from casework.notices import notice_deliver
from demonstration.models import DemonstrationZone, ZoneHistory, ZoneNotice
from regions.models import Organisation
from tests import factories
from tests.applications.factories import ApplicationFactory, attach_required_materials
from tests.demonstration.conftest import ZONE_BODY

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise_notice() -> Notice:
    case = ApplicationFactory(product_name="京西白茶", enterprise__contact_email="ent@example.com")
    attach_required_materials(case)
    entry = CaseHistory.objects.create(
        application=case,
        transition="refuse",
        from_state="submitted",
        to_state="refused",
        reason="材料不全",
    )
    return notice_for(entry)


@pytest.fixture
def zone_notice_like(enterprise_notice) -> ZoneNotice:
    """A zone notice with the same id as the enterprise's notice."""
    government = factories.OrganisationFactory(
        kind=Organisation.Kind.LOCAL_GOVERNMENT, bureau=factories.bureau("beijing")
    )
    factories.organisation_staff(government, username="gov-kernel", email="gov@example.gov.cn")
    zone = DemonstrationZone.objects.create(
        level="national", applicant=government, bureau=government.bureau, **ZONE_BODY
    )
    entry = ZoneHistory.objects.create(
        zone=zone, transition="refuse", from_state="assessed", to_state="refused", reason="不合格"
    )
    return ZoneNotice.objects.create(
        pk=enterprise_notice.pk,
        organisation=government,
        zone=zone,
        zone_history=entry,
        kind=ZoneNotice.Kind.REFUSAL,
        title="示范区不予认定通知书（测试）",
        body="不予认定。",
    )


def test_two_programmes_notices_with_one_id_keep_their_own_files(
    enterprise_notice, zone_notice_like
):
    notice_deliver(model=Notice, notice_id=enterprise_notice.pk)
    notice_deliver(model=ZoneNotice, notice_id=zone_notice_like.pk)
    enterprise_notice.refresh_from_db()
    zone_notice_like.refresh_from_db()
    assert enterprise_notice.pdf.name != zone_notice_like.pdf.name
    for notice in (enterprise_notice, zone_notice_like):
        assert notice.pdf.storage.exists(notice.pdf.name)
        assert notice.pdf.name.endswith(notice.file_name)
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("ent@example.com",),
        ("gov@example.gov.cn",),
    ]


def test_a_run_that_failed_at_the_mail_leaves_nothing_and_the_next_one_delivers(
    zone_notice_like, monkeypatch
):
    def refused(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMessage, "send", refused)
        with pytest.raises(ConnectionRefusedError):
            notice_deliver(model=ZoneNotice, notice_id=zone_notice_like.pk)
    zone_notice_like.refresh_from_db()
    assert not zone_notice_like.pdf and zone_notice_like.emailed_at is None

    notice_deliver(model=ZoneNotice, notice_id=zone_notice_like.pk)
    zone_notice_like.refresh_from_db()
    # The file the failed run wrote is replaced under the same name, not kept beside a copy.
    assert zone_notice_like.pdf.name.endswith(f"/{zone_notice_like.file_name}")
    assert zone_notice_like.emailed_at is not None and len(mail.outbox) == 1

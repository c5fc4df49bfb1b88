"""Materials of a quality-archive event (seed 001 §六.6): the 国外通报, the recall notice, the
return papers or the spot-check report, what the investigation found, and the papers of the
actions (反馈, 交涉, 帮扶, 处罚), kept with the event through the kernel's documents
(casework.documents: checked by content, read only through the read log).

Who: the zone's bureau keeps the archive (it opens and follows every event, §七.3), so it alone
adds materials, each kind in the steps where it arises, until the event is closed. Those who see
the event read them: HQ (§七.3, 监督检查 of every zone), the zone's bureau and the zone's local
government (§五, the zone is built under its lead; §三.4, 信息共享). Nobody else learns that
they exist, and every read is logged."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from casework.exceptions import TransitionForbidden, TransitionNotAllowed
from demonstration import selectors, services
from demonstration.models import ArchiveEvent, ArchiveEventDocument, ArchiveEventDocumentAccess
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .conftest import PDF

pytestmark = pytest.mark.django_db

ZONES = "/api/v1/demonstration-zones/"
ROLES = [
    "bureau", "hq", "applicant", "other_bureau", "other_government", "enterprise", "agency",
    "inspector", "hq_department", "anonymous",
]  # fmt: skip
STATES = ["opened", "investigated", "classified", "actions_recorded", "closed"]
KINDS = ["event", "investigation", "actions", "other"]
# In which states the zone's bureau adds each kind: the event's own papers and any other until
# the closure, the investigation's until the cause is settled, the actions' once it is.
UPLOAD_STATES = {
    "event": {"opened", "investigated", "classified", "actions_recorded"},
    "investigation": {"opened", "investigated", "classified"},
    "actions": {"classified", "actions_recorded"},
    "other": {"opened", "investigated", "classified", "actions_recorded"},
}
READERS = {"bureau", "hq", "applicant"}


def upload_code(role: str, state: str, kind: str) -> int:
    if role == "anonymous":
        return 403
    if role not in READERS:
        return 404  # the event is not theirs to see: nothing tells them it exists
    if role != "bureau":
        return 403
    return 201 if state in UPLOAD_STATES[kind] else 409


def read_code(role: str) -> int:
    if role == "anonymous":
        return 403
    return 200 if role in READERS else 404


@pytest.fixture
def member(make_zone, make_enterprise):
    """A 示范企业 of a designated national zone of 北京顺义."""
    return make_enterprise(make_zone("designated"), "granted")


def events_url(event) -> str:
    return f"{ZONES}{event.enterprise.zone_id}/archive-events/{event.pk}/"


def pages_url(event) -> str:
    return f"/demonstration/{event.enterprise.zone_id}/archive/{event.pk}/"


def pdf(name: str = "RASFF通报.pdf", content: bytes = PDF):
    # The declared type is a lie on purpose: only the content counts.
    return SimpleUploadedFile(name, content, content_type="text/html")


def upload(api_for, user, event, kind: str = "event", **file):
    return api_for(user).post(
        f"{events_url(event)}documents/", {"kind": kind, "file": pdf(**file)}, format="multipart"
    )


def stored(event, uploader, kind: str = "event", name: str = "RASFF通报.pdf"):
    return services.event_document_upload(event=event, actor=uploader, upload=pdf(name), kind=kind)


# ---------------------------------------------------------------- the permission matrix


@pytest.mark.parametrize("state", STATES)
def test_upload_matrix(api_for, people, member, make_event, state):
    """Every actor × every kind in every state: only the zone's bureau adds, each kind while
    it may; a refusal stores nothing."""
    event = make_event(member, state)
    for kind in KINDS:
        for role in ROLES:
            code = upload_code(role, state, kind)
            with transaction.atomic():
                response = upload(api_for, people[role], event, kind)
                assert response.status_code == code, (role, kind, response.content)
                if code == 201:
                    body = response.json()
                    assert (body["kind"], body["uploaded_by"]) == (kind, people["bureau"].username)
                    assert body["content_type"] == "application/pdf"
                    assert ArchiveEventDocument.objects.get().event_id == event.pk
                else:
                    assert set(response.json()) == {"detail"}, (role, kind)
                    assert not ArchiveEventDocument.objects.exists(), (role, kind)
                transaction.set_rollback(True)
    assert not ArchiveEventDocument.objects.exists()


@pytest.mark.parametrize("state", STATES)
def test_the_upload_service_decides_for_every_actor(people, member, make_event, state):
    """The service is the gate, whatever the page or the API let through: 403 for everyone but
    the zone's bureau (another bureau too), 409 for the bureau when the kind is out of its
    steps."""
    event = make_event(member, state)
    for kind in KINDS:
        for role in ROLES:
            if role == "anonymous":
                continue
            user = people[role]
            expected = services.event_uploadable_kinds(event=event, user=user)
            if role != "bureau":
                assert expected == [], role
                with pytest.raises(TransitionForbidden):
                    stored(event, user, kind)
            elif state in UPLOAD_STATES[kind]:
                assert kind in expected
                with transaction.atomic():
                    document = stored(event, user, kind)
                    assert document.uploaded_by == user and document.kind == kind
                    transaction.set_rollback(True)
            else:
                assert kind not in expected
                with pytest.raises(TransitionNotAllowed):
                    stored(event, user, kind)
    assert not ArchiveEventDocument.objects.exists()


def test_download_matrix_every_read_is_logged(api_for, people, member, make_event):
    """HQ, the zone's bureau and its local government read (each read logged: who, when, from
    where); nobody else learns the material exists, and a refusal leaves no trace."""
    event = make_event(member, "investigated")
    document = stored(event, people["bureau"])
    for address, role in enumerate(ROLES, start=1):
        user = people[role]
        url = f"{events_url(event)}documents/{document.pk}/"
        response = api_for(user).get(url, REMOTE_ADDR=f"192.0.2.{address}")
        assert response.status_code == read_code(role), (role, response.content)
        listed = api_for(user).get(f"{events_url(event)}documents/")
        assert listed.status_code == read_code(role), role
        if role in READERS:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"].startswith("attachment")
            assert response["Content-Type"] == "application/pdf"
            assert [row["id"] for row in listed.json()] == [document.pk]
            access = ArchiveEventDocumentAccess.objects.latest("pk")
            assert (access.user, access.ip_address, access.document) == (
                user,
                f"192.0.2.{address}",
                document,
            )
    readers = ArchiveEventDocumentAccess.objects.values_list("user__username", flat=True)
    assert sorted(readers) == sorted(people[role].username for role in READERS)


def test_the_read_service_decides_for_every_actor(people, member, make_event):
    event = make_event(member, "closed")  # a closed event's materials are read as any other's
    document = stored(make_event(member, "opened"), people["bureau"])
    ArchiveEventDocument.objects.filter(pk=document.pk).update(event=event)
    document = ArchiveEventDocument.objects.get(pk=document.pk)
    for role in ROLES:
        if role == "anonymous":
            continue
        user = people[role]
        visible = selectors.event_documents_of(event=event, user=user)
        if role in READERS:
            assert list(visible) == [document], role
            with services.event_document_open(
                document=document, actor=user, ip_address="198.51.100.1"
            ) as handle:
                assert handle.read() == PDF
        else:
            assert not visible.exists(), role
            with pytest.raises(TransitionForbidden):
                services.event_document_open(document=document, actor=user, ip_address=None)
    logged = ArchiveEventDocumentAccess.objects.values_list("user__username", flat=True)
    assert sorted(logged) == sorted(people[role].username for role in READERS)


def test_a_material_is_reached_only_through_its_own_event(api_for, people, member, make_event):
    first, second = make_event(member, "opened"), make_event(member, "opened")
    document = stored(first, people["bureau"])
    api = api_for(people["hq"])
    assert api.get(f"{events_url(second)}documents/{document.pk}/").status_code == 404
    assert api.get(f"{events_url(first)}documents/999999/").status_code == 404
    assert api.get(f"{events_url(second)}documents/").json() == []
    assert not ArchiveEventDocumentAccess.objects.exists()


def test_an_upload_is_checked_by_content_and_kind(api_for, people, member, make_event):
    event = make_event(member, "opened")
    bureau = people["bureau"]
    refused = upload(api_for, bureau, event, content=b"MZ\x90\x00 not a pdf", name="x.pdf")
    assert refused.status_code == 400 and "file" in refused.json()
    assert upload(api_for, bureau, event, "nonsense").status_code == 400
    as_json = api_for(bureau).post(
        f"{events_url(event)}documents/", {"kind": "event"}, format="json"
    )
    assert as_json.status_code == 415
    assert not ArchiveEventDocument.objects.exists()
    done = upload(api_for, bureau, event, name="召回通知.hta")
    assert done.status_code == 201
    assert done.json()["original_name"] == "召回通知.hta"
    document = ArchiveEventDocument.objects.get()
    assert document.file.name.endswith(".pdf") and "召回" not in document.file.name


# ---------------------------------------------------------------- pages


def test_the_bureau_adds_and_reads_materials_on_the_event_page(
    client_for, people, member, make_event
):
    event = make_event(member, "classified")
    client = client_for(people["bureau"])
    page = client.get(pages_url(event))
    kinds = [k for k, _label in page.context["upload_form"].fields["kind"].choices]
    assert kinds == ["event", "investigation", "actions", "other"]
    done = client.post(
        f"{pages_url(event)}documents/",
        {"kind": "actions", "file": pdf("交涉函.pdf")},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == pages_url(event)
    assert "材料已上传。" in done.content.decode()
    document = ArchiveEventDocument.objects.get()
    assert (document.kind, document.original_name) == ("actions", "交涉函.pdf")
    link = f"{pages_url(event)}documents/{document.pk}/"
    assert f'href="{link}"' in done.content.decode()
    response = client.get(link, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    access = ArchiveEventDocumentAccess.objects.get()
    assert (access.user, access.ip_address) == (people["bureau"], "192.0.2.9")


def test_who_may_do_what_with_materials_on_the_pages(client_for, people, member, make_event):
    event = make_event(member, "opened")
    document = stored(event, people["bureau"])
    link = f"{pages_url(event)}documents/{document.pk}/"
    for role in ("hq", "applicant"):
        client = client_for(people[role])
        page = client.get(pages_url(event))
        assert page.context["upload_form"] is None, role
        assert f'href="{link}"' in page.content.decode(), role
        refused = client.post(
            f"{pages_url(event)}documents/", {"kind": "event", "file": pdf()}, follow=True
        )
        assert refused.redirect_chain[-1][0] == pages_url(event)
        assert "材料已上传。" not in refused.content.decode()
        assert client.get(link).status_code == 200, role
    for role in ("other_bureau", "other_government", "enterprise", "agency", "inspector"):
        client = client_for(people[role])
        assert client.get(link).status_code == 404, role
        posted = client.post(f"{pages_url(event)}documents/", {"kind": "event", "file": pdf()})
        assert posted.status_code == 404, role
    assert ArchiveEventDocument.objects.count() == 1
    readers = ArchiveEventDocumentAccess.objects.values_list("user__username", flat=True)
    assert sorted(readers) == sorted([people["hq"].username, people["applicant"].username])
    # A closed event takes no more materials: the form is gone and a post is refused.
    closed = make_event(member, "closed")
    client = client_for(people["bureau"])
    assert client.get(pages_url(closed)).context["upload_form"] is None
    late = client.post(f"{pages_url(closed)}documents/", {"kind": "other", "file": pdf()})
    assert late.status_code == 302
    assert ArchiveEventDocument.objects.count() == 1


def test_the_event_page_lists_its_materials_in_bounded_queries(
    client_for, people, member, make_event, django_assert_max_num_queries
):
    event = make_event(member, "investigated")
    for n in range(12):
        stored(event, people["bureau"], "investigation" if n % 2 else "event", f"调查笔录{n}.pdf")
    client = client_for(people["hq"])
    with django_assert_max_num_queries(27):
        page = client.get(pages_url(event))
    assert page.content.decode().count(f"{pages_url(event)}documents/") == 12


@pytest.mark.usefixtures("compiled_catalogues")
def test_the_materials_section_is_translated(client_for, people, member, make_event):
    from .test_pages import _switch, _untranslated

    event = make_event(member, "opened", product="Brake pads", description="EU notification")
    ArchiveEvent.objects.filter(pk=event.pk).update(reference="RASFF 1")
    stored(event, people["bureau"], name="notice.pdf")
    names = (member.name, member.zone.name, member.products)
    for role in ("bureau", "hq"):
        client = client_for(people[role])
        _switch(client, "en")
        response = client.get(pages_url(event))
        assert "notice.pdf" in response.content.decode()
        assert _untranslated(response, *names, people["bureau"].username) == [], role

"""The pages: the members' lookup and a recognition with its history (404 for what one may not
see), the record form and the withdrawal (refused with a message, bad input as form errors,
never a 500), the enterprise's own list, the navigation entry for members only."""

import pytest

from recognition import services
from recognition.models import Recognition
from recognition.workflow import State
from tests.test_i18n import compiled_catalogues  # noqa: F401 - the compiled .mo files

pytestmark = pytest.mark.django_db

LIST = "/cooperation/recognitions/"


def _form(holder, **overrides):
    return {
        "holder_name": holder.name,
        "holder_uscc": holder.uscc,
        "kind": "approval",
        "title": "特种设备制造许可",
        "scope": "压力容器（D 级）",
        "document_number": "TS2213045-2029",
        "valid_from": "2025-04-15",
        "valid_until": "2029-04-14",
        **overrides,
    }


@pytest.mark.parametrize(
    "actor",
    ["beijing_bureau", "tianjin_inspector", "hebei_authority", "renjianwei", "biaozhunwei", "hq"],
)
def test_members_look_up_and_read(client_for, actors, recognition, actor):
    client = client_for(actors[actor])
    page = client.get(LIST, {"q": recognition.holder_uscc.lower()})
    assert page.status_code == 200
    text = page.content.decode()
    assert recognition.number in text
    if actors[actor].role in ("hq", "bureau"):
        # Their navigation is full: the cooperation is under 直属局与片区.
        assert 'href="/regions/" aria-current="page"' in text
    else:
        assert f'href="{LIST}" aria-current="page"' in text  # the navigation entry
    detail = client.get(f"{LIST}{recognition.pk}/")
    assert detail.status_code == 200 and "流转记录" in detail.content.decode()


@pytest.mark.parametrize(
    "actor", ["jiangsu_bureau", "jiangsu_authority", "other_enterprise", "agency"]
)
def test_outsiders_get_404(client_for, actors, recognition, actor):
    client = client_for(actors[actor])
    assert client.get(LIST).status_code == 404
    assert client.get(f"{LIST}{recognition.pk}/").status_code == 404
    assert client.get(f"{LIST}{recognition.pk}/withdraw/").status_code == 404
    assert client.get(f"{LIST}new/").status_code == 404
    assert f'href="{LIST}"' not in client.get("/").content.decode()


def test_anonymous_is_sent_to_the_login(client, recognition):
    for url in (LIST, f"{LIST}{recognition.pk}/", f"{LIST}new/", f"{LIST}mine/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_holder_sees_its_own_page_and_detail(client_for, actors, recognition):
    client = client_for(actors["holder"])
    page = client.get(f"{LIST}mine/")
    assert page.status_code == 200 and recognition.number in page.content.decode()
    detail = client.get(f"{LIST}{recognition.pk}/")
    assert detail.status_code == 200 and "流转记录" not in detail.content.decode()
    assert client.get(LIST).status_code == 404
    other = client_for(actors["other_enterprise"]).get(f"{LIST}mine/")
    assert recognition.number not in other.content.decode()


def test_a_clerk_records_through_the_form(client_for, actors, holder):
    client = client_for(actors["tianjin_bureau"])
    assert client.get(f"{LIST}new/").status_code == 200
    response = client.post(f"{LIST}new/", _form(holder))
    made = Recognition.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{made.pk}/"
    assert (made.place, made.granting_bureau) == ("tianjin", actors["tianjin_bureau"].bureau)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"holder_uscc": "91110000000000000X"}, "统一社会信用代码无效"),
        ({"valid_until": "2025-04-15"}, "有效期至应晚于有效期起"),
        ({"valid_from": "not a date"}, "有效"),
        ({"kind": "x"}, "kind"),
        ({"title": "   "}, "title"),
    ],
)
def test_bad_input_shows_form_errors(client_for, actors, holder, overrides, message):
    response = client_for(actors["beijing_bureau"]).post(f"{LIST}new/", _form(holder, **overrides))
    assert response.status_code == 400
    assert not Recognition.objects.exists()
    if message not in ("kind", "title"):
        assert message in response.content.decode()


@pytest.mark.parametrize("actor", ["beijing_inspector", "renjianwei", "hq"])
def test_members_who_may_not_record_get_a_message(client_for, actors, holder, actor):
    response = client_for(actors[actor]).post(f"{LIST}new/", _form(holder))
    assert response.status_code == 403
    assert "只有京津冀三地直属局和质监部门可以登记互认事项" in response.content.decode()
    assert not Recognition.objects.exists()


def test_the_granting_place_withdraws_through_the_page(client_for, actors, recognition):
    client = client_for(actors["tianjin_authority"])
    assert client.post(f"{LIST}{recognition.pk}/withdraw/", {"reason": ""}).status_code == 400
    assert Recognition.objects.get(pk=recognition.pk).state == State.IN_FORCE
    response = client.post(f"{LIST}{recognition.pk}/withdraw/", {"reason": "许可被撤销。"})
    assert response.status_code == 302
    assert Recognition.objects.get(pk=recognition.pk).state == State.WITHDRAWN
    again = client.post(f"{LIST}{recognition.pk}/withdraw/", {"reason": "再次。"})
    assert again.status_code == 409
    # Seen withdrawn, with its reason, in Beijing and Hebei.
    for other in ("beijing_bureau", "hebei_authority"):
        text = client_for(actors[other]).get(f"{LIST}{recognition.pk}/").content.decode()
        assert "已撤回" in text and "许可被撤销。" in text


def test_another_place_may_not_withdraw(client_for, actors, recognition):
    client = client_for(actors["beijing_bureau"])
    assert client.get(f"{LIST}{recognition.pk}/withdraw/").status_code == 403
    assert client.post(f"{LIST}{recognition.pk}/withdraw/", {"reason": "x"}).status_code == 403
    assert Recognition.objects.get(pk=recognition.pk).state == State.IN_FORCE


def test_a_bad_filter_is_no_500(client_for, actors, recognition):
    response = client_for(actors["hq"]).get(LIST, {"status": "maybe", "place": "x", "page": "z"})
    assert response.status_code == 200


def test_the_list_costs_the_same_for_many_rows(
    client_for, actors, record, django_assert_max_num_queries
):
    client = client_for(actors["hebei_bureau"])
    record()
    client.get(LIST)  # warm the navigation's cache
    for number in range(12):
        record("beijing_bureau" if number % 2 else "hebei_authority")
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert response.status_code == 200


@pytest.mark.usefixtures("compiled_catalogues")
def test_english_pages(client_for, actors, recognition, settings):
    client = client_for(actors["beijing_bureau"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(LIST).content.decode()
    assert "Beijing-Tianjin-Hebei mutual recognition of approvals" in text
    assert ">Key tasks<" in text and ">Mutual recognition<" in text  # the cooperation's tabs


def test_services_are_what_the_pages_call(actors, recognition):
    """A withdrawal by the service shows on the enterprise's page too."""
    services.recognition_withdraw(
        recognition=recognition, actor=actors["tianjin_bureau"], reason="撤销。"
    )
    assert Recognition.objects.get(pk=recognition.pk).state == State.WITHDRAWN


def test_the_admin_shows_recognitions_read_only(client, recognition):
    from tests.factories import hq

    admin_user = hq(username="hr-admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    assert client.get("/admin/recognition/recognition/").status_code == 200
    assert client.get(f"/admin/recognition/recognition/{recognition.pk}/change/").status_code == 200
    assert client.get("/admin/recognition/recognition/add/").status_code == 403
    response = client.post(
        f"/admin/recognition/recognition/{recognition.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Recognition.objects.filter(pk=recognition.pk).exists()

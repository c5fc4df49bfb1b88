"""The notice's pages in English (issue 20 point 5): the page's own words are English; only the
data (product, enterprise, place, objection text) stay as entered."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.test_i18n import compiled_catalogues  # noqa: F401 - the compiled .mo files

from .conftest import object_to, publish

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff]")


def _words(html: str, data: list[str]) -> str:
    """The page's main text without tags and without the data shown on it."""
    main = html.split('id="main"', 1)[1]
    text = re.sub(r"<[^>]+>", " ", main)
    for value in data:
        text = text.replace(value, " ")
    return text


def test_the_public_and_staff_pages_read_in_english(world, client, compiled_catalogues):  # noqa: F811
    batch = publish(world)
    objection = object_to(batch)
    case = world.case
    data = [
        case.product_name, case.enterprise.name, case.origin_place, case.agency.name,
        case.category.name, batch.title, objection.reasons, "张三", case.bureau.name,
        case.bureau.full_name,
    ]  # fmt: skip
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = [
        (None, reverse("public_publicity:notices")),
        (None, reverse("public_publicity:batch", args=[batch.number])),
        (None, reverse("public_publicity:objection_new", args=[batch.number])),
        (None, reverse("public_publicity:objection", args=[objection.tracking_code])),
        (world.hq, reverse("publicity:batches")),
        (world.hq, reverse("publicity:batch", args=[batch.pk])),
        (world.hq, reverse("publicity:objection", args=[objection.pk])),
        (world.bureau, reverse("publicity:objection", args=[objection.pk])),
        (world.owner, reverse("publicity:mine")),
        (world.owner, reverse("publicity:objection", args=[objection.pk])),
    ]
    for user, url in pages:
        if user is not None:
            client.force_login(user)
        answer = client.get(url)
        assert answer.status_code == 200, url
        left = CJK.findall(_words(answer.text, data))
        assert not left, (url, "".join(left)[:80])

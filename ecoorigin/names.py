"""Names in both languages: reference data (bureaus, zones, product categories, organisations)
and the notices the portal writes carry a Chinese text and, beside it, an English one
(`<field>_en`, blank when nobody has given one). Pages, forms and the API show the English text
while English is the active language and it is set, else the Chinese (docs/adr/0001).

Stored records that must not depend on who was looking (the audit trail's object names, a
notice's official text) are written in the portal's language, `settings.LANGUAGE_CODE`."""

from collections.abc import Callable
from typing import Any, NamedTuple

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language


def english_active() -> bool:
    return (get_language() or "").split("-")[0] == "en"


def pick(chinese: str, english: str) -> str:
    """`english` while English is active and it is not blank, else `chinese` (for names read
    with values_list: `pick(name, name_en)`)."""
    return english if english and english_active() else chinese


def localized(obj, field: str = "name") -> str:
    """`obj.<field>_en` while English is active and it is not blank, else `obj.<field>`."""
    return pick(getattr(obj, field), getattr(obj, f"{field}_en", ""))


class EnglishName:
    """For a model with `name` and `name_en`: `display_name`, which its `__str__` returns too
    (so choice lists in forms and the admin follow the language)."""

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class Texts(NamedTuple):
    official: Any  # in settings.LANGUAGE_CODE
    english: Any


def in_both_languages(render: Callable[[], Any]) -> Texts:
    """What `render()` writes in the portal's language and in English: for a text that is
    stored (a notice) and shown later to whoever reads it, in the language they read."""
    with translation.override(settings.LANGUAGE_CODE):
        official = render()
    with translation.override("en"):
        english = render()
    return Texts(official, english)

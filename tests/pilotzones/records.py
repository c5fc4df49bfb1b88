"""What the page tests of measures, commendations and practice share: reading a page, the
messages on it, and a measure 督查评估 found 成效显著 (what a commendation cites)."""

import re

import pytest

from pilotzones import services

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def html(response) -> str:
    return response.content.decode()


def shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def switch(client, language: str):
    return client.post("/i18n/setlang/", {"language": language, "next": "/"}, follow=True)


def untranslated(response, *data: str) -> list[str]:
    """Chinese left in the main part of an English page once the data shown on it (typed by
    users, the organisations' names) is taken out. The navigation around it is other pages'
    (tests/test_i18n.py checks every marked string)."""
    text = html(response)
    text = text[text.index("<main") : text.index("</main>")]
    for value in sorted(set(data), key=len, reverse=True):
        text = text.replace(value, "")
    return sorted({line.strip() for line in text.splitlines() if CJK.search(line)})


@pytest.fixture(name="marked_measure")
def marked_measure_fixture(make_measure, hq):
    """marked_measure(**kw) → a running measure 督查评估 found 成效显著."""

    def make(**kwargs):
        measure = make_measure("running", **kwargs)
        services.measure_assess(
            measure=measure, actor=hq, effect="marked", findings="通关时间压缩40%，企业认可。"
        )
        return measure

    return make

"""Personas of 京津冀执法案件互查互评 (seed 003 §三.14): the three places' bureau clerks,
inspectors and quality authorities, the members without a place (认监委, 标准委), HQ, and
outsiders (a non-member bureau and its quality authority, an enterprise, an agency); a round at
each step: its standard drafted, agreed, a case file of each place entered, assigned."""

import pytest
from django.utils import timezone

from crossreview import services
from crossreview.models import ReviewedCase, ReviewRound
from regions.models import Organisation
from tests import factories

PLACES = ("beijing", "tianjin", "hebei")
STANDARD = [("主体认定和管辖", 20), ("事实认定和证据", 40), ("执法程序", 40)]
# Who enters each place's case file in the `entered` fixture.
ENTERERS = {"beijing": "beijing_bureau", "tianjin": "tianjin_authority", "hebei": "hebei_bureau"}


def authority(code: str) -> Organisation:
    return factories.OrganisationFactory(
        code=f"zj-{code}", kind=Organisation.Kind.QUALITY_AUTHORITY, bureau=factories.bureau(code)
    )


@pytest.fixture
def actors(db):
    """Each actor of the matrix, by name (anonymous is None)."""
    people = {}
    for code in PLACES:
        people[f"{code}_bureau"] = factories.bureau_staff(code, username=f"cr-{code}-clerk")
        people[f"{code}_inspector"] = factories.inspector(code, username=f"cr-{code}-insp")
        people[f"{code}_authority"] = factories.organisation_staff(
            authority(code), username=f"cr-{code}-zj"
        )
    people.update(
        {
            "jiangsu_bureau": factories.bureau_staff("jiangsu", username="cr-js-clerk"),
            "jiangsu_authority": factories.organisation_staff(
                authority("jiangsu"), username="cr-js-zj"
            ),
            "renjianwei": factories.organisation_staff(
                Organisation.objects.get(code="renjianwei"), username="cr-rjw"
            ),
            "biaozhunwei": factories.organisation_staff(
                Organisation.objects.get(code="biaozhunwei"), username="cr-bzw"
            ),
            "hq": factories.hq(username="cr-hq"),
            "enterprise": factories.enterprise_staff(username="cr-ent"),
            "agency": factories.agency_staff(username="cr-agency"),
            "anonymous": None,
        }
    )
    return people


def year() -> int:
    return timezone.localdate().year


def case_values(**overrides) -> dict:
    return {
        "number": "京检罚〔2025〕011号",
        "title": "进口冷链食品未按规定申报检验案",
        "kind": "penalty",
        "decided_on": "2025-03-15",
        **overrides,
    }


def full_marks(round_: ReviewRound, changes: dict | None = None) -> list[dict]:
    """Scores of every criterion at its weight; `changes` {position: (score, finding)}."""
    changes = changes or {}
    rows = []
    for criterion in round_.criteria.order_by("position"):
        score, finding = changes.get(criterion.position, (criterion.weight, ""))
        rows.append({"criterion": criterion.pk, "score": score, "finding": finding})
    return rows


@pytest.fixture
def draft_round(actors) -> ReviewRound:
    """This year's round, its standard drafted (weights 100 in all), not agreed."""
    round_ = services.round_open(
        actor=actors["hq"], year=year(), title="京津冀行政执法案件互查互评"
    )
    for text, weight in STANDARD:
        services.criterion_add(actor=actors["hq"], round_=round_, text=text, weight=weight)
    return round_


@pytest.fixture
def agreed_round(actors, draft_round) -> ReviewRound:
    return services.round_agree(round_=draft_round, actor=actors["hq"])


@pytest.fixture
def entered(actors, agreed_round) -> dict[str, ReviewedCase]:
    """One case file of each place, by place."""
    return {
        place: services.case_enter(
            actor=actors[name], round_=agreed_round, **case_values(number=f"{place}-001")
        )
        for place, name in ENTERERS.items()
    }


@pytest.fixture
def assigned_round(actors, agreed_round, entered) -> ReviewRound:
    round_ = services.round_assign(round_=agreed_round, actor=actors["hq"])
    for case in entered.values():
        case.refresh_from_db()
    return round_


def review_all(round_: ReviewRound) -> None:
    for case in ReviewedCase.objects.filter(round=round_, review__isnull=True):
        services.review_submit(actor=case.reviewer, case=case, scores=full_marks(round_))

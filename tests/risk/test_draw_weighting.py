"""Risk-based supervision (seed 004 §二.17, issue 17 point 7): a weighted double-random plan
weighs a product by the active warnings naming its enterprise (casework.weighting, weighting
version 2, ADR 0009), committed in the snapshot; an unweighted plan and the snapshots of earlier
draws are what they were."""

import pytest

from casework import draw
from casework.weighting import WEIGHTING_VERSION, risk_factors
from risk import services
from risk.workflow import Grade
from supervision import services as supervision
from tests.supervision.test_services import make_plan, protected

pytestmark = pytest.mark.django_db


def _weights(plan) -> dict[int, int]:
    snapshot = supervision._snapshot(plan)
    return {t["case"]: t.get("weight", 1) for t in snapshot["targets"]}, snapshot


def test_an_active_warning_multiplies_the_weight_by_its_grade(make_warning, hq):
    warned, other = protected("qinghai"), protected("qinghai")
    warning = make_warning(
        targets=[{"name": warned.enterprise.name, "uscc": warned.enterprise.uscc}]
    )
    plan = make_plan(hq, weighted=True)
    weights, snapshot = _weights(plan)
    assert weights[warned.pk] == 3 and weights[other.pk] == 1  # Ⅲ级: × 3
    assert snapshot["weighting"] == WEIGHTING_VERSION
    assert draw.pack_snapshot(snapshot)["weighting"] == WEIGHTING_VERSION

    services.warning_transition(
        warning=warning, name="raise_grade", actor=hq, grade=Grade.I, reason="扩散。"
    )
    assert _weights(plan)[0][warned.pk] == 5  # Ⅰ级: × 5
    services.warning_transition(warning=warning, name="lift", actor=hq, reason="消除。")
    assert _weights(plan)[0][warned.pk] == 1


def test_the_most_serious_active_warning_counts_once(make_warning, hq):
    case = protected("qinghai")
    target = [{"name": case.enterprise.name, "uscc": case.enterprise.uscc}]
    make_warning(targets=target, grade=Grade.IV)
    make_warning(targets=target, grade=Grade.III)
    assert risk_factors(usccs=[case.enterprise.uscc]) == {case.enterprise.uscc: 3}


def test_an_unweighted_plan_snapshot_is_unchanged(make_warning, hq):
    case = protected("qinghai")
    make_warning(targets=[{"name": case.enterprise.name, "uscc": case.enterprise.uscc}])
    snapshot = supervision._snapshot(make_plan(hq))
    assert "weighting" not in snapshot and "weighting" not in draw.pack_snapshot(snapshot)
    assert all("weight" not in t for t in snapshot["targets"])


def test_a_weighted_draw_still_verifies_from_its_document():
    snapshot = {
        "weighting": WEIGHTING_VERSION,
        "targets": [{"case": n, "bureau": 1, "weight": 1 + (n % 3) * 2} for n in range(1, 30)],
        "inspectors": [{"user": u, "bureau": 2} for u in range(100, 110)],
    }
    stored = draw.pack_snapshot(snapshot)
    seed = "ab" * 32
    parameters = {"sample_size": 5, "sample_ratio": None, "team_size": 2,
                  "exclude_own_bureau": True, "weighted": True}  # fmt: skip
    result = draw.run(draw.unpack_snapshot(stored), seed, **parameters)
    document = {
        "protocol": 1,
        "seed": seed,
        "seed_commitment": draw.commitment(seed),
        "snapshot": stored,
        "parameters": parameters,
        "result": result.as_dict(),
    }
    verdict = draw.verify_published(document)
    assert verdict["committed"] and verdict["result_matches"]


def test_the_credit_grade_multiplies_too(make_warning, hq, django_capture_on_commit_callbacks):
    """A Ⅱ级 warning naming the enterprise costs it 20 credit points (grade B: × 2) and weighs
    × 4 itself: × 8 in all (casework.weighting, ADR 0009 and 0030)."""
    from credit.models import CreditGrade

    case = protected("qinghai")
    uscc = case.enterprise.uscc
    with django_capture_on_commit_callbacks(execute=True):
        make_warning(
            by="hq", grade=Grade.II, targets=[{"name": case.enterprise.name, "uscc": uscc}]
        )
    assert CreditGrade.objects.get(uscc=uscc).grade == "B"
    assert risk_factors(usccs=[uscc]) == {uscc: 8}
    plan = make_plan(hq, weighted=True)
    assert _weights(plan)[0][case.pk] == 8


def test_the_overview_shows_the_credit_grades_each_unit_sees(bureau_qinghai, bureau_gansu, hq):
    """Issue 17 point 8: the distribution of credit grades beside the warnings (a panel the
    credit app adds through casework.overview), over the enterprises the user may see."""
    from django.utils import timezone

    from casework.overview import overview_panels
    from credit.models import CreditGrade, CreditRule

    case = protected("qinghai")
    CreditGrade.objects.create(
        uscc=case.enterprise.uscc,
        name=case.enterprise.name,
        bureau=case.enterprise.bureau,
        grade="C",
        score=65,
        rule=CreditRule.objects.get(version=1),
        explanation=[],
        computed_at=timezone.now(),
    )

    def c_count(user):
        (panel,) = [p for p in overview_panels(user=user) if p.code == "credit"]
        return {css: n for _label, n, css in panel.rows}["credit-C"]

    assert c_count(hq) == 1 and c_count(bureau_qinghai) == 1 and c_count(bureau_gansu) == 0
    enterprise = case.enterprise
    from tests import factories

    staff = factories.enterprise_staff(enterprise, username="risk-overview-ent")
    assert [p for p in overview_panels(user=staff) if p.code == "credit"] == []

"""The case-engine kernel (casework): one transition service and registry for every programme
(docs/adr/0013-one-case-engine.md), and the rule that programmes stand side by side: a
programme's code imports the kernel and the shared organisation data, never another programme,
and the kernel imports no programme."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from applications.models import Application
from casework.exceptions import InvalidTransitionInput
from casework.numbering import next_number
from casework.programmes import programme, programme_of, programmes
from casework.services import case_transition
from demonstration.models import ArchiveEvent, DemonstrationZone, ZoneEnterprise
from pilotzones.models import InnovationMeasure, PilotZone, ReplicablePractice
from risk.models import ResponseMeasure, RiskSignal, RiskWarning

BASE = Path(settings.BASE_DIR)


def test_every_programme_is_registered_once():
    codes = [p.code for p in programmes()]
    assert sorted(codes) == [
        "blacklist",
        "cooperation_plan",
        "crossreview",
        "demonstration",
        "demonstration_archive",
        "demonstration_enterprise",
        "ecoorigin",
        "monitoring_plan",
        "pilot_measure",
        "pilot_practice",
        "pilotzones",
        "qualityreports",
        "recognition",
        "risk_emergency",
        "risk_measure",
        "risk_signal",
        "risk_warning",
    ]
    assert programme("ecoorigin").case_model is Application
    assert programme("demonstration").case_model is DemonstrationZone
    # Seed 001's enterprises and their quality archive: cases of their own in the same app.
    assert programme("demonstration_enterprise").case_model is ZoneEnterprise
    assert programme("demonstration_archive").case_model is ArchiveEvent
    # Seed 002: the zone, its innovation measures and the practice drawn from it.
    assert programme("pilotzones").case_model is PilotZone
    assert programme("pilot_measure").case_model is InnovationMeasure
    assert programme("pilot_practice").case_model is ReplicablePractice
    # Seed 004: the risk signal, the graded warning and the rapid-response measure.
    assert programme("risk_signal").case_model is RiskSignal
    assert programme("risk_warning").case_model is RiskWarning
    assert programme("risk_measure").case_model is ResponseMeasure


def test_each_case_knows_its_programme():
    assert programme_of(Application()).code == "ecoorigin"
    assert programme_of(DemonstrationZone()).code == "demonstration"
    with pytest.raises(LookupError):
        programme_of(object())


def test_every_rule_has_its_transition_method_with_a_permission():
    for each in programmes():
        for name in each.rules:
            assert callable(each.permission(name)), (each.code, name)


@pytest.mark.django_db
def test_an_unknown_transition_is_400_and_changes_nothing():
    with pytest.raises(InvalidTransitionInput):
        case_transition(
            programme=programme("demonstration"), case=DemonstrationZone(pk=1), name="x", actor=None
        )


@pytest.mark.django_db
def test_numbers_run_per_key_inside_the_callers_transaction():
    with transaction.atomic():
        assert [next_number("t:a"), next_number("t:a"), next_number("t:b")] == [1, 2, 1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_number_needs_a_transaction():
    with pytest.raises(RuntimeError):
        next_number("t:c")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _packages():
    return {p.case_model._meta.app_label for p in programmes()}


@pytest.mark.parametrize("package", sorted(_packages()))
def test_a_programme_imports_no_other_programme(package):
    others = _packages() - {package}
    offending = {
        str(path.relative_to(BASE)): sorted(_imports(path) & others)
        for path in (BASE / package).rglob("*.py")
        if "migrations" not in path.parts and _imports(path) & others
    }
    assert offending == {}


def test_the_kernel_imports_no_programme():
    offending = {
        str(path.relative_to(BASE)): sorted(_imports(path) & _packages())
        for path in (BASE / "casework").rglob("*.py")
        if _imports(path) & _packages()
    }
    assert offending == {}

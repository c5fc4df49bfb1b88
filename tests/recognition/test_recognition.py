"""The recognised approval's life: recorded once by the granting place, withdrawn by it with a
reason (final, seen in all three places), expired by its term; bad input changes nothing; the
lookup by holder name or credit code with its filters."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from casework.exceptions import InvalidTransitionInput, TransitionNotAllowed
from ecoorigin.exceptions import InvalidInput
from recognition import selectors, services
from recognition.models import Recognition, RecognitionHistory
from recognition.workflow import State, Status
from tests import factories

from .conftest import body


def test_a_recording_is_numbered_and_audited(actors, record):
    first, second = record(), record(document_number="津制量〔2026〕0013号")
    year = timezone.localdate().year
    assert first.number == f"JJJHR-{year}-0001"
    assert second.number == f"JJJHR-{year}-0002"
    assert AuditEntry.objects.filter(object_id=str(first.pk), action="create").exists()


def test_the_credit_code_is_kept_upper_case(record, holder):
    made = record(holder_uscc=holder.uscc.lower())
    assert made.holder_uscc == holder.uscc


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"holder_uscc": "91110000000000000X"}, "holder_uscc"),
        ({"holder_name": "   "}, "holder_name"),
        ({"title": ""}, "title"),
        ({"document_number": " "}, "document_number"),
        ({"kind": "industrial_policy"}, "kind"),
        ({"valid_from": None}, "valid_from"),
        ({"valid_from": "2026-02-30"}, "valid_from"),
        ({"valid_until": date(2026, 3, 1)}, "valid_until"),
        ({"valid_until": date(2025, 1, 1)}, "valid_until"),
        ({"title": "许" * 201}, "title"),
    ],
)
def test_bad_input_is_refused_with_the_fields_message(actors, holder, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        services.recognition_record(actor=actors["beijing_bureau"], **body(holder, **overrides))
    assert field in refused.value.field_errors
    assert not Recognition.objects.exists()


def test_a_recognition_without_an_end_is_in_force(record):
    made = record(valid_until=None)
    assert made.status == Status.IN_FORCE


# --- transitions ------------------------------------------------------------------------------


def test_withdraw_in_force_to_withdrawn(actors, recognition):
    done = services.recognition_withdraw(
        recognition=recognition, actor=actors["tianjin_bureau"], reason="许可被依法撤销。"
    )
    fresh = Recognition.objects.get(pk=recognition.pk)
    assert done.state == fresh.state == State.WITHDRAWN
    assert fresh.withdrawn_on == timezone.localdate()
    assert fresh.withdrawal_reason == "许可被依法撤销。"
    assert fresh.status == Status.WITHDRAWN


def test_withdraw_needs_a_reason(actors, recognition):
    with pytest.raises(InvalidTransitionInput) as refused:
        services.recognition_withdraw(
            recognition=recognition, actor=actors["tianjin_authority"], reason="   "
        )
    assert "reason" in refused.value.field_errors
    assert Recognition.objects.get(pk=recognition.pk).state == State.IN_FORCE
    assert not RecognitionHistory.objects.exists()


def test_a_withdrawal_is_final(actors, recognition):
    services.recognition_withdraw(
        recognition=recognition, actor=actors["tianjin_authority"], reason="撤销。"
    )
    with pytest.raises(TransitionNotAllowed):
        services.recognition_withdraw(
            recognition=recognition, actor=actors["tianjin_authority"], reason="再次撤回。"
        )
    assert RecognitionHistory.objects.count() == 1


def test_an_expired_recognition_may_still_be_withdrawn(actors, record):
    made = record(valid_from=date(2019, 1, 1), valid_until=date(2020, 1, 1))
    assert made.status == Status.EXPIRED
    done = services.recognition_withdraw(
        recognition=made, actor=actors["tianjin_authority"], reason="补记撤回。"
    )
    assert done.status == Status.WITHDRAWN


def test_a_withdrawal_is_seen_by_the_other_two_places(actors, recognition):
    services.recognition_withdraw(
        recognition=recognition, actor=actors["tianjin_authority"], reason="许可被依法撤销。"
    )
    for reader in ("beijing_bureau", "hebei_authority", "beijing_inspector", "holder"):
        seen = selectors.recognitions_visible_to(user=actors[reader]).get(pk=recognition.pk)
        assert seen.status == Status.WITHDRAWN
        assert seen.withdrawal_reason == "许可被依法撤销。"
        assert seen.withdrawn_on == timezone.localdate()
    in_force = selectors.recognitions_filtered(user=actors["hebei_bureau"], status="in_force")
    assert not in_force.filter(pk=recognition.pk).exists()


# --- the lookup -------------------------------------------------------------------------------


@pytest.fixture
def several(actors, record, other_enterprise):
    today = timezone.localdate()
    return {
        "tianjin": record(),
        "beijing": record(
            "beijing_bureau",
            kind="registration",
            holder_name=other_enterprise.name,
            holder_uscc=other_enterprise.uscc,
        ),
        "expired": record(
            "hebei_authority",
            kind="certification",
            valid_from=today - timedelta(days=800),
            valid_until=today - timedelta(days=1),
        ),
        "withdrawn": services.recognition_withdraw(
            recognition=record("hebei_bureau", kind="filing"),
            actor=actors["hebei_authority"],
            reason="撤销。",
        ),
    }


def _found(actors, **filters):
    return set(selectors.recognitions_filtered(user=actors["beijing_bureau"], **filters))


def test_search_by_name_contains(actors, several):
    assert _found(actors, query="另一生态") == {several["beijing"]}


def test_search_by_credit_code_exact_any_case(actors, several, other_enterprise):
    assert _found(actors, query=other_enterprise.uscc.lower()) == {several["beijing"]}
    assert _found(actors, query=other_enterprise.uscc[:10]) == set()


def test_filters(actors, several):
    assert _found(actors, kind="registration") == {several["beijing"]}
    assert _found(actors, place="hebei") == {several["expired"], several["withdrawn"]}
    assert _found(actors, status="expired") == {several["expired"]}
    assert _found(actors, status="withdrawn") == {several["withdrawn"]}
    assert _found(actors, status="in_force") == {several["tianjin"], several["beijing"]}
    assert len(_found(actors)) == 4


def test_a_member_department_finds_them_too(actors, several):
    found = selectors.recognitions_filtered(user=actors["renjianwei"], place="tianjin")
    assert set(found) == {several["tianjin"]}


def test_an_outsider_finds_nothing(actors, several):
    for outsider in ("jiangsu_bureau", "jiangsu_authority", "agency", "other_enterprise"):
        user = actors[outsider]
        if outsider == "other_enterprise":
            # It holds the Beijing registration, and sees only that.
            assert set(selectors.recognitions_filtered(user=user)) == {several["beijing"]}
            continue
        assert not selectors.recognitions_filtered(user=user).exists()


def test_a_new_enterprise_user_sees_what_was_recorded_before(several):
    enterprise = factories.EnterpriseFactory(uscc=several["tianjin"].holder_uscc)
    user = factories.enterprise_staff(enterprise, username="hr-late")
    held = {several["tianjin"], several["expired"], several["withdrawn"]}
    assert set(selectors.recognitions_visible_to(user=user)) == held

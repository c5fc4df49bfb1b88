"""The demo's 京津冀 public-health emergencies (risk/demo.py): one notified in time, one escalated
to HQ; written once."""

from risk import demo
from risk.models import EmergencyReport
from risk.workflow import EmergencyStatus
from tests import factories


def test_demo_emergencies(db):
    for code in ("beijing", "tianjin", "hebei"):
        factories.bureau_staff(code, username=f"bureau-{code}")
    assert demo.seed_emergencies() == 2
    assert demo.seed_emergencies() == 0
    in_time = EmergencyReport.objects.get(title=demo.EMERGENCY_IN_TIME)
    late = EmergencyReport.objects.get(title=demo.EMERGENCY_LATE)
    assert in_time.status == EmergencyStatus.NOTIFIED and in_time.bureau.code == "tianjin"
    acknowledged = in_time.acknowledgements.filter(acknowledged_at__isnull=False)
    assert [row.bureau.code for row in acknowledged] == ["beijing"]
    assert late.status == EmergencyStatus.OVERDUE and late.escalated_at is not None
    assert [entry.transition for entry in late.history.all()] == ["escalate"]

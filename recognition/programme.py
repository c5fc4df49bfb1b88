"""京津冀行政审批结果互认 as a programme of the case engine (casework). The kernel's service checks
the caller (the granting place's bureau or quality authority), locks the recognition, re-checks
its state and writes the history; this module gives the withdrawal its date."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from casework.programmes import Programme, register

from . import workflow as wf
from .models import Recognition, RecognitionHistory


class MutualRecognition(Programme):
    code = "recognition"
    label = gettext_lazy("京津冀审批结果互认")
    case_model = Recognition
    history_model = RecognitionHistory
    history_case_field = "recognition"
    rules = wf.RULES
    method_names = wf.METHOD_NAMES
    lock_related = ("granting_bureau", "granting_authority")

    def prepare(self, name, case, actor, *, comment, **data):
        if name == "withdraw":
            today = timezone.localdate()
            return {"withdrawn_on": today}, {"withdrawn_on": today.isoformat()}
        return {}, {}


RECOGNITION = register(MutualRecognition())

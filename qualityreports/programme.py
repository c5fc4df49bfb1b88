"""京津冀区域质量状况分析报告 as a programme of the case engine (casework). The kernel's service
checks the caller (the filing place to submit, HQ to return), locks the report, re-checks its
state and writes the history; this module turns an incomplete report's refusal into the fields
that are missing (400, not 409)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.programmes import Programme, register
from ecoorigin.exceptions import InvalidInput

from . import workflow as wf
from .models import QualityStatusReport, QualityStatusReportHistory


class QualityStatusReports(Programme):
    code = "qualityreports"
    label = gettext_lazy("京津冀区域质量状况分析报告")
    case_model = QualityStatusReport
    history_model = QualityStatusReportHistory
    history_case_field = "report"
    rules = wf.RULES
    method_names = wf.METHOD_NAMES

    def condition_refused(self, case, name):
        # The only condition is submit's: every figure and section filled in.
        return InvalidInput(_("报告尚未填写完整，不能报送。"), field_errors=case.missing())


QUALITY_REPORTS = register(QualityStatusReports())

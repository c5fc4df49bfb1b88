from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityReportsConfig(AppConfig):
    """京津冀区域质量状况分析报告 (seed 003 §三.19; docs/adr/0034-quality-status-reports.md)."""

    name = "qualityreports"
    verbose_name = _("京津冀区域质量状况分析报告")

    def ready(self):
        # Register the programme with the case engine, and the export's job kind.
        from . import jobs, programme  # noqa: F401

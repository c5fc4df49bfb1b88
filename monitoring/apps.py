from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """风险监测计划 (seed 004 §二.1, 3) on the case engine."""

    name = "monitoring"
    verbose_name = _("风险监测")

    def ready(self):
        # Register the programme (casework.programmes), the export job kind and the failed
        # samples the quality credit rule weighs (casework.credit).
        from . import credit_facts, jobs, programme  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    """风险预警与快速反应 (seed 004, 国发〔2017〕43号) on the case engine."""

    name = "risk"
    verbose_name = _("风险预警与快速反应")

    def ready(self):
        # Register the programmes (signal, warning, measure), their waiting work and the
        # facts they tell the quality credit rule (casework.credit), and the export's job kind.
        from . import credit_facts, jobs, programme, todo  # noqa: F401

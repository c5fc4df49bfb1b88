from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemonstrationConfig(AppConfig):
    """出口工业产品质量安全示范区 (seed 001, 国质检检〔2014〕237号) on the case engine."""

    name = "demonstration"
    verbose_name = _("质量安全示范区")

    def ready(self):
        from . import jobs, programme  # noqa: F401  registers the programme and its job kinds

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemonstrationConfig(AppConfig):
    """出口工业产品质量安全示范区 (seed 001, 国质检检〔2014〕237号) on the case engine."""

    name = "demonstration"
    verbose_name = _("质量安全示范区")

    def ready(self):
        # Register the programme, its job kinds and its waiting work (to-do).
        from . import jobs, programme, todo  # noqa: F401

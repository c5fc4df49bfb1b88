from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotZonesConfig(AppConfig):
    """国检试验区 (seed 002, 国质检通〔2017〕262号) on the case engine."""

    name = "pilotzones"
    verbose_name = _("国检试验区")

    def ready(self):
        # Register the programmes (zone, innovation measure, replicable practice) and the
        # zone's waiting work (casework.todo).
        from . import programme, todo  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    """总局与直属局、片区往来: HQ's tasks to zones and bureaus (seed 000 §二.2) and what bureaus
    report to 通关司 (§3, §5, §9, §16)."""

    name = "liaison"
    verbose_name = _("总局交办与报送")

    def ready(self):
        # Its waiting work (to-do) and its figures in a bureau's annual summary.
        from . import figures, todo  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("专家委员会")

    def ready(self):
        # Registers HQ's waiting work: recommendations to decide (casework.todo).
        from . import todo  # noqa: F401

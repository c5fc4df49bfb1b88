from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("事中事后监管")

    def ready(self):
        # Register their waiting work (to-do); rectification_todo: 整改 and 跟进检查 (ADR 0021).
        from . import rectification_todo, todo  # noqa: F401

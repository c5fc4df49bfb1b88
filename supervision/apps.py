from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("事中事后监管")

    def ready(self):
        from . import todo  # noqa: F401  registers its waiting work (to-do)

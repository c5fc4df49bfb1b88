from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("保护申报")

    def ready(self):
        from . import programme  # noqa: F401  registers 生态原产地产品保护 with the case engine

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("保护申报")

    def ready(self):
        # Register 生态原产地产品保护 with the case engine and its waiting work (to-do).
        from . import categories, programme, todo, verification  # noqa: F401

        # 证书查验 answers are forgotten when what they show changes, whoever writes it.
        verification.connect()
        categories.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    """案件办理内核: what every programme's cases share (docs/adr/0013-one-case-engine.md)."""

    name = "casework"
    verbose_name = _("案件办理")

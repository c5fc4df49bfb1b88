from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    """质量信用与质量安全违法黑名单 (seed 004 §二.11–12, docs/adr/0030-quality-credit-and-blacklist.md)."""

    name = "credit"
    verbose_name = _("质量信用")

    def ready(self):
        # Register the blacklist's programme, its facts and check with the kernel's registries,
        # the export's job kind, and recompute grades when any programme's facts change; the
        # grade distribution on the risk overview and the grade's factor in a weighted draw.
        from . import jobs, overview, programme, receivers  # noqa: F401

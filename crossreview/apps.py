from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrossreviewConfig(AppConfig):
    """京津冀行政执法案件互查互评 (seed 003 §三.14; docs/adr/0033-cross-review.md)."""

    name = "crossreview"
    verbose_name = _("京津冀执法案件互查互评")

    def ready(self):
        # Register the programme with the case engine.
        from . import programme  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    """京津冀行政审批结果互认 (seed 003 tasks 5–7, 25; docs/adr/0031-mutual-recognition.md)."""

    name = "recognition"
    verbose_name = _("京津冀审批结果互认")

    def ready(self):
        # Register the programme with the case engine.
        from . import programme  # noqa: F401

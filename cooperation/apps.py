from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """京津冀区域质量发展合作 (seed 003, 国质检质〔2017〕151号): the 42 重点任务 and their units,
    the members' 年度行动计划; the members are told by regions.cooperation."""

    name = "cooperation"
    verbose_name = _("京津冀质量发展合作")

    def ready(self):
        # Register the plans with the case engine, their waiting work and their export jobs.
        from . import jobs, programme, todo  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("事中事后监管")

    def ready(self):
        from casework.forced_exit import register_exit_proposer

        # Register their waiting work (to-do); rectification_todo: 整改 and 跟进检查 (ADR 0021);
        # credit_facts: 质量信用 (seed 004 §二.11) of eco-origin's complaints.
        from . import credit_facts, rectification_todo, todo  # noqa: F401
        from .services import proposal_forced_exit

        # 强制退出 (seed 004 §二.12): a blacklisted enterprise's products go to HQ as proposals.
        register_exit_proposer(proposal_forced_exit)

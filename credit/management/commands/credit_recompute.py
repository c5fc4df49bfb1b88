"""Recompute every enterprise's quality credit grade by the rule in force."""

from django.core.management.base import BaseCommand

from credit.services import credit_recompute_all


class Command(BaseCommand):
    help = "按现行信用评价规则重新计算全部企业的质量信用等级。"

    def handle(self, *args, **options):
        changed = credit_recompute_all()
        self.stdout.write(f"{changed}")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """演示数据: `manage.py seed_demo` assembles every app's demo data. It sits at the top, beside
    the project package, so that no app (accounts least of all) depends on the programmes."""

    name = "demo"
    verbose_name = _("演示数据")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("直属局与片区")

    def ready(self):
        from . import dashboard_cache, jobs  # noqa: F401  (jobs registers the job kinds)

        dashboard_cache.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("直属局与片区")

    def ready(self):
        # jobs registers the job kinds, todo HQ's supervision checks' waiting work.
        from . import dashboard_cache, jobs, todo, zone_leads  # noqa: F401

        dashboard_cache.connect()
        zone_leads.connect()

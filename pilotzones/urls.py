"""Pages of the inspection pilot zones under /pilotzones/: the zones (zone_urls), what lies
beside them, innovation measures, commendations and replicable practice (record_urls), and the
bureau's day-to-day supervision of an operating zone."""

from django.urls import path

from . import supervision_views
from .record_urls import urlpatterns as record_urlpatterns
from .zone_urls import urlpatterns as zone_urlpatterns

app_name = "pilotzones"

urlpatterns = [
    *record_urlpatterns,
    path("<int:pk>/supervision/", supervision_views.supervision, name="supervision"),
    *zone_urlpatterns,
]

"""The portal's URLs plus the baselines under /__bench__/ (bench/wsgi.py only)."""

from django.urls import path

from ecoorigin.urls import urlpatterns as portal

from . import baseline

urlpatterns = [
    path("__bench__/applications/<int:pk>/", baseline.case_detail),
    path("__bench__/worklist/", baseline.worklist),
    path("__bench__/rankings/", baseline.rankings),
    *portal,
]

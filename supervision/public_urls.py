"""Public supervision pages under /public/: complaints and the published inspection results."""

from django.urls import path

from . import views

app_name = "public_supervision"

urlpatterns = [
    path("complaints/", views.complaint_lookup, name="complaint_lookup"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    # Any text, "/" included: the form sends whatever was typed to its page.
    path("complaints/<path:code>/", views.complaint_status, name="complaint"),
    path("inspections/", views.inspections, name="inspections"),
]

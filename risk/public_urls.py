"""Public pages of 风险预警与快速反应 under /public/risk/."""

from django.urls import path

from . import public_views

app_name = "risk_public"

urlpatterns = [
    path("", public_views.warning_list, name="warnings"),
    path("assessments/", public_views.assessment_list, name="assessments"),
]

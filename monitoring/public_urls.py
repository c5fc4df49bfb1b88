"""Public pages: the published quality-safety monitoring results (依法向社会发布质量安全监测结果)."""

from django.urls import path

from . import public_views

app_name = "public_monitoring"

urlpatterns = [
    path("", public_views.plan_list, name="list"),
    path("<int:pk>/", public_views.plan_results, name="plan"),
]

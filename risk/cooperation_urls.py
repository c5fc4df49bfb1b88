"""Pages of 京津冀区域风险信息共享 (seed 003 §三.9, 26, 30), a tab of the cooperation under
/cooperation/risk/."""

from django.urls import path

from . import emergency_views

app_name = "cooperation_risk"

urlpatterns = [
    path("", emergency_views.index, name="index"),
    path("emergencies/new/", emergency_views.emergency_create, name="emergency_create"),
    path("emergencies/<int:pk>/", emergency_views.emergency_detail, name="emergency"),
]

"""Pages of 京津冀区域质量状况分析报告, under /cooperation/quality-reports/."""

from django.urls import path

from . import views

app_name = "qualityreports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("new/", views.report_new, name="new"),
    path("export/", views.comparison_export, name="export"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/submit/", views.report_submit, name="submit"),
    path("<int:pk>/return/", views.report_return, name="return"),
]

"""Pages of 风险预警与快速反应 under /risk/ (the names risk/todo.py reverses are fixed)."""

from django.urls import path

from . import measure_views, signal_views, views, warning_views

app_name = "risk"

urlpatterns = [
    path("", views.overview, name="overview"),
    # 风险信息 (§二.2, 5–6)
    path("signals/", signal_views.signal_list, name="signals"),
    path("signals/new/", signal_views.signal_create, name="signal_create"),
    path(
        "signals/from-complaint/<int:complaint_pk>/",
        signal_views.signal_from_complaint,
        name="signal_from_complaint",
    ),
    path("signals/<int:pk>/", signal_views.signal_detail, name="signal"),
    path("signals/<int:pk>/opinion/", signal_views.opinion, name="opinion"),
    path("documents/<int:pk>/", signal_views.signal_document, name="signal_document"),
    # 风险预警 (§二.7–8) and 预警通报
    path("warnings/", warning_views.warning_list, name="warnings"),
    path("warnings/new/", warning_views.warning_create, name="warning_create"),
    path("warnings/<int:pk>/", warning_views.warning_detail, name="warning"),
    path("warnings/<int:pk>/edit/", warning_views.warning_edit, name="warning_edit"),
    path("notifications/", warning_views.notification_list, name="notifications"),
    path(
        "notifications/<int:pk>/acknowledge/",
        warning_views.notification_acknowledge,
        name="notification_acknowledge",
    ),
    # 快速反应措施 (§二.9–10)
    path("measures/", measure_views.measure_list, name="measures"),
    path("measures/<int:pk>/", measure_views.measure_detail, name="measure"),
    # 导出 (CSV/XLSX, a background job)
    path("export/<str:what>/", views.export, name="export"),
]

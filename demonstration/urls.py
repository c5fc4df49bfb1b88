from django.urls import path

from . import enterprise_views, export_views, views

app_name = "demonstration"

urlpatterns = [
    path("", views.zone_list, name="list"),
    path("new/", views.zone_new, name="new"),
    path("standards/", views.standards, name="standards"),
    path("export/", export_views.zone_export, name="export"),
    path("<int:pk>/", views.zone_detail, name="detail"),
    path("<int:pk>/edit/", views.zone_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.zone_action, name="action"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_id>/", views.document_download, name="document_download"
    ),
    path("<int:pk>/title/", views.title_pdf, name="title_pdf"),
    # 入区企业 and 示范企业 (§三.5, §六.3)
    path("<int:pk>/enterprises/", enterprise_views.enterprise_list, name="enterprise_list"),
    path("<int:pk>/enterprises/new/", enterprise_views.enterprise_new, name="enterprise_new"),
    path(
        "<int:pk>/enterprises/<int:enterprise_id>/",
        enterprise_views.enterprise_detail,
        name="enterprise_detail",
    ),
    path(
        "<int:pk>/enterprises/<int:enterprise_id>/do/<slug:name>/",
        enterprise_views.enterprise_action,
        name="enterprise_action",
    ),
    # 质量档案与责任追溯 (§六.6)
    path("<int:pk>/archive/", enterprise_views.archive_list, name="archive_list"),
    path("<int:pk>/archive/new/", enterprise_views.archive_new, name="archive_new"),
    path(
        "<int:pk>/archive/<int:event_id>/", enterprise_views.archive_detail, name="archive_detail"
    ),
    path(
        "<int:pk>/archive/<int:event_id>/do/<slug:name>/",
        enterprise_views.archive_action,
        name="archive_action",
    ),
]

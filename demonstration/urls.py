from django.urls import path

from . import (
    enterprise_views,
    export_views,
    notice_views,
    report_views,
    supervision_views,
    views,
)

app_name = "demonstration"

urlpatterns = [
    path("", views.zone_list, name="list"),
    path("new/", views.zone_new, name="new"),
    path("standards/", views.standards, name="standards"),
    path("export/", export_views.zone_export, name="export"),
    # 通知书 to the local government (its inbox)
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/<int:notice_id>/", notice_views.notice_detail, name="notice"),
    path("notices/<int:notice_id>/pdf/", notice_views.notice_pdf, name="notice_pdf"),
    # 年度建设情况报告 (§七.4)
    path("reports/", report_views.report_list, name="report_list"),
    # 监督检查 (§七.3): double-random plans over zones or their enterprises
    path("supervision/", supervision_views.plan_list, name="supervision"),
    path("supervision/new/", supervision_views.plan_new, name="supervision_new"),
    path("supervision/mine/", supervision_views.my_inspections, name="supervision_mine"),
    path("supervision/<int:pk>/", supervision_views.plan_detail, name="supervision_plan"),
    path("supervision/<int:pk>/draw/", supervision_views.plan_draw, name="supervision_draw"),
    path("supervision/<int:pk>/beacon/", supervision_views.plan_beacon, name="supervision_beacon"),
    path("supervision/<int:pk>/reveal/", supervision_views.plan_reveal, name="supervision_reveal"),
    path(
        "supervision/<int:pk>/draw.json",
        supervision_views.plan_published_data,
        name="supervision_published_data",
    ),
    path(
        "supervision/<int:pk>/publish/",
        supervision_views.plan_publish,
        name="supervision_publish",
    ),
    path("supervision/<int:pk>/verify/", supervision_views.plan_verify, name="supervision_verify"),
    path(
        "supervision/targets/<int:target_id>/record/",
        supervision_views.inspection_record,
        name="supervision_record",
    ),
    path("<int:pk>/", views.zone_detail, name="detail"),
    path("<int:pk>/edit/", views.zone_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.zone_action, name="action"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_id>/", views.document_download, name="document_download"
    ),
    path("<int:pk>/title/", views.title_pdf, name="title_pdf"),
    path("<int:pk>/reports/<int:year>/", report_views.report_detail, name="report_detail"),
    path("<int:pk>/reports/<int:year>/edit/", report_views.report_edit, name="report_edit"),
    path("<int:pk>/reports/<int:year>/submit/", report_views.report_submit, name="report_submit"),
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
    path(
        "<int:pk>/archive/<int:event_id>/documents/",
        enterprise_views.archive_document_upload,
        name="archive_document_upload",
    ),
    path(
        "<int:pk>/archive/<int:event_id>/documents/<int:document_id>/",
        enterprise_views.archive_document_download,
        name="archive_document_download",
    ),
]

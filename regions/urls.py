from django.urls import path

from . import check_views, department_views, office_views, views

app_name = "regions"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export/", views.directory_export, name="export"),
    path("zones/<slug:code>/", views.zone_detail, name="zone"),
    # 组织机构 (SPEC §8)
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/new/", views.organisation_register, name="organisation_register"),
    path("organisations/<slug:code>/", views.organisation_detail, name="organisation"),
    path(
        "organisations/<slug:code>/staff/new/",
        views.organisation_staff_add,
        name="organisation_staff_add",
    ),
    # 内设机构 (seed 000 §18's 责任部门)
    path("departments/", department_views.departments, name="departments"),
    path("departments/new/", department_views.department_new, name="department_new"),
    path("departments/<int:pk>/", department_views.department_edit, name="department"),
    # 分支机构 (seed 000 §6) and 初审机构 (§20)
    path("offices/", office_views.offices_list, name="offices"),
    path("offices/new/", office_views.office_new, name="office_new"),
    path("offices/<int:pk>/", office_views.office_detail, name="office"),
    path("review-bodies/new/", office_views.body_new, name="body_new"),
    path("review-bodies/<int:pk>/", office_views.body_detail, name="body"),
    # 总局监督检查 (seed 000 §19)
    path("checks/", check_views.check_list, name="checks"),
    path("checks/new/", check_views.check_new, name="check_new"),
    path("checks/<int:pk>/", check_views.check_detail, name="check"),
    path("checks/<int:pk>/edit/", check_views.check_edit, name="check_edit"),
    # 工作活动: 科研立项, 宣讲, 专报
    path("activities/", views.activities, name="activities"),
    path("activities/<slug:kind>/new/", views.activity_create, name="activity_create"),
    # 年度工作总结
    path("summaries/", views.summaries, name="summaries"),
    path("summaries/draft/", views.summaries_draft, name="summaries_draft"),
    path("summaries/<int:pk>/", views.summary_detail, name="summary"),
    path("summaries/<int:pk>/return/", views.summary_return, name="summary_return"),
    path("summaries/<int:pk>/export/<slug:fmt>/", views.summary_export, name="summary_export"),
    path("summaries/rollup/<int:year>/", views.rollup, name="rollup"),
    path(
        "summaries/rollup/<int:year>/export/<slug:fmt>/",
        views.rollup_export,
        name="rollup_export",
    ),
    # 绩效排名, 数据看板, 报表导出
    path("rankings/", views.rankings, name="rankings"),
    path("rankings/recompute/", views.ranking_recompute, name="ranking_recompute"),
    path("rankings/publish/", views.ranking_publish, name="ranking_publish"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/zones/<slug:code>/", views.dashboard_zone, name="dashboard_zone"),
    path("dashboard/bureaus/<slug:code>/", views.dashboard_bureau, name="dashboard_bureau"),
    path("tables/export/", views.table_export, name="table_export"),
]

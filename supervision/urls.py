from django.urls import path

from . import key_work_views, rectification_views, views, zone_plan_views

app_name = "supervision"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/draw/", views.plan_draw, name="plan_draw"),
    path("plans/<int:pk>/beacon/", views.plan_beacon, name="plan_beacon"),
    path("plans/<int:pk>/reveal/", views.plan_reveal, name="plan_reveal"),
    path("plans/<int:pk>/draw.json", views.plan_published_data, name="plan_published_data"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/verify/", views.plan_verify, name="plan_verify"),
    # 片区计划 and 派员配合 (ADR 0020)
    path("plans/zone/new/", zone_plan_views.zone_plan_new, name="zone_plan_new"),
    path("plans/<int:pk>/consent/", zone_plan_views.plan_consent, name="plan_consent"),
    path("plans/<int:pk>/withdraw/", zone_plan_views.plan_withdraw, name="plan_withdraw"),
    path("dispatched/", zone_plan_views.dispatched_staff, name="dispatched"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("propose/<int:case_id>/", views.propose, name="propose"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    # 挂牌督办 and 约谈 (§18)
    path("key-work/", key_work_views.key_work_list, name="key_work"),
    path("key-work/new/", key_work_views.key_work_new, name="key_work_new"),
    path("key-work/<int:pk>/", key_work_views.key_work_detail, name="key_work_item"),
    path("interviews/", key_work_views.interview_list, name="interviews"),
    path("interviews/new/", key_work_views.interview_new, name="interview_new"),
    path("interviews/<int:pk>/", key_work_views.interview_detail, name="interview"),
    # 整改 and 跟进检查 (ADR 0021)
    path("rectifications/", rectification_views.rectification_list, name="rectifications"),
    path(
        "rectifications/<int:pk>/",
        rectification_views.rectification_detail,
        name="rectification",
    ),
    path("follow-ups/", rectification_views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/", rectification_views.follow_up_detail, name="follow_up"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("pool/", views.pool, name="pool"),
]

from django.urls import path

from . import key_work_views, views

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
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("pool/", views.pool, name="pool"),
]

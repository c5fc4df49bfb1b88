"""Pages of the 京津冀 cooperation, under /cooperation/."""

from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:number>/", views.task_detail, name="task"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/export/", views.plan_report_export, name="plan_export"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/<slug:name>/", views.plan_step, name="plan_step"),
    path("joint-checks/", views.joint_check_list, name="joint_checks"),
    path("joint-checks/<int:pk>/", views.joint_check_detail, name="joint_check"),
]

from django.urls import path

from . import views

app_name = "liaison"

urlpatterns = [
    path("", views.task_list, name="tasks"),
    path("tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("assignments/<int:pk>/report/", views.assignment_report, name="assignment_report"),
    path("assignments/<int:pk>/accept/", views.assignment_accept, name="assignment_accept"),
    path("assignments/<int:pk>/return/", views.assignment_return, name="assignment_return"),
    path("reports/", views.report_list, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/files/", views.report_files, name="report_files"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/reply/", views.report_reply, name="report_reply"),
    path("files/tasks/<int:pk>/", views.task_document, name="task_document"),
    path("files/reports/<int:pk>/", views.report_document, name="report_document"),
]

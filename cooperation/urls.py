"""Pages of the 京津冀 cooperation, under /cooperation/."""

from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:number>/", views.task_detail, name="task"),
]

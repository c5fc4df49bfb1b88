"""Pages of the risk monitoring plans (seed 004 §二.1, 3) under /monitoring/."""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_new, name="new"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.plan_action, name="action"),
    path("<int:pk>/items/new/", views.item_new, name="item_new"),
    path("<int:pk>/items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_id>/delete/", views.item_delete, name="item_delete"),
    path("<int:pk>/results/new/", views.result_new, name="result_new"),
    path("<int:pk>/results/<int:result_id>/correct/", views.result_correct, name="result_correct"),
    path("<int:pk>/export/", views.results_export, name="export"),
    path("points/", views.point_list, name="points"),
    path("points/new/", views.point_new, name="point_new"),
    path("points/<int:point_id>/edit/", views.point_edit, name="point_edit"),
]

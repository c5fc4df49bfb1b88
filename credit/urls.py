"""Staff and enterprise pages of quality credit and the blacklist, under /credit/."""

from django.urls import path

from . import views

app_name = "credit"

urlpatterns = [
    path("", views.grade_list, name="grades"),
    path("grades/<int:pk>/", views.grade_detail, name="grade"),
    path("export/", views.grade_export, name="export"),
    path("rules/", views.rule_list, name="rules"),
    path("mine/", views.own_credit, name="mine"),
    path("blacklist/", views.blacklist_list, name="blacklist"),
    path("blacklist/new/", views.blacklist_propose, name="blacklist_new"),
    path("blacklist/<int:pk>/", views.blacklist_detail, name="blacklist_detail"),
    path("blacklist/<int:pk>/<slug:name>/", views.blacklist_action, name="blacklist_action"),
]

from django.urls import path

from . import views

app_name = "publicity"

urlpatterns = [
    path("", views.staff_batches, name="batches"),
    path("new/", views.batch_new, name="batch_new"),
    path("settings/", views.setting, name="setting"),
    path("batches/<int:pk>/", views.staff_batch, name="batch"),
    path("objections/", views.objections, name="objections"),
    path("objections/<int:pk>/", views.objection, name="objection"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("mine/", views.mine, name="mine"),
    path("notices/<int:pk>/", views.notice, name="notice"),
]

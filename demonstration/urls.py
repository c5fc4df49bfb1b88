from django.urls import path

from . import views

app_name = "demonstration"

urlpatterns = [
    path("", views.zone_list, name="list"),
    path("new/", views.zone_new, name="new"),
    path("standards/", views.standards, name="standards"),
    path("<int:pk>/", views.zone_detail, name="detail"),
    path("<int:pk>/edit/", views.zone_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.zone_action, name="action"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_id>/", views.document_download, name="document_download"
    ),
    path("<int:pk>/title/", views.title_pdf, name="title_pdf"),
]

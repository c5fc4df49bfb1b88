"""Pages of the zones themselves (list, application, detail, transitions, materials, notices)."""

from django.urls import path

from . import notice_views, views

urlpatterns: list = [
    path("", views.zone_list, name="list"),
    path("new/", views.zone_new, name="new"),
    # 试验区通知书 to the local government (its inbox)
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/<int:notice_id>/", notice_views.notice_detail, name="notice"),
    path("notices/<int:notice_id>/pdf/", notice_views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/", views.zone_detail, name="detail"),
    path("<int:pk>/edit/", views.zone_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.zone_action, name="action"),
    path("<int:pk>/opinion/", views.opinion, name="opinion"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_id>/", views.document_download, name="document_download"
    ),
]

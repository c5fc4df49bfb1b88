from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/autosave/", views.case_autosave, name="autosave"),
    path("enterprises/", views.enterprise_confirmations, name="enterprises"),
    path("enterprises/<int:pk>/licence/", views.enterprise_licence, name="enterprise_licence"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.notice_detail, name="notice"),
    path("inbox/<int:pk>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", views.case_action, name="action"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_id>/", views.document_download, name="document_download"
    ),
    path("<int:pk>/officer/", views.officer_reassign, name="officer"),
    path("<int:pk>/review/", views.review_record, name="review"),
    path("<int:pk>/recovery/", views.recovery_record, name="recovery"),
    path("certificates/<str:number>/pdf/", views.certificate_download, name="certificate_pdf"),
]

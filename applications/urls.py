from django.urls import path

from . import feedback_views, guidance_views, initial_review_views, materials_views, views

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
    # 初审 (seed 000 §20)
    path(
        "initial-review/settings/",
        initial_review_views.settings_page,
        name="initial_review_settings",
    ),
    path("initial-reviews/", initial_review_views.worklist, name="initial_reviews"),
    path("initial-reviews/<int:pk>/", initial_review_views.review_detail, name="initial_review"),
    path(
        "initial-reviews/<int:pk>/documents/<int:document_id>/",
        initial_review_views.document_download,
        name="initial_review_document",
    ),
    path("<int:pk>/do/<slug:name>/", views.case_action, name="action"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/materials/", materials_views.materials_upload, name="materials_upload"),
    path("materials/", materials_views.requirement_list, name="material_requirements"),
    path("materials/new/", materials_views.requirement_edit, name="material_requirement_new"),
    path("materials/<int:pk>/", materials_views.requirement_edit, name="material_requirement_edit"),
    path(
        "<int:pk>/documents/<int:document_id>/", views.document_download, name="document_download"
    ),
    path("<int:pk>/guidance/", guidance_views.guidance_share, name="guidance_share"),
    path("<int:pk>/guidance/revoke/", guidance_views.guidance_revoke, name="guidance_revoke"),
    path(
        "<int:pk>/evaluation-feedback/",
        feedback_views.evaluation_feedback_record,
        name="evaluation_feedback",
    ),
    path("<int:pk>/officer/", views.officer_reassign, name="officer"),
    path("<int:pk>/review/", views.review_record, name="review"),
    path("<int:pk>/recovery/", views.recovery_record, name="recovery"),
    path("certificates/<str:number>/pdf/", views.certificate_download, name="certificate_pdf"),
]

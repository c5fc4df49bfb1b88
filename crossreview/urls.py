"""Pages of 京津冀执法案件互查互评, under /cooperation/reviews/."""

from django.urls import path

from . import views

app_name = "crossreview"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_new, name="new"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/assignment.json", views.assignment_document, name="assignment"),
    path("<int:pk>/cases/new/", views.case_new, name="case_new"),
    path("<int:pk>/<slug:name>/", views.round_transition, name="transition"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/review/", views.review_submit, name="review"),
]

"""Pages of 京津冀审批结果互认, under /cooperation/recognitions/."""

from django.urls import path

from . import views

app_name = "recognition"

urlpatterns = [
    path("", views.recognition_list, name="list"),
    path("new/", views.recognition_record, name="new"),
    path("mine/", views.own_recognitions, name="mine"),
    path("<int:pk>/", views.recognition_detail, name="detail"),
    path("<int:pk>/withdraw/", views.recognition_withdraw, name="withdraw"),
]

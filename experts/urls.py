from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("recommend/", views.recommend, name="recommend"),
    path("<int:pk>/", views.detail, name="detail"),
]

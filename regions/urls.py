from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export/", views.directory_export, name="export"),
    path("zones/<slug:code>/", views.zone_detail, name="zone"),
]

"""Public pages: the register of approved zones, commendations and the library of practice."""

from django.urls import path

from . import public_views

app_name = "public_pilotzones"

urlpatterns = [
    path("", public_views.zone_list, name="list"),
    path("<int:pk>/", public_views.zone_detail, name="zone"),
    path("commendations/", public_views.commendation_list, name="commendations"),
    path("practices/", public_views.practice_library, name="practices"),
    path("practices/<int:pk>/", public_views.practice_detail, name="practice"),
]

"""Public pages of the notice (公示) under /public/: the batches, objections and their tracking."""

from django.urls import path

from . import views

app_name = "public_publicity"

urlpatterns = [
    path("notices/", views.notices, name="notices"),
    path("notices/<str:number>/", views.batch, name="batch"),
    path("notices/<str:number>/object/", views.objection_new, name="objection_new"),
    path("objections/", views.objection_lookup, name="objection_lookup"),
    path("objections/<path:code>/", views.objection_status, name="objection"),
]

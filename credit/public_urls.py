"""The public blacklist (公示), no login."""

from django.urls import path

from . import public_views

app_name = "public_credit"

urlpatterns = [path("", public_views.blacklist, name="blacklist")]

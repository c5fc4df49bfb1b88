from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("verify/", public_views.verify_form, name="verify_form"),
    # Any text, "/" included: the form sends whatever was typed to its page.
    path("verify/<path:number>/", public_views.verify, name="verify"),
    path("products/", public_views.protected_products, name="products"),
    path("revocations/", public_views.revocations, name="revocations"),
]

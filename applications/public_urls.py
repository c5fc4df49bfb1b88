from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("verify/", public_views.verify_form, name="verify_form"),
    path("verify/<str:number>/", public_views.verify, name="verify"),
    path("products/", public_views.protected_products, name="products"),
    path("revocations/", public_views.revocations, name="revocations"),
]

from django.urls import path

from . import public_views, supervision_views

app_name = "public_demonstration"

urlpatterns = [
    path("", public_views.zone_list, name="list"),
    path("verify/", public_views.verify_form, name="verify_form"),
    # 示范区抽查结果公示 (§七.3)
    path("inspections/", supervision_views.public_results, name="inspections"),
    # Any text, "/" included: the form sends whatever was typed to its page.
    path("verify/<path:number>/", public_views.verify, name="verify"),
]

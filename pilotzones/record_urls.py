"""Pages of innovation measures, commendations and replicable practice."""

from django.urls import path

from . import record_views as views

urlpatterns = [
    # 创新措施 (§三, §五.3) and their 督查评估
    path("measures/", views.measure_list, name="measure_list"),
    path("measures/<int:measure_id>/", views.measure_detail, name="measure_detail"),
    path("measures/<int:measure_id>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:measure_id>/assess/", views.measure_assess, name="measure_assess"),
    path("measures/<int:measure_id>/do/<slug:name>/", views.measure_action, name="measure_action"),
    path("<int:pk>/measures/new/", views.measure_new, name="measure_new"),
    # 通报表扬 (§五.3)
    path("commendations/", views.commendation_list, name="commendation_list"),
    path("<int:pk>/commendations/new/", views.commendation_new, name="commendation_new"),
    # 可复制推广经验 (§四.4) and where it was adopted
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/<int:practice_id>/", views.practice_detail, name="practice_detail"),
    path("practices/<int:practice_id>/edit/", views.practice_edit, name="practice_edit"),
    path("practices/<int:practice_id>/adopt/", views.practice_adopt, name="practice_adopt"),
    path(
        "practices/<int:practice_id>/do/<slug:name>/",
        views.practice_action,
        name="practice_action",
    ),
    path("<int:pk>/practices/new/", views.practice_new, name="practice_new"),
]

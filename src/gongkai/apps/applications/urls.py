"""URLs of the applications app: public pages under /apply/, staff pages under /staff/applications/."""

from django.urls import path

from . import letter_views, views

app_name = "applications"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("apply/status/", views.status, name="status"),
    path("staff/applications/", views.staff_list, name="staff_list"),
    path("staff/applications/new/", views.staff_register, name="staff_register"),
    path("staff/applications/search/", views.staff_search, name="staff_search"),
    path("staff/applications/o/<slug:slug>/", views.staff_org, name="staff_org"),
    path("staff/applications/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/applications/<int:pk>/action/<slug:name>/", views.staff_action, name="staff_action"),
    path("staff/applications/<int:pk>/letter.<str:fmt>", views.staff_letter, name="staff_letter"),
    path("staff/applications/<int:pk>/notice/<slug:kind>.<str:fmt>", views.staff_notice, name="staff_notice"),
    path(
        "staff/applications/<int:pk>/attachments/<int:attachment_id>/", views.staff_attachment, name="staff_attachment"
    ),
    path("staff/applications/cases/<str:kind>/<int:pk>/conclude/", views.staff_case_conclude, name="case_conclude"),
    path("staff/applications/o/<slug:slug>/letters/", letter_views.letter_list, name="letter_list"),
    path("staff/applications/o/<slug:slug>/letters/<slug:kind>/", letter_views.letter_edit, name="letter_edit"),
    path(
        "staff/applications/o/<slug:slug>/letters/<slug:kind>/sample.<str:fmt>",
        letter_views.letter_sample,
        name="letter_sample",
    ),
]

"""Staff shell URLs (namespace ``staff``), mounted at ``/staff/``."""

from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("o/<slug:slug>/", views.org_home, name="org_home"),
    path("o/<slug:slug>/members/", views.members, name="members"),
    path("o/<slug:slug>/members/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("o/<slug:slug>/audit/", views.audit, name="audit"),
    path("o/<slug:slug>/settings/", views.org_settings, name="org_settings"),
    path("o/<slug:slug>/settings/reply-approval/", views.org_reply_approval, name="org_reply_approval"),
]

"""Account pages (namespace ``accounts``), mounted at ``/accounts/`` beside login and logout."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("o/<slug:slug>/lockouts/", views.lockouts, name="lockouts"),
]

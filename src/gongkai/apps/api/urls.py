"""The staff page of API tokens, mounted at ``/staff/o/<slug>/api-tokens/``."""

from django.urls import path

from . import views

app_name = "api_staff"

urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("<int:pk>/revoke/", views.token_revoke_view, name="revoke"),
]

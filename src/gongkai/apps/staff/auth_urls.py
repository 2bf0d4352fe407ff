"""Login and logout (``/accounts/``); URL names ``login`` and ``logout`` as Django expects."""

from django.contrib.auth.views import LogoutView
from django.urls import path

from .views import StaffLoginView

urlpatterns = [
    path("login/", StaffLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
]

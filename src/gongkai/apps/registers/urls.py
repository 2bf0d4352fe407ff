"""Staff URLs of the 第二十条 registers (namespace ``registers``), mounted at ``/staff/o/<slug>/registers/``."""

from django.urls import path

from . import views

app_name = "registers"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.register_list, name="register_list"),
    path("<slug:kind>/<int:pk>/edit/", views.register_edit, name="register_edit"),
    path("<slug:kind>/<int:pk>/delete/", views.register_delete, name="register_delete"),
]

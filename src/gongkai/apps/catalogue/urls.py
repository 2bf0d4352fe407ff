"""Staff URLs of the standard catalogue (namespace ``catalogue``), mounted at ``/staff/o/<slug>/standard/``."""

from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("new/", views.entry_create, name="entry_create"),
    path("<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("import/", views.entry_import, name="entry_import"),
    path("export.xlsx", views.entry_export, name="entry_export"),
    path("seed/", views.seed, name="seed"),
    path("watch/", views.watch, name="watch"),
    path("watch/county/", views.watch_county, name="watch_county"),
    path("watch/report.<str:fmt>", views.watch_report_file, name="watch_report"),
]

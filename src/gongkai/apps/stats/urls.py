"""Staff URLs of the statistics (namespace ``stats``), mounted at ``staff/o/<slug>/stats/``."""

from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.index, name="index"),
    path("file.<str:to>", views.download, name="download"),
]

"""Staff URLs of annual reports, mounted at ``staff/o/<slug>/reports/``."""

from django.urls import path

from . import views

app_name = "annual"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:year>/", views.report_detail, name="detail"),
    path("<int:year>/edit/", views.report_edit, name="edit"),
    path("<int:year>/regenerate/", views.report_regenerate, name="regenerate"),
    path("<int:year>/publish/", views.report_publish, name="publish"),
    path("<int:year>/withdraw/", views.report_withdraw, name="withdraw"),
    path("<int:year>/file.<str:to>", views.report_download, name="download"),
]

"""Staff URLs of the report checking app, mounted at ``staff/o/<slug>/review/``."""

from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.batch_list, name="batches"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage.xlsx", views.coverage_export, name="coverage_export"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/delete/", views.batch_delete, name="batch_delete"),
    path("<int:pk>/results.xlsx", views.batch_export, name="batch_export"),
    path("<int:pk>/total/", views.batch_total, name="total"),
    path("<int:pk>/total/<str:key>.<str:to>", views.total_download, name="total_download"),
    path("<int:pk>/total/exports/<uuid:task_id>/", views.total_export, name="total_export"),
    path("<int:pk>/total/exports/<uuid:task_id>/file", views.total_export_file, name="total_export_file"),
    path("<int:pk>/r/<int:rid>/", views.report_detail, name="report"),
    path("<int:pk>/r/<int:rid>/reread/", views.report_reread, name="reread"),
    path("<int:pk>/r/<int:rid>/decide/", views.finding_decide, name="decide"),
    path("<int:pk>/r/<int:rid>/preview.html", views.report_preview, name="report_preview"),
    path("<int:pk>/r/<int:rid>/file", views.report_file, name="report_file"),
    path("<int:pk>/r/<int:rid>/compare/", views.report_compare, name="compare"),
]

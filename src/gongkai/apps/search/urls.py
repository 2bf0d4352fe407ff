"""URLs of the site-wide search: ``/search/?q=…`` (mounted before the portal's ``/<org>/`` pages)."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [path("search/", views.site_search, name="site")]

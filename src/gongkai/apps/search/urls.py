"""URLs of search: the site-wide ``/search/?q=…`` (before the portal's ``/<org>/`` pages) and the staff
``/staff/search/?q=…``."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("search/", views.site_search, name="site"),
    path("staff/search/", views.staff_search, name="staff"),
]

"""Public URL of the standard catalogue on the portal: ``/<org>/standard/`` (mounted before the portal)."""

from django.urls import re_path

from . import public_views

app_name = "catalogue_public"

urlpatterns = [
    re_path(r"^(?P<org_slug>[-a-zA-Z0-9_]{1,60})/standard/$", public_views.standard, name="standard"),
]

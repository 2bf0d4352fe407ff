"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from gongkai.web.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("gongkai.apps.staff.auth_urls")),
    path("staff/", include("gongkai.apps.staff.urls")),
    path("staff/o/<slug:slug>/", include("gongkai.apps.publishing.urls")),
    path("staff/o/<slug:slug>/registers/", include("gongkai.apps.registers.urls")),
    path("staff/o/<slug:slug>/reports/", include("gongkai.apps.annual.urls")),
    path("staff/o/<slug:slug>/review/", include("gongkai.apps.review.urls")),
    path("", include("gongkai.apps.applications.urls")),
    # The public portal last: its /<org-slug>/ pages catch what no other prefix matched.
    path("", include("gongkai.apps.portal.urls")),
]

# The 500 page carries the request id the traceback was logged under (gongkai.web.logs).
handler500 = "gongkai.web.views.server_error"

"""Root URL configuration."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from gongkai.apps.accounts.admin_site import GongkaiAdminSite
from gongkai.apps.api.api import api
from gongkai.web.display import display_settings
from gongkai.web.views import healthz

# Every app registers its models on django.contrib.admin's default site; give that site the rules of
# GongkaiAdminSite (superusers with a verified second factor only) rather than registering them twice.
admin.site.__class__ = GongkaiAdminSite

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("display/", display_settings, name="display"),  # editor: 大字 / 高对比度 (gongkai.web.display)
    path(f"{settings.GONGKAI_ADMIN_PATH}/", admin.site.urls),
    path("accounts/", include("gongkai.apps.staff.auth_urls")),
    path("accounts/", include("gongkai.apps.accounts.urls")),
    path("captcha/", include("captcha.urls")),
    path("staff/notifications/", include("gongkai.apps.notifications.urls")),
    path("api/", api.urls),  # the open API: /api/openapi.json, /api/docs
    path("", include("gongkai.apps.search.urls")),  # search: /search/ (site-wide), /staff/search/ (staff)
    path("staff/", include("gongkai.apps.staff.urls")),
    path("staff/o/<slug:slug>/", include("gongkai.apps.publishing.urls")),
    path("staff/o/<slug:slug>/standard/", include("gongkai.apps.catalogue.urls")),
    path("staff/o/<slug:slug>/registers/", include("gongkai.apps.registers.urls")),
    path("staff/o/<slug:slug>/reports/", include("gongkai.apps.annual.urls")),
    path("staff/o/<slug:slug>/review/", include("gongkai.apps.review.urls")),
    path("staff/o/<slug:slug>/api-tokens/", include("gongkai.apps.api.urls")),
    path("staff/o/<slug:slug>/stats/", include("gongkai.apps.stats.urls")),
    path("", include("gongkai.apps.applications.urls")),
    path("", include("gongkai.apps.catalogue.public_urls")),
    # The public portal last: its /<org-slug>/ pages catch what no other prefix matched.
    path("", include("gongkai.apps.portal.urls")),
]

# The 500 page carries the request id the traceback was logged under (gongkai.web.logs).
handler500 = "gongkai.web.views.server_error"

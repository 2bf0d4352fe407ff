"""URLs of the public portal, mounted at the site root (after every other prefix)."""

from django.urls import path, register_converter

from . import views
from .feeds import OrganizationFeed

app_name = "portal"


class SlugConverter:
    """An organization slug (letters, digits, hyphen, underscore; at most 60)."""

    regex = r"[-a-zA-Z0-9_]{1,60}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class IdConverter:
    """A primary key: at most 18 digits (larger numbers would overflow the database integer)."""

    regex = r"[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class DownloadConverter:
    """An annual report download format."""

    regex = r"docx|pdf|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SlugConverter, "orgslug")
register_converter(IdConverter, "id")
register_converter(DownloadConverter, "download")

urlpatterns = [
    path("", views.index, name="index"),
    path("<orgslug:org_slug>/", views.organization, name="organization"),
    path("<orgslug:org_slug>/guide/", views.guide, name="guide"),
    path("<orgslug:org_slug>/rules/", views.rules, name="rules"),
    path("<orgslug:org_slug>/catalogue/", views.catalogue, name="catalogue"),
    path("<orgslug:org_slug>/catalogue/<id:node_id>/", views.category, name="category"),
    path("<orgslug:org_slug>/items/<id:item_id>/", views.item, name="item"),
    path(
        "<orgslug:org_slug>/items/<id:item_id>/attachments/<id:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("<orgslug:org_slug>/search/", views.search, name="search"),
    path("<orgslug:org_slug>/reports/", views.reports, name="reports"),
    path("<orgslug:org_slug>/reports/<id:year>/", views.report, name="report"),
    path("<orgslug:org_slug>/reports/<id:year>/<download:fmt>/", views.report_download, name="report_download"),
    path("<orgslug:org_slug>/feed/", OrganizationFeed(), name="feed"),
]

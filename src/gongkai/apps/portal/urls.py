"""URLs of the public portal, mounted at the site root (after every other prefix).

    /                                        organizations grouped by the tree
    /<org>/                                  the organization's 政府信息公开 home (four columns, latest items)
    /<org>/guide/                            政府信息公开指南 (条例第十二条)
    /<org>/rules/                            政府信息公开制度
    /<org>/request/                          依申请公开: how to apply, the online form, the status lookup
    /<org>/catalogue/[?page=N]               法定主动公开内容: catalogue and every published item
    /<org>/catalogue/<node>/[?page=N]        one column (with its subcolumns)
    /<org>/items/<id>/                       one item; /attachments/<id>/ downloads an attachment
    /<org>/search/?q=                        full-text search (gongkai.apps.search)
    /<org>/reports/                          政府信息公开年报; /<year>/ the report, /<year>/docx|pdf|xlsx/ downloads
    /<org>/feed/                             Atom feed of the latest items

An organization whose slug equals another app's prefix (admin, apply, staff, accounts, static, media) is
shadowed by that app: such slugs should not be given to organizations.
"""

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
    path("<orgslug:org_slug>/request/", views.request_info, name="request"),
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

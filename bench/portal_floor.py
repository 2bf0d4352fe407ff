"""The floor of bench/portal_bench.py: a bare Django project serving the portal's item and list pages.

It runs the SQL a portal request needs — the organization and its portal channel by slug, then the item
(``SELECT i.*`` with the portal-channel ``EXISTS``) and its attachments, or one page of the list with its
capped count — and renders a minimal template with the same fields (title, the eight metadata fields, body;
title, 文号, 发布日期 per row). No middleware, no sessions, no cache. gongkai's pages are measured against it in
the same run, on the same database and with the same number of gunicorn workers.

    DATABASE_URL=… gunicorn --pythonpath bench portal_floor:application
"""

from __future__ import annotations

import dj_database_url
from django.conf import settings

ITEM_TEMPLATE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ item.title }}</title></head>
<body><h1>{{ item.title }}</h1><table>
<tr><th>索引号</th><td>{{ item.index_number }}</td><th>主题分类</th><td>{{ item.topic }}</td></tr>
<tr><th>发布机构</th><td>{{ item.publisher }}</td><th>成文日期</th><td>{{ item.written_on|date:"Y-m-d" }}</td></tr>
<tr><th>发布日期</th><td>{{ item.published_on|date:"Y-m-d" }}</td><th>文号</th><td>{{ item.document_number }}</td></tr>
<tr><th>有效性</th><td>{{ item.validity }}</td><th>主题词</th><td>{{ item.keywords }}</td></tr></table>
<div>{{ item.body|safe }}</div><ul>{% for a in attachments %}<li>{{ a.1 }}</li>{% endfor %}</ul></body></html>"""
LIST_TEMPLATE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ org }}</title></head>
<body><h1>{{ org }}</h1><table>{% for pk, title, number, day in rows %}
<tr><td><a href="../items/{{ pk }}/">{{ title }}</a></td><td>{{ number }}</td><td>{{ day|date:"Y-m-d" }}</td></tr>{% endfor %}
</table><p>共 {{ total }} 条</p></body></html>"""

if not settings.configured:
    database = dj_database_url.config(conn_max_age=600)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL"
    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["*"],
        SECRET_KEY="bench-floor",
        ROOT_URLCONF=__name__,
        DATABASES={"default": database},
        USE_TZ=True,
        TIME_ZONE="Asia/Shanghai",
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {
                    "loaders": [
                        (
                            "django.template.loaders.locmem.Loader",
                            {"item.html": ITEM_TEMPLATE, "list.html": LIST_TEMPLATE},
                        )
                    ],
                },
            }
        ],
    )

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import Http404, HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402

_item_template = engines["django"].get_template("item.html")
_list_template = engines["django"].get_template("list.html")

ORG_SQL = (
    "SELECT o.id, o.name, (SELECT c.id FROM publishing_channel c WHERE c.organization_id = o.id"
    " AND c.kind = 'portal') FROM organizations_organization o WHERE o.slug = %s AND o.is_active"
)
EXISTS = "EXISTS (SELECT 1 FROM publishing_distribution d WHERE d.item_id = i.id AND d.channel_id = %s{fence})"
ITEM_SQL = (
    "SELECT i.* FROM publishing_item i WHERE i.id = %s AND i.organization_id = %s AND i.status = 'published'"
    " AND " + EXISTS.format(fence="")
)
ATTACHMENTS_SQL = "SELECT id, original_name, size FROM publishing_attachment WHERE item_id = %s ORDER BY id"
PAGE = 20


def _org(cursor, slug: str):
    cursor.execute(ORG_SQL, [slug])
    row = cursor.fetchone()
    if row is None:
        raise Http404
    return row


def item(request, slug: str, pk: int) -> HttpResponse:
    with connection.cursor() as cursor:
        org_id, _name, channel = _org(cursor, slug)
        cursor.execute(ITEM_SQL, [pk, org_id, channel])
        row = cursor.fetchone()
        if row is None:
            raise Http404
        found = dict(zip([c[0] for c in cursor.description], row, strict=True))
        cursor.execute(ATTACHMENTS_SQL, [pk])
        attachments = cursor.fetchall()
    return HttpResponse(_item_template.render({"item": found, "attachments": attachments}))


def _list(slug: str, category: int | None, page: int) -> HttpResponse:
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    where = "i.organization_id = %s AND i.status = 'published' AND " + EXISTS.format(fence=fence)
    with connection.cursor() as cursor:
        org_id, name, channel = _org(cursor, slug)
        params = [org_id, channel]
        if category is not None:
            where += " AND i.category_id = %s"
            params.append(category)
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM publishing_item i WHERE {where} LIMIT 10000) capped", params
        )
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT i.id, i.title, i.document_number, i.published_on FROM publishing_item i"
            f" WHERE {where} ORDER BY i.published_on DESC, i.id DESC LIMIT %s OFFSET %s",
            [*params, PAGE, (page - 1) * PAGE],
        )
        rows = cursor.fetchall()
    return HttpResponse(_list_template.render({"org": name, "rows": rows, "total": total}))


def _page(request) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def catalogue(request, slug: str) -> HttpResponse:
    return _list(slug, None, _page(request))


def category(request, slug: str, node: int) -> HttpResponse:
    return _list(slug, node, _page(request))


def home(request) -> HttpResponse:
    return HttpResponse("floor")


urlpatterns = [
    path("", home),
    path("<slug:slug>/items/<int:pk>/", item),
    path("<slug:slug>/catalogue/", catalogue),
    path("<slug:slug>/catalogue/<int:node>/", category),
]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

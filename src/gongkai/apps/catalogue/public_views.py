"""The standard catalogue on the public portal: ``/<org>/standard/``, the table as county catalogues publish it.

Each entry links to the portal columns that hold its items and lists the latest of them. Rendered inside the
body's portal header and footer (the portal's own templates).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from gongkai.apps.portal import selectors as portal

from .selectors import entries_by_area, rowspans

LATEST_PER_ENTRY = 3


@require_safe
def standard(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = portal.portal_organization(org_slug)
    if org is None:
        raise Http404("未找到该机关，可能网址有误或该机关已停用。")
    tree = portal.catalogue_tree(org.organization.pk)
    groups = entries_by_area(org.organization)
    latest: dict[int, list[dict]] = {}
    areas = []
    for area, entries in groups.items():
        rows = rowspans(entries)
        for row in rows:
            entry = row["entry"]
            links, items = [], []
            for node in entry.nodes.all():
                nav = tree.get(node.pk)
                if nav is None:
                    continue
                links.append({"name": nav.name, "url": org.category_url(nav.pk)})
                if nav.pk not in latest:
                    latest[nav.pk] = [
                        {"title": it.title, "url": org.item_url(it.pk), "date": it.published_on}
                        for it in portal.portal_list(org, nav)[:LATEST_PER_ENTRY]
                    ]
                items.extend(latest[nav.pk])
            items.sort(key=lambda it: it["date"] or 0, reverse=True)
            row["links"] = links
            row["items"] = items[:LATEST_PER_ENTRY]
        areas.append({"name": area, "rows": rows})
    base = {"org": org, "organization": org.organization, "section": "standard", "site_title": _site_title()}
    chrome = {
        "header": mark_safe(render_to_string("portal/_org_header.html", base)),  # safe: template-rendered
        "footer": mark_safe(render_to_string("portal/_org_footer.html", base)),  # safe: template-rendered
    }
    return render(request, "catalogue/public_standard.html", {**base, "chrome": chrome, "areas": areas})


def _site_title() -> str:
    from django.conf import settings

    return getattr(settings, "GONGKAI_PORTAL_TITLE", "政府信息公开平台")

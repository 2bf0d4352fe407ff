"""Search pages: the portal's site-wide search (``/search/``); the per-body page lives in the portal's views.

Views parse the query string (:func:`~gongkai.apps.search.selectors.parse_query`), call
:func:`~gongkai.apps.search.selectors.search` and render. Bad filters are ignored with a note, never an error.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .models import TYPE_LABELS
from .selectors import SORTS, SearchQuery, parse_query, search

__all__ = ["filter_context", "site_search", "staff_search"]

FIRST_YEAR = 2008  # 《政府信息公开条例》施行


def page_url(query: SearchQuery, page: int, *, with_org: bool) -> str:
    """The query string of another page of the same search."""
    params = {"q": query.text, "page": page}
    if with_org and query.organization_id:
        params["org"] = query.organization_id
    for name, value in (("column", query.category_id), ("year", query.year), ("type", query.type)):
        if value:
            params[name] = value
    if query.sort != "relevance":
        params["sort"] = query.sort
    return "?" + urlencode(params)


def filter_context(query: SearchQuery, *, with_org: bool) -> dict:
    """The filter choices and paging links for the search templates."""
    page = search(query)
    return {
        "query": query.text,
        "search": query,
        "result": page,
        "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
        "types": list(TYPE_LABELS.items()),
        "sorts": list(SORTS.items()),
        "previous_url": page_url(query, page.previous_page, with_org=with_org) if page.has_previous else "",
        "next_url": page_url(query, page.next_page, with_org=with_org) if page.has_next else "",
    }


@require_safe
def site_search(request: HttpRequest) -> HttpResponse:
    """全站检索: every body's published information, with filters by body, column, year and type."""
    from gongkai.apps.organizations.models import Organization
    from gongkai.apps.portal.views import site_title

    query = parse_query(request.GET)
    context = filter_context(query, with_org=True)
    organization = None
    if query.organization_id:
        organization = Organization.objects.filter(pk=query.organization_id, is_active=True).first()
    context.update(site_title=site_title(), filter_organization=organization)
    return render(request, "search/site.html", context)


@login_required
@require_safe
def staff_search(request: HttpRequest) -> HttpResponse:
    """工作人员检索: one's unpublished items and applications (personal data masked)."""
    from .staff import staff_search as find

    text = " ".join((request.GET.get("q") or "").split())[:60]
    hits, words = find(request.user, text) if text else ([], [])
    context = {"query": text, "hits": hits, "searched": bool(text), "no_words": bool(text) and not words}
    return render(request, "search/staff.html", context)

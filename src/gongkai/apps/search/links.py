"""Where a search result leads (结果链接): a document stores a *route* — the portal page's name and its one
argument, never a path — and the address is built with the body's slug when the result is shown.

So renaming a body's slug changes every result's address at once, with no reindexing. Routes are short strings:
``item:123`` (an item), ``category:45`` (a column), ``catalogue`` (the body's catalogue), ``report:2021`` (an
annual report).
"""

from __future__ import annotations

from functools import cache

from django.urls import NoReverseMatch, Resolver404, resolve, reverse

__all__ = ["ROUTES", "route", "route_from_path", "route_url"]

#: The portal pages a result can lead to, with the name of their one argument ("" for none).
ROUTES = {"item": "item_id", "category": "node_id", "catalogue": "", "report": "year"}

_SLUG, _ID = "zz-slug-zz", 987654321987


def route(name: str, value: int | None = None) -> str:
    """The route of the portal page *name* with its argument *value* (``item:123``)."""
    if name not in ROUTES:
        raise ValueError(f"unknown search route {name!r}")
    return f"{name}:{int(value)}" if ROUTES[name] else name


@cache
def _pattern(name: str) -> str:
    argument = ROUTES[name]
    return reverse(f"portal:{name}", kwargs={"org_slug": _SLUG, **({argument: _ID} if argument else {})})


def route_url(value: str, slug: str) -> str:
    """The address of route *value* in the body *slug* (reversed once per page kind; a page shows ten)."""
    name, _, argument = value.partition(":")
    if name not in ROUTES or not slug:
        return ""
    try:
        url = _pattern(name).replace(_SLUG, slug, 1)
    except NoReverseMatch:
        return ""
    return url.replace(str(_ID), argument, 1) if ROUTES[name] else url


def route_from_path(path: str) -> str:
    """The route of a portal address stored by an older index (migration 0005), or "" when it is none."""
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    name = match.url_name
    if match.namespace != "portal" or name not in ROUTES:
        return ""
    argument = ROUTES[name]
    return route(name, match.kwargs[argument]) if argument else route(name)

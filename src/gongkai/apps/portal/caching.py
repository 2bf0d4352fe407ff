"""The portal's cache (缓存): generation-keyed values in the Django cache and a per-process memo on top.

Every cached value's key carries a *generation*: one for the whole site (organizations) and one per
organization (its catalogue, items, channels, reports). :mod:`gongkai.apps.portal.signals` bumps a generation
whenever a row it covers is saved or deleted, so the next read builds fresh values; nothing is ever deleted.
The Django cache (local memory by default, one per process) holds the generations and the values; the memo
saves unpickling them on every read. With a per-process cache, another process sees a change when its
copy expires, after at most :data:`CACHE_SECONDS`; a shared cache (Redis, memcached) makes it immediate.
Within one page view (:func:`one_view`) each generation is read once, however many cached values use it.
"""

from __future__ import annotations

import contextvars
import functools
import time
from collections.abc import Callable

from django.core.cache import cache

__all__ = [
    "CACHE_SECONDS",
    "bump_generation",
    "cache_get",
    "cache_set",
    "clear_memo",
    "one_view",
    "org_generation",
    "organization_memo",
    "site_generation",
]

#: Lifetime of cached portal data, in seconds (the longest another process may show stale data).
CACHE_SECONDS = 120

_GLOBAL = "portal:gen"


#: The generations read during the current page view (see :func:`one_view`); ``None`` outside one.
_VIEW_GENERATIONS: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar(
    "gongkai_portal_generations", default=None
)


def one_view(view: Callable) -> Callable:
    """Run *view* reading each generation from the cache once (a page asks for its body's up to six times).

    The page is built from one consistent set of generations; a bump during the view is still seen.
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = _VIEW_GENERATIONS.set({})
        try:
            return view(*args, **kwargs)
        finally:
            _VIEW_GENERATIONS.reset(token)

    return wrapper


def _generation(key: str) -> int:
    seen = _VIEW_GENERATIONS.get()
    if seen is not None and key in seen:
        return seen[key]
    value = cache.get(key)
    if value is None:
        # Start from the clock, not 1: a generation evicted from the cache never comes back with an old number
        # that entries still held in this process's memo were keyed with.
        value = time.time_ns() // 1000
        cache.add(key, value, None)
        value = cache.get(key, value)
    if seen is not None:
        seen[key] = value
    return value


#: This process's memo of cached values (on top of the Django cache, whose local-memory backend unpickles
#: every value on every read). Keys carry a generation, so a change is seen as soon as the generation is.
_MEMO: dict[str, tuple[float, object]] = {}
_MEMO_MAX = 50_000  # as many as the local-memory cache holds: a thousand bodies' trees, frames and counts


def cache_get(key: str):
    """The value cached under *key* (memo first, then the Django cache), or ``None``."""
    hit = _MEMO.get(key)
    if hit is not None:
        if hit[0] > time.monotonic():
            return hit[1]
        _MEMO.pop(key, None)
    value = cache.get(key)
    if value is not None:
        _remember(key, value)
    return value


def cache_set(key: str, value) -> None:
    """Cache *value* under *key* for :data:`CACHE_SECONDS` (Django cache and memo)."""
    cache.set(key, value, CACHE_SECONDS)
    _remember(key, value)


def _remember(key: str, value) -> None:
    _MEMO[key] = (time.monotonic() + CACHE_SECONDS, value)
    while len(_MEMO) > _MEMO_MAX:
        try:
            del _MEMO[next(iter(_MEMO))]
        except (KeyError, StopIteration, RuntimeError):  # another thread got there first
            break


def clear_memo() -> None:
    """Forget this process's memo (tests clear it together with the Django cache)."""
    _MEMO.clear()


def bump_generation(organization_id: int | None = None) -> None:
    """Invalidate cached portal data: of one organization, or (``None``) of every organization."""
    key = _GLOBAL if organization_id is None else f"portal:org:{organization_id}:gen"
    seen = _VIEW_GENERATIONS.get()
    if seen is not None:
        seen.pop(key, None)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns() // 1000, None)


def site_generation() -> int:
    """The generation of site-wide portal data (bumped when any organization changes)."""
    return _generation(_GLOBAL)


def org_generation(organization_id: int) -> int:
    """The generation of one organization's portal data."""
    return _generation(f"portal:org:{organization_id}:gen")


def organization_memo(organization_id: int, name: str, build: Callable[[], object]):
    """A value derived from one organization's data (e.g. a rendered fragment), cached until it changes.

    *build* runs on a miss; the result is cached under the organization's generation like the trees.
    """
    key = f"portal:memo:{organization_id}:{org_generation(organization_id)}:{name}"
    found = cache_get(key)
    if found is None:
        found = build()
        cache_set(key, found)
    return found

"""Throttles of the public pages, counted per client address in the shared cache (django-ratelimit).

Rates come from settings at each request (``GONGKAI_APPLY_RATE``, ``GONGKAI_APPLY_FORM_RATE``,
``GONGKAI_STATUS_RATE``), so a deployment or a load bench sets them by environment and a test by
``override_settings``. With several workers the cache must be shared (``GONGKAI_CACHE_URL``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from gongkai.apps.accounts.network import client_ip

__all__ = ["captcha_needed", "count_submission", "limited"]


def _key(group, request) -> str:
    return client_ip(request)


def limited(request, group: str, setting: str) -> bool:
    """Count this request in *group* and say whether the address is over the rate named by *setting*."""
    rate = getattr(settings, setting, None)
    if not rate:
        return False
    return is_ratelimited(request, group=f"gongkai.{group}", key=_key, rate=rate, increment=True)


def _day_key(request) -> str:
    return f"gongkai.apply.day:{timezone.localdate().isoformat()}:{client_ip(request)}"


def submissions_today(request) -> int:
    return int(cache.get(_day_key(request)) or 0)


def captcha_needed(request) -> bool:
    """Whether this address has submitted more than ``GONGKAI_APPLY_CAPTCHA_AFTER`` applications today."""
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    after = settings.GONGKAI_APPLY_CAPTCHA_AFTER
    return after <= 0 or submissions_today(request) >= after


def count_submission(request) -> None:
    key = _day_key(request)
    if cache.add(key, 1, timeout=26 * 3600):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=26 * 3600)

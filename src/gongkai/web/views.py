"""Site-wide views: the 500 page (with the request id), the 429 page of the throttles and the health check."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

__all__ = ["healthz", "server_error", "too_many_requests"]

logger = logging.getLogger("gongkai.web")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponseServerError:
    """The 500 page, showing the request id under which the traceback was logged."""
    try:
        body = loader.render_to_string(
            "500.html", {"request_id": getattr(request, "request_id", ""), "request": request}
        )
    except Exception:  # the template itself failing must not hide the error page
        body = "<h1>服务暂时不可用（500）</h1>"
    return HttpResponseServerError(body)


def _check_database() -> None:
    from django.db import connections

    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone()[0] != 1:
                raise RuntimeError("SELECT 1")


def _check_cache() -> None:
    from django.core.cache import cache

    key = f"gongkai:healthz:{secrets.token_hex(6)}"
    cache.set(key, "1", timeout=10)
    value = cache.get(key)
    cache.delete(key)
    if value != "1":
        raise RuntimeError("cache did not return what was stored")


class QueueStalled(Exception):
    """Tasks have waited longer than GONGKAI_HEALTHZ_QUEUE_MAX_AGE: no worker is taking them."""


def _check_queue() -> None:
    """The task queue's table answers, and no ready task has waited longer than the allowed age."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    max_age = getattr(settings, "HEALTHZ_QUEUE_MAX_AGE", 900)
    if oldest is not None and max_age and timezone.now() - oldest > dt.timedelta(seconds=max_age):
        raise QueueStalled


#: name → check; each raises when its part is down.
HEALTH_CHECKS: dict[str, Callable[[], None]] = {
    "database": _check_database,
    "cache": _check_cache,
    "queue": _check_queue,
}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """``/healthz``: ``{"status": "ok"|"error", "checks": {name: "ok"|"error"|"stalled"}}``, 200 or 503.

    ``queue`` is "stalled" when a ready task has waited longer than ``GONGKAI_HEALTHZ_QUEUE_MAX_AGE``
    seconds (no ``gongkai worker`` is running); that also answers 503, so that monitoring notices.

    For load balancers and monitoring: no personal data, no error text (the reason is logged, with the
    request id, for the operator), never cached.
    """
    checks = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
            checks[name] = "ok"
        except QueueStalled:
            logger.warning("healthz: ready tasks have waited too long; is a gongkai worker running?")
            checks[name] = "stalled"
        except Exception:
            logger.exception("healthz: %s check failed", name)
            checks[name] = "error"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def too_many_requests(request, exception=None):
    """429 (请求过于频繁), in Chinese: what happened and when to try again; never a 403 or a 500."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "600"
    response["Cache-Control"] = "no-store"
    return response

"""Pages of the site as a whole: the 429 page of the throttles."""

from __future__ import annotations

from django.shortcuts import render

__all__ = ["too_many_requests"]


def too_many_requests(request, exception=None):
    """429 (请求过于频繁), in Chinese: what happened and when to try again; never a 403 or a 500."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "600"
    response["Cache-Control"] = "no-store"
    return response

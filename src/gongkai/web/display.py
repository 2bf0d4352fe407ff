"""Display modes for everyone (GB/T 37668, 适老化): 大字 (large text) and 高对比度 (high contrast).

They work without JavaScript: the links of ``web/_display.html`` go to :func:`display_settings`, which stores
the choice in a cookie (a year) and sends the reader back; :func:`display` (a context processor) turns the
cookie into classes on ``<html>`` that portal.css and staff.css style. Nothing is stored on the server and no
page is cached across readers, so each reader sees his own mode.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

TEXT_COOKIE = "gk_text"
CONTRAST_COOKIE = "gk_contrast"
MAX_AGE = 365 * 24 * 3600
#: cookie -> (its values other than the default, the class each gives)
MODES = {TEXT_COOKIE: {"large": "gk-large-text"}, CONTRAST_COOKIE: {"high": "gk-high-contrast"}}
PARAMS = {"text": TEXT_COOKIE, "contrast": CONTRAST_COOKIE}


def _current(request: HttpRequest) -> dict[str, str]:
    return {cookie: request.COOKIES.get(cookie, "") for cookie in MODES if request.COOKIES.get(cookie) in MODES[cookie]}


def display(request: HttpRequest) -> dict:
    """Template context: ``display_classes`` for ``<html class>``, the current modes and the links' ``next``."""
    current = _current(request)
    classes = " ".join(MODES[cookie][value] for cookie, value in current.items())
    return {
        "display_classes": classes,
        "display_large_text": current.get(TEXT_COOKIE) == "large",
        "display_high_contrast": current.get(CONTRAST_COOKIE) == "high",
        "display_next": request.get_full_path(),
    }


@require_GET
def display_settings(request: HttpRequest) -> HttpResponseRedirect:
    """``/display/?text=large|normal&contrast=high|normal&next=/path/``: remember the modes, go back."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    if not target.startswith("/") or target.startswith("/display/"):
        target = "/"
    response = HttpResponseRedirect(target)
    for param, cookie in PARAMS.items():
        value = request.GET.get(param)
        if value is None:
            continue
        if value in MODES[cookie]:
            response.set_cookie(
                cookie,
                value,
                max_age=MAX_AGE,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
            )
        else:  # "normal", or anything else: back to the default
            response.delete_cookie(cookie, samesite="Lax")
    return response

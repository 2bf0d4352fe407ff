"""Request hygiene shared by every page."""

from __future__ import annotations

import http
import secrets
from collections.abc import Callable

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

from gongkai.web.logs import request_id_var

__all__ = ["CSPMiddleware", "MethodNotAllowedPageMiddleware", "RequestIdMiddleware", "StripNulMiddleware"]


class RequestIdMiddleware:
    """Give every request an id: on ``request.request_id``, in every log record, in ``X-Request-ID``.

    The id is made here (16 hex digits), never taken from the client, so that nobody can write
    chosen text into the logs. The 500 page prints it: staff quote it and the operator finds the
    traceback in ``logs/`` with ``grep``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = secrets.token_hex(8)
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


def _strip(data: QueryDict) -> QueryDict:
    if not any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists()):
        return data
    clean = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    clean._mutable = False
    return clean


class StripNulMiddleware:
    """Remove NUL characters from query strings and form fields.

    PostgreSQL text columns cannot hold NUL (0x00): a value carrying one would fail deep inside a
    query with a server error. No legitimate text typed by a person contains it, so it is dropped
    at the door, for every view at once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _strip(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            try:
                request.POST = _strip(request.POST)
            except MultiPartParserError:
                # api: a broken multipart body (no boundary …) parses as empty, so the view answers with its own
                # message (a form error, the API's JSON) instead of Django's bare 400 page
                pass
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """Give an empty 405 (方法不允许) response a Chinese page.

    ``require_POST`` and ``LogoutView`` answer a GET with an empty 405; a person who opens such an
    address (a bookmarked 发布 button, a pasted link) would see a blank page. The status and the
    ``Allow`` header are kept; only the empty body is replaced.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            response.content = render_to_string("405.html", request=request).encode(response.charset)
            response["Content-Type"] = f"text/html; charset={response.charset}"
            if response.has_header("Content-Length"):  # set to 0 by CommonMiddleware further in
                response["Content-Length"] = str(len(response.content))
        return response


#: The policy headers of a plain response (no nonce, no per-view change), built from the settings on first use.
_PLAIN_POLICIES: dict[bool, str] = {}
#: What a view's ``@csp_update``/``@csp_replace``/``@csp`` decorators leave on its response.
_POLICY_CHANGES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
_DEBUG_EXEMPT = (http.HTTPStatus.INTERNAL_SERVER_ERROR, http.HTTPStatus.NOT_FOUND)


@receiver(setting_changed)
def _forget_policies(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _PLAIN_POLICIES.clear()


def _plain_policy(report_only: bool) -> str:
    found = _PLAIN_POLICIES.get(report_only)
    if found is None:
        found = _PLAIN_POLICIES[report_only] = build_policy(report_only=report_only)
    return found


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware, with the header of a plain response built once per process, not twice per response.

    Most responses (every portal page) use no nonce and no per-view policy change, so their
    Content-Security-Policy is the settings' policy, the same every time. Such a response gets that header from
    a memo (rebuilt when a test changes the setting); the same conditions as django-csp's decide whether it is
    set (not already set, not exempted, not under an excluded prefix, not a debug error page). Any other
    response — a nonce was used (the 500 page), a view changed its policy — goes through django-csp unchanged.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, a) for a in _POLICY_CHANGES):
            return super().process_response(request, response)
        if response.status_code in _DEBUG_EXEMPT and settings.DEBUG:
            return response
        for report_only, header, exempt, setting in (
            (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            policy = _plain_policy(report_only)
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # as django-csp does: a nonce asked for after the header is written is an error, not a silent gap
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response

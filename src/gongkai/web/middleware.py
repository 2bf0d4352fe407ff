"""Request hygiene shared by every page."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

from gongkai.web.logs import request_id_var

__all__ = ["MethodNotAllowedPageMiddleware", "RequestIdMiddleware", "StripNulMiddleware"]


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

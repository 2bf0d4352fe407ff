"""View helpers shared by every staff page: organization lookup, permission, Chinese error handling."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import require

from .navigation import org_nav

__all__ = ["error_messages", "forbidden", "org_page", "staff_context"]


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    """The 403 page, in Chinese."""
    return render(request, "staff/forbidden.html", {"message": message}, status=403)


def staff_context(request: HttpRequest, org: Organization | None, nav: str = "", **extra) -> dict:
    """Template context with the organization navigation."""
    context = {"org": org, "nav": nav}
    if org is not None:
        from .workbench import waiting_counts

        counts = waiting_counts(request.user)["by_org"].get(org.slug, {})
        context["org_nav"] = [{**entry, "count": counts.get(entry["key"], 0)} for entry in org_nav(request.user, org)]
        context["org_home_count"] = counts.get("home", 0)
    context.update(extra)
    return context


def error_messages(exc: ValidationError) -> list[str]:
    """Flatten a ValidationError into Chinese sentences."""
    if hasattr(exc, "error_dict"):
        return [m for messages_ in exc.message_dict.values() for m in messages_]
    return list(exc.messages)


def org_page(action: str) -> Callable:
    """Decorate a view ``view(request, org, ...)`` taking ``slug`` from the URL.

    Anonymous users go to the login page; users without *action* on the organization get the Chinese 403
    page; a :class:`PermissionDenied` raised later (by a service) gives the same page.
    """

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            org = Organization.objects.filter(slug=slug).first()
            if org is None:
                raise Http404("没有找到该机关。")
            try:
                require(request.user, action, org)
                return view(request, org, *args, **kwargs)
            except PermissionDenied as exc:
                return forbidden(request, str(exc) or "您没有权限执行此操作。")

        return wrapper

    return decorator


def add_errors(request: HttpRequest, exc: ValidationError) -> None:
    for text in error_messages(exc):
        messages.error(request, text)


def add_form_errors(request: HttpRequest, form) -> None:  # noqa: ANN001 - any bound Django form
    """Each of an invalid form's errors as its own message (the page redirects, so the form is not shown)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)

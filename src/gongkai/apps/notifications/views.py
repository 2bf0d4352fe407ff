"""The notifications page (消息): the list, mark read, mark all read, and the e-mail settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import PreferenceForm


@login_required
def notification_list(request):
    """The person's notices, newest first (未读 only with ``?unread=1``)."""
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.notification_list(user=request.user, unread_only=unread_only), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread_only": unread_only, "unread": selectors.unread_count(user=request.user)},
    )


@require_POST
@login_required
def notification_read(request, pk: int):
    """Mark one notice read; with ``open`` in the form, go on to what it is about."""
    notice = services.notification_mark_read(user=request.user, notification_id=pk)
    if notice is None:
        messages.error(request, "该消息不存在或不是发给您的。")
        return redirect("notifications:list")
    if "open" in request.POST and notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
        return redirect(notice.link)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all(request):
    count = services.notification_mark_all_read(user=request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect("notifications:list")


@login_required
def preferences(request):
    """Whether the person gets e-mail for events and the daily digest (邮件设置)."""
    pref = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        services.preference_update(user=request.user, **form.cleaned_data)
        messages.success(request, "已保存邮件提醒设置。")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "has_email": bool(request.user.email)})

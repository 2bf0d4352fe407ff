"""The 安全管理员's page of API tokens (接口令牌): issue (the secret is shown once), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from gongkai.apps.staff.decorators import add_errors, org_page, staff_context

from . import selectors
from .forms import TokenIssueForm
from .models import ApiToken
from .tokens import SCOPES, token_issue, token_revoke

MANAGE = "api.token.manage"


@never_cache
@org_page(MANAGE)
def tokens(request, org):
    holders = list(selectors.token_holders(org))
    form = TokenIssueForm(request.POST or None, holders=holders)
    issued = None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            user = next((u for u in holders if str(u.pk) == data["user"]), None)
            try:
                token, issued = token_issue(
                    actor=request.user,
                    organization=org,
                    name=data["name"],
                    kind=data["kind"],
                    scopes=data["scopes"],
                    days=data["days"],
                    user=user,
                )
            except ValidationError as exc:
                add_errors(request, exc)
            else:
                messages.success(request, f"已签发令牌“{token.name}”。令牌只显示这一次，请立即复制并妥善保管。")
                form = TokenIssueForm(holders=holders)
        else:
            messages.error(request, "请检查填写的内容。")
    context = staff_context(
        request,
        org,
        "api_tokens",
        form=form,
        issued=issued,
        rows=selectors.tokens_for(org),
        scope_labels=SCOPES,
    )
    return render(request, "api/tokens.html", context)  # never_cache: the new secret is never stored by a browser


@org_page(MANAGE)
def token_revoke_view(request, org, pk: int):
    if request.method != "POST":
        return redirect("api_staff:tokens", org.slug)
    token = get_object_or_404(selectors.tokens_for(org), pk=pk)
    token_revoke(actor=request.user, token=token, reason=(request.POST.get("reason") or "")[:200])
    messages.success(request, f"已吊销令牌“{token.name}”，它从下一次请求起失效。")
    return redirect("api_staff:tokens", org.slug)


__all__ = ["ApiToken", "token_revoke_view", "tokens"]

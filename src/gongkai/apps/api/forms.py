"""The form of the token page (签发接口令牌)."""

from __future__ import annotations

from django import forms

from .models import TokenKind
from .tokens import MAX_DAYS, SCOPES


class TokenIssueForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100, help_text="用途，如“省政务公开平台同步”")
    kind = forms.ChoiceField(
        label="类型",
        choices=[(TokenKind.PLATFORM, "上级平台"), (TokenKind.STAFF, "工作人员")],
        initial=TokenKind.PLATFORM,
    )
    user = forms.ChoiceField(label="工作人员（工作人员令牌）", required=False)
    scopes = forms.MultipleChoiceField(
        label="权限范围", choices=list(SCOPES.items()), widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(label="有效期（天）", min_value=1, max_value=MAX_DAYS, initial=90)

    def __init__(self, *args, holders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "（上级平台令牌不填）")] + [(str(u.pk), u.username) for u in holders]

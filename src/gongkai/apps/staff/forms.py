"""Forms of the staff shell (people and roles)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from gongkai.apps.organizations.choices import Role


class StaffUserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150, required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8, help_text="至少 8 位。")
    roles = forms.MultipleChoiceField(
        label="角色", choices=Role.choices, widget=forms.CheckboxSelectMultiple, help_text="可多选。"
    )


class MembershipGrantForm(forms.Form):
    username = forms.CharField(label="已有用户的用户名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError("没有找到该用户。")
        self.user = user
        return username

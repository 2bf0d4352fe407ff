"""Forms of the staff shell (people and roles)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from gongkai.apps.organizations.choices import Role


class StaffUserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150, required=False)
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text="至少 10 个字符，大写字母、小写字母、数字、符号中至少 3 类；本人首次登录时须修改。",
    )
    roles = forms.MultipleChoiceField(
        label="角色",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="可多选；三个管理员岗位须由不同人员担任，且不兼任业务角色。",
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


class OrganizationSettingsForm(forms.Form):
    """The body's details printed in its 政府信息公开指南 (条例第十二条) and its 索引号 prefix."""

    short_name = forms.CharField(label="简称", max_length=50, required=False)
    code = forms.CharField(
        label="索引号前缀",
        max_length=40,
        required=False,
        help_text="一般为统一社会信用代码；只影响今后新建信息的索引号。",
    )
    office_name = forms.CharField(label="政府信息公开工作机构", max_length=100, required=False)
    address = forms.CharField(label="办公地址", max_length=200, required=False)
    office_hours = forms.CharField(label="办公时间", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=50, required=False)
    fax = forms.CharField(label="传真号码", max_length=50, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    website = forms.URLField(label="互联网联系方式", required=False, assume_scheme="https")
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)


class ReplyApprovalForm(forms.Form):
    """The organization's setting: replies to applications need the 领导's approval (default on)."""

    required = forms.BooleanField(
        label="依申请公开答复须经领导审批后才能出具答复书",
        required=False,
        help_text="建议保持开启（四眼原则）。关闭须填写理由，开启和关闭都记入审计日志。",
    )
    reason = forms.CharField(label="理由", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

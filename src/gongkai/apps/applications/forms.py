"""Forms: they only parse and check input; the services do the work."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from gongkai.apps.dates import MAX_DATE, MIN_DATE, validate_computable_date
from gongkai.apps.organizations.choices import OrganizationKind
from gongkai.apps.organizations.models import Organization
from gongkai.core.fees import MAX_COUNT

from .choices import (
    ApplicantType,
    CaseResult,
    Channel,
    Decision,
    DeliveryForm,
    DeliveryMethod,
    FeeMethod,
    IdType,
    LawsuitRoute,
)

_ID_CARD = re.compile(r"^\d{17}[\dXx]$")
_PHONE = re.compile(r"^[\d\-+ ()（）]{5,30}$")
_POSTCODE = re.compile(r"^\d{6}$")
_DATE_ERRORS = {"invalid": "请输入有效日期，格式为 YYYY-MM-DD。", "required": "请填写日期。"}
_CHOICE_ERRORS = {"invalid_choice": "请从列表中选择。", "required": "请从列表中选择。"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d"],
        error_messages=_DATE_ERRORS,
        validators=[validate_computable_date],  # 9999-12-31 parses but no deadline can be computed from it
        widget=forms.DateInput(attrs={"type": "date", "min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()}),
    )


class ApplicantForm(forms.Form):
    """The fields of 条例第二十九条 (shared by the public form and the staff register form)."""

    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    applicant_name = forms.CharField(label="姓名或者名称", max_length=200)
    contact_person = forms.CharField(label="联系人（法人或其他组织填写）", max_length=100, required=False)
    id_type = forms.ChoiceField(label="身份证明类型", choices=IdType.choices)
    id_number = forms.CharField(label="身份证明号码", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=50, required=False)
    email = forms.EmailField(label="电子邮箱", required=False, error_messages={"invalid": "请输入有效的电子邮箱地址。"})
    address = forms.CharField(label="通信地址", max_length=300, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    description = forms.CharField(
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    document_number = forms.CharField(label="文号（如知道）", max_length=100, required=False)
    delivery_form = forms.ChoiceField(label="获取信息的形式", choices=DeliveryForm.choices)
    delivery_method = forms.ChoiceField(label="获取信息的方式", choices=DeliveryMethod.choices)

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip()
        if self.cleaned_data.get("id_type") == IdType.ID_CARD and not _ID_CARD.match(value):
            raise ValidationError("居民身份证号码应为18位（最后一位可为X）。")
        return value.upper() if self.cleaned_data.get("id_type") == IdType.ID_CARD else value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if value and not _PHONE.match(value):
            raise ValidationError("联系电话只能包含数字、空格和 -+()。")
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value and not _POSTCODE.match(value):
            raise ValidationError("邮政编码应为6位数字。")
        return value

    def clean(self):
        data = super().clean()
        # A contact typed but invalid already has its own message; only a form with none typed gets this one.
        typed = any(str(self.data.get(self.add_prefix(name), "")).strip() for name in ("phone", "email", "address"))
        if not typed:
            raise ValidationError("请至少填写一种联系方式（电话、电子邮箱或通信地址），以便送达答复。")
        if data.get("delivery_method") == DeliveryMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "选择以电子邮件获取信息时，请填写电子邮箱。")
        if (
            data.get("delivery_method") == DeliveryMethod.MAIL
            and not data.get("address")
            and "address" not in self.errors
        ):
            self.add_error("address", "选择邮寄获取信息时，请填写通信地址。")
        return data


class PublicApplicationForm(ApplicantForm):
    """The public online form: the organization first, then 第二十九条's fields."""

    organization = forms.ModelChoiceField(
        label="向哪个机关申请",
        # 村（居）民委员会 are not 行政机关 under the 条例 and do not receive applications (their 村务 is
        # disclosed under the township).
        queryset=Organization.objects.filter(is_active=True).exclude(kind=OrganizationKind.VILLAGE).order_by("path"),
        empty_label="请选择受理机关",
        error_messages={"required": "请选择受理机关。", "invalid_choice": "请从列表中选择受理机关。"},
    )
    field_order = ["organization"]


class RegisterForm(ApplicantForm):
    """Staff entry of a counter, mail, fax or e-mail application (第三十一条 dates)."""

    channel = forms.ChoiceField(
        label="申请渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE], error_messages=_CHOICE_ERRORS
    )
    submitted_on = _date("提交（寄出）日期", required=False)
    signed_on = _date("邮件签收日期", required=False)
    ordinary_letter = forms.BooleanField(label="平常信函（无需签收）", required=False)
    confirmed_on = _date("双方确认日期", required=False)
    field_order = ["channel", "submitted_on", "signed_on", "ordinary_letter", "confirmed_on"]


class DateForm(forms.Form):
    date = _date("日期")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(DateForm):
    deadline = _date("补正期限")


class ConsultationForm(DateForm):
    party = forms.CharField(label="征求意见对象", max_length=200, error_messages={"required": "请填写征求意见对象。"})


class ExtendForm(DateForm):
    days = forms.IntegerField(
        label="延长工作日数",
        min_value=1,
        max_value=20,
        error_messages={
            "invalid": "请输入整数。",
            "min_value": "至少 1 个工作日。",
            "max_value": "最长 20 个工作日。",
            "required": "请填写工作日数。",
        },
    )
    approved_by = forms.CharField(label="批准人（机构负责人）", max_length=100, required=False)


class FeeNoticeForm(forms.Form):
    method = forms.ChoiceField(label="计费方式", choices=FeeMethod.choices, error_messages=_CHOICE_ERRORS)
    units = forms.IntegerField(
        label="件数或页数",
        min_value=1,
        max_value=MAX_COUNT,
        error_messages={
            "invalid": "请输入整数。",
            "min_value": "至少为 1。",
            "max_value": f"不能超过 {MAX_COUNT}。",
            "required": "请填写件数或页数。",
        },
    )
    sent_on = _date("发出日期")
    delivered_on = _date("申请人收到日期", required=False)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="办理结果",
        choices=[c for c in Decision.choices if c[0] not in ("other_no_correction", "other_unpaid_fee")],
        error_messages={"invalid_choice": "请从列表中选择办理结果。", "required": "请选择办理结果。"},
    )
    decided_on = _date("答复日期")
    reason = forms.CharField(label="答复理由", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ApproveReplyForm(forms.Form):
    """The 领导 approves the proposed reply; it is issued on this date (答复日期)."""

    date = _date("审批（答复）日期")
    comment = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.format = "%Y-%m-%d"  # so the initial date (today) shows in the date input


class ReturnReplyForm(forms.Form):
    """The 领导 sends the proposed reply back to the handler."""

    comment = forms.CharField(
        label="退回意见",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "退回答复时请填写意见。"},
    )


class AssignForm(forms.Form):
    handler = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": "请选择承办人。", "invalid": "请选择承办人。"}
    )


class ReviewCaseForm(forms.Form):
    filed_on = _date("复议申请日期")
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    reviewing_body = forms.CharField(label="复议机关", max_length=200, required=False)


class LawsuitCaseForm(forms.Form):
    filed_on = _date("起诉日期")
    route = forms.ChoiceField(label="起诉方式", choices=LawsuitRoute.choices, error_messages=_CHOICE_ERRORS)
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    court = forms.CharField(label="人民法院", max_length=200, required=False)


class ConcludeForm(forms.Form):
    result = forms.ChoiceField(
        label="结果",
        choices=[c for c in CaseResult.choices if c[0] != CaseResult.PENDING],
        error_messages=_CHOICE_ERRORS,
    )
    concluded_on = _date("审结日期")


class StatusLookupForm(forms.Form):
    tracking_number = forms.CharField(label="申请编号", max_length=20, error_messages={"required": "请输入申请编号。"})
    query_code = forms.CharField(label="查询码", max_length=10, error_messages={"required": "请输入查询码。"})


class CaptchaForm(forms.Form):
    """The image captcha (django-simple-captcha, drawn on this server) asked of busy addresses."""

    from captcha.fields import CaptchaField

    captcha = CaptchaField(
        label="验证码",
        error_messages={"invalid": "验证码不正确，请看清图中字符后重新输入。", "required": "请输入图中的验证码。"},
        help_text="请输入图中的字符（不区分大小写）；看不清时直接点击“确认提交”，会换一张新图。",
    )
    del CaptchaField

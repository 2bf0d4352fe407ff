"""Forms of the annual report pages."""

from django import forms
from django.utils import timezone


class GenerateForm(forms.Form):
    """Generate the report of a year from the records (从记录生成年报)."""

    year = forms.IntegerField(
        label="年度",
        min_value=2019,
        error_messages={
            "required": "请填写年度。",
            "invalid": "年度应为数字，如 2024。",
            "min_value": "年度不能早于 2019 年。",
        },
    )
    format = forms.ChoiceField(
        label="年报格式",
        required=False,
        choices=[
            ("", "按年度自动选择"),
            ("2019", "2019 年格式（国办公开办函〔2019〕60号）"),
            ("2021", "2021 年格式（国办公开办函〔2021〕30号）"),
        ],
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year + 1:
            raise forms.ValidationError("年度不能晚于明年。")
        return year


class SectionsForm(forms.Form):
    """The texts staff write: 一、总体情况 (drafted from data), 五 and 六."""

    overview = forms.CharField(label="一、总体情况", widget=forms.Textarea(attrs={"rows": 10}), required=False)
    problems = forms.CharField(
        label="五、存在的主要问题及改进情况", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    other = forms.CharField(
        label="六、其他需要报告的事项",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="一般写明本年度收取信息处理费的情况。",
    )
    reason = forms.CharField(label="修改说明", required=False, max_length=200)


class WithdrawForm(forms.Form):
    """Withdraw a published report (撤回)."""

    reason = forms.CharField(label="撤回理由", max_length=500, error_messages={"required": "请填写撤回理由。"})

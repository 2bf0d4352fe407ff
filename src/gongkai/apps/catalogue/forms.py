"""Forms of the standard catalogue's staff pages (labels and messages in Chinese)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from gongkai.apps.publishing.models import CatalogueNode

from .choices import CHANNELS, RuleKind, RuleSource, UpdateCycle

TEXT = ("area", "level1", "level2", "content", "basis", "time_limit", "subject", "office")
FLAGS = (
    ("audience_public", "全社会"),
    ("audience_specific", "特定群体"),
    ("mode_proactive", "主动公开"),
    ("mode_on_request", "依申请公开"),
    ("level_county", "县级"),
    ("level_township", "乡级"),
    ("level_village", "村级"),
)


class NodeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} / {obj.name}" if obj.parent_id else obj.name


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class EntryForm(forms.Form):
    area = forms.CharField(label="领域", max_length=50)
    number = forms.IntegerField(label="序号", min_value=0, required=False)
    level1 = forms.CharField(label="一级事项", max_length=100)
    level2 = forms.CharField(label="二级事项", max_length=200, required=False)
    content = forms.CharField(label="公开内容（要素）", widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label="公开依据", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    time_limit = forms.CharField(
        label="公开时限", max_length=300, help_text="如“信息形成或者变更之日起20个工作日内”；系统自动识别为计算规则。"
    )
    subject = forms.CharField(label="公开主体", max_length=200)
    channels = forms.MultipleChoiceField(
        label="公开渠道和载体", choices=CHANNELS, widget=forms.CheckboxSelectMultiple, required=False
    )
    audience_public = forms.BooleanField(label="公开对象：全社会", required=False)
    audience_specific = forms.BooleanField(label="公开对象：特定群体", required=False)
    mode_proactive = forms.BooleanField(label="公开方式：主动", required=False)
    mode_on_request = forms.BooleanField(label="公开方式：依申请", required=False)
    level_county = forms.BooleanField(label="公开层级：县级", required=False)
    level_township = forms.BooleanField(label="公开层级：乡级", required=False)
    level_village = forms.BooleanField(label="公开层级：村级", required=False)
    office = forms.CharField(label="责任科室", max_length=100, required=False)
    owner = OwnerChoice(label="责任人", queryset=get_user_model().objects.none(), required=False, empty_label="请选择")
    update_cycle = forms.ChoiceField(label="更新周期", choices=UpdateCycle.choices)
    nodes = NodeChoice(
        label="对应栏目", queryset=CatalogueNode.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    rule_manual = forms.BooleanField(
        label="手工设定时限规则", required=False, help_text="公开时限无法自动识别时，在下面设定计算规则。"
    )
    rule_kind = forms.ChoiceField(label="时限规则", choices=RuleKind.choices, required=False)
    rule_days = forms.IntegerField(label="天数", min_value=1, max_value=366, required=False)
    rule_working = forms.BooleanField(label="按工作日计算", required=False)
    rule_month = forms.IntegerField(label="截止月（每年）", min_value=1, max_value=12, required=False)
    rule_day = forms.IntegerField(label="截止日", min_value=1, max_value=31, required=False)
    tracked_since = forms.DateField(label="开始督查日期", required=False, help_text="此日期之前的周期不计超期。")

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        User = get_user_model()
        self.fields["owner"].queryset = (
            User.objects.filter(memberships__organization=organization).distinct().order_by("username")
        )
        self.fields["nodes"].queryset = (
            CatalogueNode.objects.filter(organization=organization, is_active=True)
            .select_related("parent")
            .order_by("parent__sort_order", "parent_id", "sort_order", "id")
        )

    def clean(self):
        data = super().clean()
        if data.get("rule_manual") and not data.get("rule_kind"):
            self.add_error("rule_kind", "手工设定时请选择时限规则。")
        return data

    def service_fields(self) -> dict:
        d = self.cleaned_data
        out = {k: d.get(k) or "" for k in TEXT}
        out.update({k: bool(d.get(k)) for k, _label in FLAGS})
        out.update(
            number=d.get("number") or 0,
            channels=list(d.get("channels") or []),
            owner=d.get("owner"),
            update_cycle=d["update_cycle"],
            nodes=list(d.get("nodes") or []),
        )
        if d.get("tracked_since"):
            out["tracked_since"] = d["tracked_since"]
        if d.get("rule_manual"):
            out.update(
                rule_source=RuleSource.MANUAL,
                rule_kind=d["rule_kind"],
                rule_days=d.get("rule_days"),
                rule_working=bool(d.get("rule_working")),
                rule_month=d.get("rule_month"),
                rule_day=d.get("rule_day"),
            )
        else:
            out["rule_source"] = RuleSource.PARSED
        return out


def initial_for(entry) -> dict:
    data = {k: getattr(entry, k) for k in TEXT}
    data.update({k: getattr(entry, k) for k, _label in FLAGS})
    data.update(
        number=entry.number,
        channels=list(entry.channels or []),
        owner=entry.owner_id,
        update_cycle=entry.update_cycle,
        nodes=[n.pk for n in entry.nodes.all()],
        rule_manual=entry.rule_source == RuleSource.MANUAL,
        rule_kind=entry.rule_kind,
        rule_days=entry.rule_days,
        rule_working=entry.rule_working,
        rule_month=entry.rule_month,
        rule_day=entry.rule_day,
        tracked_since=entry.tracked_since,
    )
    return data


class ImportForm(forms.Form):
    file = forms.FileField(label="标准目录表格（XLSX）", help_text="按公开目录的通行格式：每个领域一个工作表，一级、二级事项可合并单元格。")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 10 * 1024 * 1024:
            raise forms.ValidationError("文件超过 10 MB。")
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的表格（WPS 或 Excel 另存为 .xlsx）。")
        return f

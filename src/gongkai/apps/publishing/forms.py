"""Forms of the publishing staff pages. They only parse input; services do the work."""

from __future__ import annotations

from django import forms
from django.templatetags.static import static
from django.utils import timezone

from gongkai.apps.dates import bound_date_fields

from .choices import TOPIC_SUGGESTIONS, ChannelKind, ItemKind, ItemStatus, Validity
from .models import CatalogueNode, Channel, Item
from .selectors import catalogue_tree

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyEditorWidget(forms.Textarea):
    """The 正文 textarea, which ``publishing/body_editor.js`` turns into a rich-text editor.

    The editor's code is django-prose-editor's bundle, served from that package (whitenoise, no CDN); the
    textarea names its URL. Without JavaScript the textarea takes plain text or HTML as before.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "body", "data-body-editor": "", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-editor-module"] = static("django_prose_editor/editor.js")
        return context

    class Media:
        css = {
            "all": (
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "publishing/body_editor.css",
            )
        }
        js = (forms.Script("publishing/body_editor.js", type="module"),)


def _catalogue_choices(organization, *, blank: str | None = None, exclude_pk: int | None = None):
    choices = [("", blank)] if blank is not None else []
    for entry in catalogue_tree(organization):
        if exclude_pk is not None and entry.node.pk == exclude_pk:
            continue
        choices.append((entry.node.pk, "　" * entry.depth + entry.node.name))
    return choices


class ItemForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    category = forms.TypedChoiceField(label="目录栏目", coerce=int)
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    publisher = forms.CharField(label="发布机构", max_length=100, required=False, help_text="留空则为本机关名称。")
    written_on = forms.DateField(label="成文日期", required=False, widget=DATE)
    formed_on = forms.DateField(
        label="形成或变更日期",
        required=False,
        widget=DATE,
        help_text="条例第二十六条：自形成或者变更之日起 20 个工作日内公开。留空则取成文日期或今天。",
    )
    topic = forms.CharField(
        label="主题分类", max_length=50, required=False, widget=forms.TextInput(attrs={"list": "topic-suggestions"})
    )
    kind = forms.ChoiceField(
        label="信息类型",
        choices=ItemKind.choices,
        required=False,
        help_text="政策文件须标注有效性；政策解读请选择所解读的政策文件。",
    )
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices, required=False)
    interprets = forms.TypedChoiceField(label="解读的政策文件", coerce=int, required=False, empty_value=None)
    keywords = forms.CharField(label="主题词", max_length=200, required=False, help_text="多个主题词用空格分隔。")
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label="正文",
        required=False,
        widget=BodyEditorWidget(),
        help_text="可用工具栏设置标题、加粗、列表和表格，也可直接粘贴文字或 HTML；脚本等不安全内容会被自动清除。",
    )

    word_file = forms.FileField(
        label="从 Word 导入正文",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
        help_text="选择 .docx 文件后保存：文件中的标题、段落、加粗倾斜、列表和表格成为正文（替换上面的正文），"
        "其中的图片和嵌入文件成为附件。",
    )

    topic_suggestions = TOPIC_SUGGESTIONS

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        bound_date_fields(self)
        self.organization = organization
        self.fields["category"].choices = _catalogue_choices(organization, blank="请选择栏目")
        policies = Item.objects.filter(organization=organization, kind=ItemKind.POLICY).exclude(
            status=ItemStatus.WITHDRAWN
        )
        self.fields["interprets"].choices = [("", "（不关联）")] + [
            (pk, f"{title}（{number}）")
            for pk, title, number in policies.values_list("pk", "title", "index_number")[:500]
        ]

    def clean_interprets(self):
        pk = self.cleaned_data.get("interprets")
        if pk is None:
            return None
        item = Item.objects.filter(pk=pk, organization=self.organization, kind=ItemKind.POLICY).first()
        if item is None:
            raise forms.ValidationError("请选择本机关的政策文件。")
        return item

    def clean_category(self):
        pk = self.cleaned_data["category"]
        node = CatalogueNode.objects.filter(pk=pk, organization=self.organization).first()
        if node is None:
            raise forms.ValidationError("请选择本机关的目录栏目。")
        return node

    def clean(self):
        data = super().clean()
        written, formed = data.get("written_on"), data.get("formed_on")
        if written and formed and formed < written:
            self.add_error("formed_on", "形成或变更日期不能早于成文日期。")
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    comment = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(forms.Form):
    comment = forms.CharField(label="签发意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    published_on = forms.DateField(label="发布日期", required=False, widget=DATE, help_text="留空为今天。")
    channels = forms.ModelMultipleChoiceField(
        label="发布渠道", queryset=Channel.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        bound_date_fields(self)
        qs = Channel.objects.filter(organization=organization, is_active=True)
        self.fields["channels"].queryset = qs
        portal = qs.filter(kind=ChannelKind.PORTAL).first()
        if portal is not None and not self.is_bound:
            self.initial["channels"] = [portal.pk]


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", help_text="支持 PDF、OFD、Word、Excel、WPS、图片、压缩包等。")


class DistributionForm(forms.Form):
    channel = forms.ModelChoiceField(label="渠道", queryset=Channel.objects.none(), empty_label="请选择渠道")
    published_at = forms.DateTimeField(
        label="发布时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text="留空为现在。",
    )
    url = forms.URLField(label="链接", required=False, max_length=500, assume_scheme="https")
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(organization=organization, is_active=True)

    def clean_published_at(self):
        value = self.cleaned_data.get("published_at")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value


class CatalogueNodeForm(forms.Form):
    name = forms.CharField(label="栏目名称", max_length=100)
    parent = forms.TypedChoiceField(label="上级栏目", coerce=int, required=False, empty_value=None)
    basis = forms.CharField(label="公开依据", max_length=200, required=False)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    sort_order = forms.IntegerField(label="排序", initial=0)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, organization, node=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["parent"].choices = _catalogue_choices(
            organization, blank="（顶级栏目）", exclude_pk=node.pk if node else None
        )

    def cleaned_data_for_create(self) -> dict:
        """The cleaned data without ``is_active`` (new columns start active)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "is_active"}

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        node = CatalogueNode.objects.filter(pk=pk, organization=self.organization).first()
        if node is None:
            raise forms.ValidationError("请选择本机关的栏目。")
        return node


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label="渠道类型", choices=ChannelKind.choices)
    name = forms.CharField(label="名称", max_length=100, help_text="如：微信公众号“文明思礼”、镇政府信息公告栏。")


class ValidityForm(forms.Form):
    """Change the 有效性 of a published 政策文件 (its own audited step)."""

    validity = forms.ChoiceField(label="有效性", choices=[c for c in Validity.choices if c[0]])
    changed_on = forms.DateField(label="变更日期", required=False, widget=DATE, help_text="留空为今天。")
    replaced_by = forms.TypedChoiceField(
        label="修改或替代它的文件", coerce=int, required=False, empty_value=None, help_text="“已修改”时必选。"
    )
    reason = forms.CharField(label="变更理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        bound_date_fields(self)
        self.item = item
        others = Item.objects.filter(
            organization_id=item.organization_id, kind=ItemKind.POLICY, status=ItemStatus.PUBLISHED
        ).exclude(pk=item.pk)
        self.fields["replaced_by"].choices = [("", "（无）")] + [
            (pk, f"{title}（{number}）")
            for pk, title, number in others.values_list("pk", "title", "index_number")[:500]
        ]

    def clean_replaced_by(self):
        pk = self.cleaned_data.get("replaced_by")
        if pk is None:
            return None
        return Item.objects.filter(pk=pk, organization_id=self.item.organization_id).first()


class FindingConfirmForm(forms.Form):
    comment = forms.CharField(label="确认说明", max_length=300, required=False)

"""Forms of the report checking app: upload a batch, add files, fix a match."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from . import services

ACCEPT = ",".join(services.ALLOWED_SUFFIXES)


class MultipleFileInput(forms.FileInput):
    """A file input that lets the user pick many files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; each is judged by :func:`services.validate_uploads` (empty files are kept: they
    are a finding of the batch, not a form error)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in data if f] if isinstance(data, list | tuple) else [data] if data else []
        errors = services.validate_uploads(files)
        if errors:
            raise forms.ValidationError(errors)
        return files


def _files_help() -> str:
    size = services.max_file_size() // (1024 * 1024)
    return (
        f"可一次选择多个文件（最多 {services.max_files()} 个，每个不超过 {size} MB）："
        "PDF、OFD、Word（.docx、.doc）、WPS（.wps）、网页（.html）、文本（.txt、.md）或年报 JSON。"
    )


class BatchForm(forms.Form):
    """Upload a new check batch (新建检查批次)."""

    year = forms.IntegerField(
        label="检查年度",
        min_value=services.FIRST_YEAR,
        error_messages={"required": "请填写检查年度。", "invalid": "检查年度应为四位数字年份。"},
    )
    title = forms.CharField(
        label="批次名称", max_length=100, required=False, help_text="可不填，如“2024 年度乡镇年报”。"
    )
    files = MultipleFileField(label="年报文件")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].widget.attrs["max"] = this_year
        self.fields["files"].help_text = _files_help()
        if not self.is_bound:
            self.initial.setdefault("year", this_year - 1)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(f"检查年度不能晚于 {timezone.localdate().year} 年。")
        return year


class AddFilesForm(forms.Form):
    """Add files to a batch (补充上传)."""

    files = MultipleFileField(label="补充上传年报文件")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _files_help()


class MatchForm(forms.Form):
    """Choose by hand which organization of the scope a report belongs to (指定对应机关)."""

    organization = forms.ModelChoiceField(
        label="对应机关", queryset=None, required=False, empty_label="（不对应任何机关）"
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = scope.descendants(include_self=True).order_by("path", "sort_order")
        self.fields["organization"].error_messages["invalid_choice"] = "所选机关不在本机关的检查范围内。"

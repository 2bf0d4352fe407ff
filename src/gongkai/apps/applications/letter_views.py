"""Staff pages of a body's letters: its templates (edit, preview, back to the default) and its 文号 scheme.

Views only parse input, call one service and render; a template that would not read right comes back
with the reasons in Chinese and nothing saved.
"""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.apps.staff.decorators import add_errors, org_page, staff_context

from . import letters
from .models import LetterTemplate
from .services import letters as letter_services


class LetterTemplateForm(forms.Form):
    body = forms.CharField(
        label="正文模板",
        widget=forms.Textarea(attrs={"rows": 14, "class": "letter-body"}),
        max_length=letter_services.MAX_TEMPLATE_CHARS,
        strip=True,
        help_text="每行一段。占位符写在花括号中，如 {申请人}；某行的占位符都为空时（如未填写答复理由），该行不出现。",
    )


class NumberPatternForm(forms.Form):
    number_pattern = forms.CharField(
        label="答复书文号格式",
        max_length=60,
        help_text="如 {机关简称}信复〔{年}〕{序号}号 → 思政信复〔2026〕3号。序号每年从 1 起，按出具顺序编号。",
    )


def _sample_number(org) -> str:
    pattern = letter_services.number_pattern_for(org)
    return letter_services.reply_number_format(pattern, org, timezone.localdate().year, 1)


def _kind(key: str) -> letters.LetterKind:
    try:
        return letters.kind_for(key)
    except ValueError:
        raise Http404("没有这种文书。") from None


@org_page(letter_services.MANAGE)
def letter_list(request, org):
    """Every letter and notice kind, whether the body has its own text, and the 文号 scheme."""
    form = NumberPatternForm(request.POST or None, initial={"number_pattern": letter_services.number_pattern_for(org)})
    if request.method == "POST" and form.is_valid():
        try:
            letter_services.letter_settings_save(
                actor=request.user, organization=org, number_pattern=form.cleaned_data["number_pattern"]
            )
        except ValidationError as exc:
            for text in exc.messages:
                form.add_error("number_pattern", text)
        else:
            messages.success(request, "文号格式已保存，此后出具的答复书按新格式编号。")
            return redirect("applications:letter_list", slug=org.slug)
    own = {t.kind: t for t in LetterTemplate.objects.filter(organization=org).select_related("updated_by")}
    rows = [{"kind": kind, "own": own.get(key)} for key, kind in letters.KINDS.items()]
    pattern = form["number_pattern"].value() or letter_services.DEFAULT_NUMBER_PATTERN
    try:
        example = letter_services.reply_number_format(
            letter_services.number_pattern_check(pattern), org, timezone.localdate().year, 3
        )
    except ValidationError:
        example = ""
    return render(
        request,
        "applications/letter_list.html",
        staff_context(
            request,
            org,
            "letters",
            rows=rows,
            form=form,
            example=example,
            number_placeholders=letter_services.NUMBER_PLACEHOLDERS,
        ),
    )


@org_page(letter_services.MANAGE)
def letter_edit(request, org, kind: str):
    """Edit one kind's text: 预览 shows the letter for a sample case, 保存 checks and keeps it (audited)."""
    letter_kind = _kind(kind)
    current = letters.template_text(org, letter_kind)
    own = LetterTemplate.objects.filter(organization=org, kind=letter_kind.key).first()
    form = LetterTemplateForm(request.POST or None, initial={"body": current})
    text = current
    action = request.POST.get("action", "preview") if request.method == "POST" else ""
    if action == "reset":
        letter_services.letter_template_reset(actor=request.user, organization=org, kind=letter_kind.key)
        messages.success(request, f"“{letter_kind.label}”已恢复为默认模板。")
        return redirect("applications:letter_edit", slug=org.slug, kind=letter_kind.key)
    if action and form.is_valid():
        text = form.cleaned_data["body"]
        try:
            if action == "save":
                letter_services.letter_template_save(
                    actor=request.user, organization=org, kind=letter_kind.key, body=text
                )
                messages.success(request, f"“{letter_kind.label}”的模板已保存，此后生成的文书使用新模板。")
                return redirect("applications:letter_edit", slug=org.slug, kind=letter_kind.key)
            letter_services.letter_template_check(letter_kind.key, text, org)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("body", message)
    preview = None
    if not form.errors:
        try:
            preview = letters.sample_parts(letter_kind, text, org.name, _sample_number(org))
        except letters.PlaceholderError as exc:
            form.add_error("body" if form.is_bound else None, str(exc))
    return render(
        request,
        "applications/letter_edit.html",
        staff_context(
            request,
            org,
            "letters",
            kind=letter_kind,
            form=form,
            own=own,
            preview=preview,
            is_default=own is None,
            default_text=letter_kind.default,
            placeholders=letter_kind.placeholders,
        ),
    )


@org_page(letter_services.MANAGE)
def letter_sample(request, org, kind: str, fmt: str):
    """The kind's letter for the sample case, as DOCX or PDF (to look at it in Word or a PDF reader)."""
    letter_kind = _kind(kind)
    try:
        parts = letters.sample_parts(
            letter_kind, letters.template_text(org, letter_kind), org.name, _sample_number(org)
        )
    except letters.PlaceholderError as exc:
        add_errors(request, ValidationError(str(exc)))
        return redirect("applications:letter_edit", slug=org.slug, kind=letter_kind.key)
    if fmt == "docx":
        data, mime = letters.render_docx(parts), letters.DOCX_MEDIA_TYPE
    elif fmt == "pdf":
        data, mime = letters.render_pdf(parts), letters.PDF_MEDIA_TYPE
    else:
        raise Http404("未知格式")
    response = HttpResponse(data, content_type=mime)
    name = quote(f"{parts.stem}（示例）.{fmt}", safe="")
    response["Content-Disposition"] = (
        f"attachment; filename=\"sample-{letter_kind.key}.{fmt}\"; filename*=UTF-8''{name}"
    )
    return response

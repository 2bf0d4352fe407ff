"""A body's letters: its own templates (checked, audited), its 文号 scheme, and the numbering of replies.

Numbers are taken in the transaction that issues the reply: the body's row is locked first (so two replies
issued at once wait for each other), then the year's :class:`~..models.ReplyNumberSequence` moves on by one.
A year with no sequence row yet starts after the replies already numbered that year (data from before the
sequence existed).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.apps.audit.services import audit_log
from gongkai.apps.organizations import permissions as core_permissions
from gongkai.apps.organizations.models import Organization

from ..letters.compose import sample_parts
from ..letters.kinds import kind_for
from ..letters.wording import PlaceholderError, placeholders_in, wording_problems
from ..models import Application, LetterSettings, LetterTemplate, ReplyNumberSequence

__all__ = [
    "DEFAULT_NUMBER_PATTERN",
    "MANAGE",
    "NUMBER_PLACEHOLDERS",
    "letter_settings_save",
    "letter_template_check",
    "letter_template_reset",
    "letter_template_save",
    "number_pattern_check",
    "number_pattern_for",
    "reply_number_format",
    "reply_number_take",
]

MANAGE = "applications.letters.manage"
DEFAULT_NUMBER_PATTERN = "{机关简称}依申请公开〔{年}〕{序号}号"
NUMBER_PLACEHOLDERS = {
    "机关简称": "机关简称（未设简称时为全称）",
    "机关名称": "机关全称",
    "年": "答复年度（如 2026）",
    "序号": "当年第几件答复（1、2、3……）",
}
MAX_TEMPLATE_CHARS = 5000


def number_pattern_for(organization: Organization) -> str:
    """The body's 文号 scheme, else the default."""
    pattern = LetterSettings.objects.filter(organization=organization).values_list("number_pattern", flat=True)
    return next(iter(pattern), DEFAULT_NUMBER_PATTERN)


def reply_number_format(pattern: str, organization: Organization, year: int, serial: int) -> str:
    """*pattern* filled in: ``{机关简称}信复〔{年}〕{序号}号`` → ``思政信复〔2026〕3号``."""
    return pattern.format_map(
        {
            "机关简称": organization.short_name or organization.name,
            "机关名称": organization.name,
            "年": str(year),
            "序号": str(serial),
        }
    )


def number_pattern_check(pattern: str) -> str:
    """The pattern, stripped, if it can number replies.

    Raises:
        ValidationError: empty, unknown placeholder, no {序号}, or too long (Chinese message).
    """
    pattern = (pattern or "").strip()
    if not pattern:
        raise ValidationError("请填写文号格式，如 {机关简称}依申请公开〔{年}〕{序号}号。")
    if "\n" in pattern or len(pattern) > 60:
        raise ValidationError("文号格式应为一行，最多 60 个字。")
    try:
        names = placeholders_in(pattern)
    except PlaceholderError as exc:
        raise ValidationError(str(exc)) from None
    unknown = [n for n in names if n not in NUMBER_PLACEHOLDERS]
    if unknown:
        known = "、".join(f"{{{n}}}" for n in NUMBER_PLACEHOLDERS)
        raise ValidationError(f"文号格式中有未知的占位符：{'、'.join(unknown)}。可用的占位符：{known}。")
    if "序号" not in names:
        raise ValidationError("文号格式必须含有 {序号}，否则每件答复的文号都一样。")
    return pattern


def reply_number_take(organization: Organization, year: int) -> str:
    """The next 文号 of *organization* in *year* (call inside the transaction that issues the reply)."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    sequence = ReplyNumberSequence.objects.select_for_update().filter(organization=org, year=year).first()
    if sequence is None:
        already = Application.objects.filter(organization=org, decided_on__year=year).exclude(reply_number="").count()
        sequence = ReplyNumberSequence.objects.create(organization=org, year=year, last=already)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return reply_number_format(number_pattern_for(org), org, year, sequence.last)


def letter_template_check(kind_key: str, body: str, organization: Organization | None = None) -> list[str]:
    """The template *body* for *kind_key*, checked: the paragraphs it gives for the sample case.

    Raises:
        ValidationError: unknown kind, empty or too long, unknown placeholder, or wording that does not
            read right once filled in (doubled punctuation, alternatives left in).
    """
    try:
        kind = kind_for(kind_key)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError("模板不能为空。")
    if len(body) > MAX_TEMPLATE_CHARS:
        raise ValidationError(f"模板最多 {MAX_TEMPLATE_CHARS} 个字，现在 {len(body)} 个字。")
    try:
        parts = sample_parts(kind, body, organization.name if organization else "某某镇人民政府")
    except PlaceholderError as exc:
        raise ValidationError(str(exc)) from None
    problems = [p for text in parts.paragraphs for p in wording_problems(text)]
    if problems:
        raise ValidationError("模板填入后读起来不对：" + "；".join(dict.fromkeys(problems)))
    return parts.paragraphs


@transaction.atomic
def letter_template_save(*, actor, organization: Organization, kind: str, body: str) -> LetterTemplate:
    """Save the body's own template for *kind* (checked first; audited with the text before and after)."""
    core_permissions.require(actor, MANAGE, organization)
    letter_template_check(kind, body, organization)
    body = body.replace("\r\n", "\n").strip()
    template = LetterTemplate.objects.select_for_update().filter(organization=organization, kind=kind).first()
    before = {"body": template.body} if template else {"body": kind_for(kind).default, "default": True}
    if template is None:
        template = LetterTemplate(organization=organization, kind=kind)
    template.body = body
    template.updated_by = actor if getattr(actor, "pk", None) else None
    template.save()
    audit_log(
        actor=actor,
        action="applications.letter_template.save",
        obj=template,
        before=before,
        after={"kind": kind, "body": body},
        reason=str(kind_for(kind).label),
        organization=organization,
    )
    return template


@transaction.atomic
def letter_template_reset(*, actor, organization: Organization, kind: str) -> None:
    """Go back to the shipped default for *kind* (audited; nothing to do when the default is in use)."""
    core_permissions.require(actor, MANAGE, organization)
    letter_kind = kind_for(kind)
    template = LetterTemplate.objects.select_for_update().filter(organization=organization, kind=kind).first()
    if template is None:
        return
    audit_log(
        actor=actor,
        action="applications.letter_template.reset",
        obj=template,
        before={"kind": kind, "body": template.body},
        after={"kind": kind, "body": letter_kind.default, "default": True},
        reason=str(letter_kind.label),
        organization=organization,
    )
    template.delete()


@transaction.atomic
def letter_settings_save(*, actor, organization: Organization, number_pattern: str) -> LetterSettings:
    """Set the body's 文号 scheme (checked; audited). Numbers already given are not changed."""
    core_permissions.require(actor, MANAGE, organization)
    pattern = number_pattern_check(number_pattern)
    settings_row = LetterSettings.objects.select_for_update().filter(organization=organization).first()
    before = {"number_pattern": settings_row.number_pattern if settings_row else DEFAULT_NUMBER_PATTERN}
    if settings_row is None:
        settings_row = LetterSettings(organization=organization)
    settings_row.number_pattern = pattern
    settings_row.updated_by = actor if getattr(actor, "pk", None) else None
    settings_row.save()
    audit_log(
        actor=actor,
        action="applications.letter_settings.save",
        obj=settings_row,
        before=before,
        after={"number_pattern": pattern},
        organization=organization,
    )
    return settings_row

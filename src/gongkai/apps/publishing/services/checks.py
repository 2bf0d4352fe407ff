"""三审三校 before publishing, and the policy-document steps (有效性, 政策解读).

* :func:`item_prepublish_check` runs :func:`gongkai.core.prepublish.scan` over the title, the body and the
  attachments' text when an item is submitted, and keeps one :class:`ItemFinding` per finding. A finding the
  reviewer confirmed stays confirmed while the text it points at is unchanged (same fingerprint).
* :func:`item_finding_confirm` is the reviewer's (or the signing leader's) "确认无误", audited.
* :func:`require_findings_settled` refuses 审核通过 and 签发 while a finding is open.
* :func:`item_validity_change` changes a published 政策文件's 有效性 with its date and the replacing document,
  as its own audited step (a published item is never edited).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from html import unescape
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.apps.audit.services import audit_log
from gongkai.apps.organizations.permissions import require, user_can
from gongkai.core.exceptions import GongkaiError
from gongkai.core.parse.attachment import AttachmentText
from gongkai.core.parse.limits import ParseLimits
from gongkai.core.prepublish import Finding, Term, mask, scan
from gongkai.core.sandbox import attachment_text_file
from gongkai.web.files import local_copy

from ..choices import FindingStatus, ItemKind, ItemStatus, Validity
from ..models import Item, ItemFinding, SensitiveTerm
from .common import DRAFTER_CANNOT_REVIEW, _locked, _name, _now, _refresh, _require_not_drafter

__all__ = [
    "FINDINGS_OPEN",
    "attachment_limits",
    "attachment_text",
    "item_finding_confirm",
    "item_prepublish_check",
    "item_validity_change",
    "require_findings_settled",
]

FINDINGS_OPEN = (
    "该信息还有 %(n)s 项三审三校提示未处理（%(what)s），请修改后重新提交，或由审核人逐项确认无误后再%(doing)s。"
)
FINDING_NOT_OPEN = "该提示已经确认过了。"
FINDING_WRONG_STAGE = "只有待审核或待签发的信息才能确认检查提示。"
VALIDITY_NOT_POLICY = "只有已发布的政策文件才能变更有效性。"
VALIDITY_SAME = "有效性没有变化。"
VALIDITY_DATE_FUTURE = "有效性变更日期不能晚于今天。"
VALIDITY_DATE_BEFORE = "有效性变更日期不能早于该文件的发布日期。"
VALIDITY_REASON = "请填写变更理由（如依据的文件）。"
REPLACEMENT_NEEDED = "“已修改”须指明修改后的文件。"
REPLACEMENT_INVALID = "替代文件须是本机关已发布的其他政策文件。"

#: Seconds reading all of one item's attachments may take in the submit request (each runs in a limited child
#: process; what is left when the time is spent is reported as unchecked). ``GONGKAI_ATTACHMENT_CHECK_SECONDS``.
ATTACHMENT_CHECK_SECONDS = 20.0
#: Kind of the finding that says an attachment (or part of one) could not be checked.
UNCHECKED = "unchecked"
UNCHECKED_SHOWN = "（未能检查）"
OUT_OF_TIME = "{name}：检查前面的附件已用完 {limit:g} 秒，未检查该附件，请人工核对"

_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|div|br|li|tr|h[1-6]|table)\b[^>]*>", re.I)


def _html_text(html: str) -> str:
    return unescape(_TAG.sub("", _BLOCK.sub("\n", html or "")))


def attachment_limits() -> ParseLimits:
    """The hostile-file limits for attachments: those of uploaded reports (``GONGKAI_PARSE_*``, the
    ``GONGKAI_PARSE_LIMITS`` setting), with the time limit of the submit request."""
    overrides = getattr(settings, "GONGKAI_PARSE_LIMITS", None) or {}
    limits = dataclasses.replace(ParseLimits.from_env(), **overrides)
    seconds = float(getattr(settings, "GONGKAI_ATTACHMENT_CHECK_SECONDS", ATTACHMENT_CHECK_SECONDS))
    return dataclasses.replace(limits, timeout=min(limits.timeout, seconds))


def attachment_text(path: Path, name: str, limits: ParseLimits | None = None) -> AttachmentText:
    """The text of an attachment for the checks (TXT, DOCX, text PDF), read in a limited child process
    (:mod:`gongkai.core.sandbox`): a zip bomb, a 300,000,000-column table or a 5,000-page PDF costs at most the
    limits and ends as a Chinese note, never an exception."""
    try:
        return attachment_text_file(path, name, limits or attachment_limits())
    except GongkaiError as exc:
        return AttachmentText("", str(exc).replace(str(path), name))
    except OSError as exc:
        return AttachmentText("", f"{name}：已保存的文件无法打开（{exc.strerror or type(exc).__name__}），未能检查")


def _texts(item: Item) -> tuple[dict[str, str], dict[str, str]]:
    """The texts to scan by field, and the fields (attachments) that could not be checked in full, with why."""
    texts = {"标题": item.title, "正文": _html_text(item.body), "内容概述": item.summary}
    notes: dict[str, str] = {}
    limits = attachment_limits()
    deadline = time.monotonic() + limits.timeout
    for attachment in item.attachments.all():
        field = f"附件“{attachment.original_name}”"[:200]
        if not attachment.file:
            continue
        left = deadline - time.monotonic()
        if left < 1:
            notes[field] = OUT_OF_TIME.format(name=attachment.original_name, limit=limits.timeout)
            continue
        try:  # through the storage API: the local disk or an S3-compatible store alike
            with local_copy(attachment.file) as path:
                read = attachment_text(path, attachment.original_name, dataclasses.replace(limits, timeout=left))
        except OSError as exc:
            read = AttachmentText("", f"{attachment.original_name}：已保存的文件无法打开（{exc.strerror or type(exc).__name__}），未能检查")
        texts[field] = read.text
        if read.note:  # the field names the attachment already
            notes[field] = read.note.removeprefix(f"{attachment.original_name}：")
    return texts, notes


def _terms() -> list[Term]:
    return [Term(t.wrong, t.correct, t.source) for t in SensitiveTerm.objects.filter(is_active=True)]


def item_prepublish_check(item: Item) -> list[ItemFinding]:
    """Run the checks on *item* and store their findings; confirmed ones survive while unchanged.

    Called inside the submit transaction (the item row is locked by the caller).
    """
    texts, notes = _texts(item)
    found = scan(texts, _terms())
    current = {f.fingerprint: f for f in found}
    for field, note in notes.items():  # an attachment not checked (in full): the reviewer checks it by hand
        unchecked = Finding(field=field, kind=UNCHECKED, start=0, end=0, text=note, before="", after="")
        current[unchecked.fingerprint] = unchecked
    existing = {row.fingerprint: row for row in ItemFinding.objects.filter(item=item)}
    ItemFinding.objects.filter(item=item).exclude(fingerprint__in=list(current)).delete()
    rows = []
    for fingerprint, f in current.items():
        row = existing.get(fingerprint)
        if row is None and f.kind == UNCHECKED:
            row = ItemFinding.objects.create(
                item=item, fingerprint=fingerprint, field=f.field, kind=UNCHECKED, shown=UNCHECKED_SHOWN, message=f.text[:300]
            )
        elif row is None:
            personal = f.kind != "term"
            row = ItemFinding.objects.create(
                item=item,
                fingerprint=fingerprint,
                field=f.field,
                kind=f.kind,
                shown=(mask(f.text) if personal else f.text)[:120],
                before=f.before[-60:],
                after=f.after[:60],
                message=f.message[:300],
                source=f.source[:300],
            )
        rows.append(row)
    return rows


def require_findings_settled(item: Item, doing: str) -> None:
    """Refuse *doing* (审核通过 / 签发) while a 三审三校 finding of *item* is open."""
    open_rows = list(ItemFinding.objects.filter(item=item, status=FindingStatus.OPEN).order_by("id")[:50])
    if open_rows:
        what = "；".join(dict.fromkeys(f"{row.field}：{row.message}" for row in open_rows[:3]))
        if len(open_rows) > 3:
            what += " 等"
        raise ValidationError(FINDINGS_OPEN % {"n": len(open_rows), "what": what, "doing": doing})


@transaction.atomic
def item_finding_confirm(*, actor, finding: ItemFinding, comment: str = "") -> ItemFinding:
    """The reviewer (or the signing leader) confirms a finding is right to publish (确认无误), audited."""
    item = finding.item
    if not (user_can(actor, "publishing.item.review", item) or user_can(actor, "publishing.item.sign", item)):
        require(actor, "publishing.item.review", item)
    locked = _locked(item)
    if locked.status not in (ItemStatus.PENDING_REVIEW, ItemStatus.PENDING_SIGNOFF):
        raise ValidationError(FINDING_WRONG_STAGE)
    # Confirming is part of the review: never by the item's drafter (four eyes).
    _require_not_drafter(actor, locked, DRAFTER_CANNOT_REVIEW)
    row = ItemFinding.objects.select_for_update().get(pk=finding.pk)
    if row.status != FindingStatus.OPEN:
        raise ValidationError(FINDING_NOT_OPEN)
    row.status = FindingStatus.CONFIRMED
    row.confirmed_by = actor
    row.confirmed_by_name = _name(actor)
    row.confirmed_at = _now()
    row.comment = (comment or "").strip()[:300]
    row.save()
    audit_log(
        actor=actor,
        action="publishing.item.finding_confirm",
        obj=locked,
        after={"finding": row.pk, "kind": row.kind, "field": row.field, "shown": row.shown},
        reason=row.comment,
    )
    return row


@transaction.atomic
def item_validity_change(
    *,
    actor,
    item: Item,
    validity: str,
    changed_on: dt.date | None = None,
    replaced_by: Item | None = None,
    reason: str = "",
) -> Item:
    """Change the 有效性 of a published 政策文件 (有效 → 已修改 / 已废止 / 已失效 …); audited.

    ``replaced_by`` names the document that amends or replaces it (required for 已修改).
    """
    require(actor, "publishing.item.validity", item)
    locked = _locked(item)
    if locked.status != ItemStatus.PUBLISHED or locked.kind != ItemKind.POLICY:
        raise ValidationError(VALIDITY_NOT_POLICY)
    if validity not in Validity.values or validity == Validity.NOT_APPLICABLE:
        raise ValidationError({"validity": "请选择有效性。"})
    if validity == locked.validity:
        raise ValidationError({"validity": VALIDITY_SAME})
    today = timezone.localdate()
    changed_on = changed_on or today
    if changed_on > today:
        raise ValidationError({"changed_on": VALIDITY_DATE_FUTURE})
    if locked.published_on and changed_on < locked.published_on:
        raise ValidationError({"changed_on": VALIDITY_DATE_BEFORE})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": VALIDITY_REASON})
    if replaced_by is not None and (
        replaced_by.pk == locked.pk
        or replaced_by.organization_id != locked.organization_id
        or replaced_by.status != ItemStatus.PUBLISHED
        or replaced_by.kind != ItemKind.POLICY
    ):
        raise ValidationError({"replaced_by": REPLACEMENT_INVALID})
    if validity == Validity.AMENDED and replaced_by is None:
        raise ValidationError({"replaced_by": REPLACEMENT_NEEDED})
    before = {
        "validity": locked.validity,
        "validity_changed_on": locked.validity_changed_on.isoformat() if locked.validity_changed_on else None,
        "replaced_by": locked.replaced_by_id,
    }
    locked.validity = validity
    locked.validity_changed_on = changed_on
    locked.replaced_by = replaced_by
    locked.save(update_fields=["validity", "validity_changed_on", "replaced_by", "updated_at"])
    audit_log(
        actor=actor,
        action="publishing.item.validity_change",
        obj=locked,
        before=before,
        after={
            "validity": validity,
            "validity_changed_on": changed_on.isoformat(),
            "replaced_by": replaced_by and replaced_by.pk,
        },
        reason=reason,
    )
    return _refresh(item, locked)

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

import datetime as dt
import re
import zipfile
from html import unescape
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.apps.audit.services import audit_log
from gongkai.apps.organizations.permissions import require, user_can
from gongkai.core.prepublish import Term, mask, scan
from gongkai.web.files import local_copy

from ..choices import FindingStatus, ItemKind, ItemStatus, Validity
from ..models import Item, ItemFinding, SensitiveTerm
from .common import DRAFTER_CANNOT_REVIEW, _locked, _name, _now, _refresh, _require_not_drafter

__all__ = [
    "FINDINGS_OPEN",
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

#: Attachments read for the checks: at most this many characters of text each (a page of a notice is ~1,000).
ATTACHMENT_TEXT_LIMIT = 200_000
#: PDF pages read per attachment, and the largest uncompressed DOCX accepted for reading.
ATTACHMENT_PDF_PAGES = 50
ATTACHMENT_DOCX_MAX_BYTES = 50 * 1024 * 1024

_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|div|br|li|tr|h[1-6]|table)\b[^>]*>", re.I)


def _html_text(html: str) -> str:
    return unescape(_TAG.sub("", _BLOCK.sub("\n", html or "")))


def attachment_text(path: Path, name: str) -> str:
    """The text of an attachment for the checks (TXT, DOCX, text PDF); ``""`` for other or unreadable files."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix in {".txt", ".csv"}:
            return path.read_bytes()[: ATTACHMENT_TEXT_LIMIT * 3].decode("utf-8", errors="replace")
        if suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                if sum(info.file_size for info in archive.infolist()) > ATTACHMENT_DOCX_MAX_BYTES:
                    return ""
            import docx

            document = docx.Document(str(path))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    parts.append(" ".join(cell.text for cell in row.cells))
            return "\n".join(parts)[:ATTACHMENT_TEXT_LIMIT]
        if suffix == ".pdf":
            import pypdfium2

            pdf = pypdfium2.PdfDocument(str(path))
            try:
                pages = []
                for index in range(min(len(pdf), ATTACHMENT_PDF_PAGES)):
                    page = pdf[index]
                    pages.append(page.get_textpage().get_text_range())
                return "\n".join(pages)[:ATTACHMENT_TEXT_LIMIT]
            finally:
                pdf.close()
    except Exception:  # an unreadable attachment is not a finding; its type was checked on upload
        return ""
    return ""


def _texts(item: Item) -> dict[str, str]:
    texts = {"标题": item.title, "正文": _html_text(item.body), "内容概述": item.summary}
    for attachment in item.attachments.all():
        if not attachment.file:
            continue
        try:  # through the storage API: the local disk or an S3-compatible store alike
            with local_copy(attachment.file) as path:
                text = attachment_text(path, attachment.original_name)
        except OSError:  # a stored file gone missing is not a finding
            continue
        texts[f"附件“{attachment.original_name}”"[:200]] = text
    return texts


def _terms() -> list[Term]:
    return [Term(t.wrong, t.correct, t.source) for t in SensitiveTerm.objects.filter(is_active=True)]


def item_prepublish_check(item: Item) -> list[ItemFinding]:
    """Run the checks on *item* and store their findings; confirmed ones survive while unchanged.

    Called inside the submit transaction (the item row is locked by the caller).
    """
    found = scan(_texts(item), _terms())
    current = {f.fingerprint: f for f in found}
    existing = {row.fingerprint: row for row in ItemFinding.objects.filter(item=item)}
    ItemFinding.objects.filter(item=item).exclude(fingerprint__in=list(current)).delete()
    rows = []
    for fingerprint, f in current.items():
        row = existing.get(fingerprint)
        if row is None:
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

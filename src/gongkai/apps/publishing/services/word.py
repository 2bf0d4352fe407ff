"""导入 Word: a .docx file becomes a draft's 正文, and the images and files embedded in it its 附件.

Two steps, so that no database transaction waits on a file being read: :func:`word_document_read` converts the
upload in a limited child process (:func:`gongkai.core.wordimport.import_docx`: zip bombs, huge tables and
endless parses are refused with one Chinese line), then :func:`item_body_from_word` writes the body and the
attachments in one atomic, audited step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction

from gongkai.apps.audit.services import audit_log
from gongkai.apps.organizations.permissions import require
from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.wordimport import WordDocument, import_docx

from .. import constants
from ..choices import ItemStatus
from ..models import Attachment, Item
from ..sanitize import sanitize_body
from .attachments import _max_bytes, attachment_add
from .common import _expect_status, _locked

WORD_NOT_DOCX = "请上传 Word 文档（.docx）。旧版 .doc 文件请先在 Word 或 WPS 中“另存为” .docx。"
WORD_TOO_LARGE = "Word 文件“%(name)s”超过大小上限（%(limit)s MB）。"
WORD_EMPTY = "Word 文件“%(name)s”中没有可导入的正文。"


@dataclass
class WordImport:
    """What an import did: the attachments it added and the embedded files it left out (with the reason)."""

    attachments: list[Attachment] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def word_document_read(*, upload: UploadedFile) -> WordDocument:
    """Convert an uploaded .docx (nothing is written).

    Raises:
        ValidationError: on field ``word_file``: not a .docx, too large, empty, or refused by the limits
            of :mod:`gongkai.core.parse.limits` / :mod:`gongkai.core.sandbox` (one Chinese line).
    """
    name = (upload.name or "Word 文件")[-200:]
    if not name.lower().endswith(".docx"):
        raise ValidationError({"word_file": WORD_NOT_DOCX})
    limit = _max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError({"word_file": WORD_TOO_LARGE % {"name": name, "limit": limit // (1024 * 1024)}})
    upload.seek(0)
    data = upload.read(limit + 1)
    try:
        document = import_docx(data, name)
    except UnreadableInputError as exc:
        raise ValidationError({"word_file": str(exc)}) from None
    if not sanitize_body(document.html) and not document.files:
        raise ValidationError({"word_file": WORD_EMPTY % {"name": name}})
    return document


@transaction.atomic
def item_body_from_word(*, actor, item: Item, document: WordDocument, file_name: str) -> WordImport:
    """Replace a draft's 正文 with *document*'s (sanitized) and attach the files embedded in it.

    Needs ``publishing.item.edit`` and status 草稿. Embedded files whose type the platform does not take as
    an attachment (Windows metafiles, OLE packages) are left out and named in ``skipped``.
    """
    require(actor, "publishing.item.edit", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.DRAFT, doing="导入 Word 正文")
    before = {"body_length": len(locked.body)}
    locked.body = sanitize_body(document.html)
    locked.save(update_fields=["body", "updated_at"])
    result = WordImport(counts=dict(document.counts))
    for embedded in document.files:
        ext = embedded.name.rsplit(".", 1)[-1].lower() if "." in embedded.name else ""
        if ext not in constants.ATTACHMENT_TYPES:
            result.skipped.append(f"{embedded.name}（{ext or '未知'} 格式不能作为附件）")
            continue
        upload = SimpleUploadedFile(embedded.name, embedded.data, content_type=embedded.content_type)
        try:
            result.attachments.append(attachment_add(actor=actor, item=locked, upload=upload))
        except ValidationError as exc:
            result.skipped.append(f"{embedded.name}（{'；'.join(exc.messages)}）")
    audit_log(
        actor=actor,
        action="publishing.item.import_word",
        obj=locked,
        before=before,
        after={
            "file": file_name[-200:],
            "body_length": len(locked.body),
            "attachments": [a.original_name for a in result.attachments],
            "skipped": result.skipped,
            **{k: v for k, v in document.counts.items() if v},
        },
        organization=locked.organization,
    )
    if item is not locked:
        item.refresh_from_db()
    return result

"""Attachments and distributions of items to channels."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.apps.organizations.permissions import require

from .. import constants
from ..choices import ItemStatus
from ..models import Attachment, Channel, Distribution, Item
from .common import (
    ATTACHMENT_BAD_TYPE,
    ATTACHMENT_EMPTY,
    ATTACHMENT_MISMATCH,
    ATTACHMENT_TOO_LARGE,
    CHANNEL_OTHER_ORG,
    _expect_status,
    _locked,
    _now,
)

# ------------------------------------------------------------------------------- attachments, channels


def _max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_ATTACHMENT_MAX_BYTES", constants.ATTACHMENT_MAX_BYTES))


def _check_upload(upload: UploadedFile) -> str:
    name = upload.name or "附件"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in constants.ATTACHMENT_TYPES:
        allowed = "、".join(sorted(constants.ATTACHMENT_TYPES))
        raise ValidationError({"file": ATTACHMENT_BAD_TYPE % {"ext": ext or "无", "allowed": allowed}})
    limit = _max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError({"file": ATTACHMENT_TOO_LARGE % {"name": name, "limit": limit // (1024 * 1024)}})
    if not upload.size:
        raise ValidationError({"file": ATTACHMENT_EMPTY % {"name": name}})
    magics = constants.ATTACHMENT_TYPES[ext]
    if magics is not None:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(m) for m in magics):
            raise ValidationError({"file": ATTACHMENT_MISMATCH % {"name": name, "ext": ext}})
    return ext


@transaction.atomic
def attachment_add(*, actor, item: Item, upload: UploadedFile) -> Attachment:
    """Attach a file to a draft after checking its type (extension and leading bytes) and size."""
    require(actor, "publishing.item.edit", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.DRAFT, doing="添加附件")
    ext = _check_upload(upload)
    content_type = getattr(upload, "content_type", "") or f"application/{ext}"
    attachment = Attachment(
        item=locked,
        original_name=(upload.name or "附件")[-200:],
        size=upload.size,
        content_type=content_type[:100],
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    audit_log(
        actor=actor,
        action="publishing.attachment.add",
        obj=attachment,
        after=snapshot(attachment),
        organization=locked.organization,
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    """Remove an attachment from a draft (the stored file is deleted after commit)."""
    item = attachment.item
    require(actor, "publishing.item.edit", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.DRAFT, doing="删除附件")
    audit_log(
        actor=actor,
        action="publishing.attachment.remove",
        obj=attachment,
        before=snapshot(attachment),
        organization=locked.organization,
    )
    file = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.storage.delete(file.name) if file.name else None)


@transaction.atomic
def distribution_record(
    *,
    actor,
    item: Item,
    channel: Channel,
    published_at: dt.datetime | None = None,
    url: str = "",
    note: str = "",
) -> Distribution:
    """Record that a published item also went out on *channel* (where and when); needs ``record_channel``."""
    require(actor, "publishing.item.record_channel", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.PUBLISHED, doing="登记发布渠道")
    if channel.organization_id != locked.organization_id:
        raise ValidationError({"channel": CHANNEL_OTHER_ORG})
    published_at = published_at or _now()
    if published_at > _now():
        raise ValidationError({"published_at": "发布时间不能晚于现在。"})
    distribution = Distribution.objects.filter(item=locked, channel=channel).first() or Distribution(
        item=locked, channel=channel
    )
    distribution.published_at = published_at
    distribution.url = (url or "").strip()
    distribution.note = (note or "").strip()
    distribution.recorded_by = actor
    distribution.full_clean()
    distribution.save()
    audit_log(
        actor=actor,
        action="publishing.distribution.record",
        obj=distribution,
        after=snapshot(distribution),
        organization=locked.organization,
    )
    return distribution

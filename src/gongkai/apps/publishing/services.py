"""Writes of proactive disclosure (主动公开). One atomic, audited function per workflow step.

Each workflow step checks, in this order: permission (``gongkai.apps.organizations.permissions``), then
the item's current status (read under a row lock), then writes the change, the review record and the
audit row. Errors carry Chinese messages: :class:`PermissionDeniedError` and :class:`WorkflowError` /
``ValidationError``; views show them as they are.

Workflow (条例第十七条 保密审查, then 签发)::

    草稿 --submit--> 待审核 --review_approve--> 待签发 --sign--> 已发布 --withdraw--> 已撤回
      ^                 |                          |                                     |
      +--review_return--+----------sign_return-----+                 revise (back to 草稿)+
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import require

from . import constants
from .choices import CatalogueKind, ChannelKind, ItemStatus, ReviewStage, ReviewStatus, Validity
from .deadlines import publication_due
from .models import Attachment, CatalogueNode, Channel, Distribution, IndexSequence, Item, Review
from .sanitize import sanitize_body

__all__ = [
    "WorkflowError",
    "attachment_add",
    "attachment_remove",
    "catalogue_node_create",
    "catalogue_node_delete",
    "catalogue_node_update",
    "catalogue_seed_township",
    "channel_create",
    "channel_portal",
    "distribution_record",
    "item_create",
    "item_import_published",
    "item_review_approve",
    "item_review_return",
    "item_revise",
    "item_sign",
    "item_sign_return",
    "item_submit",
    "item_update",
    "item_withdraw",
]

COMMENT_REQUIRED = "退回时请填写修改意见。"
REASON_REQUIRED = "撤回时请填写撤回理由。"
CATEGORY_OTHER_ORG = "所选栏目不属于本机关。"
CATEGORY_HAS_CONTENT = "该栏目下还有子栏目或公开信息，不能删除。"
CATEGORY_PARENT_CYCLE = "上级栏目不能是本栏目或其下级栏目。"
PUBLISHED_ON_FUTURE = "发布日期不能晚于今天。"
PUBLISHED_ON_BEFORE_FORMED = "发布日期不能早于信息形成日期。"
CHANNEL_OTHER_ORG = "所选渠道不属于本机关。"
CHANNEL_REQUIRED = "请至少选择一个发布渠道。"
ATTACHMENT_BAD_TYPE = "不支持的附件类型“%(ext)s”。可上传：%(allowed)s。"
ATTACHMENT_TOO_LARGE = "附件“%(name)s”超过大小上限（%(limit)s MB）。"
ATTACHMENT_EMPTY = "附件“%(name)s”是空文件。"
ATTACHMENT_MISMATCH = "附件“%(name)s”的内容与扩展名“%(ext)s”不符。"
TITLE_REQUIRED = "请填写标题。"


class WorkflowError(ValidationError):
    """A workflow step is not allowed in the item's current status (Chinese message)."""


# --------------------------------------------------------------------------------------------- helpers


def _now() -> dt.datetime:
    return timezone.now()


def _locked(item: Item) -> Item:
    return Item.objects.select_for_update().select_related("organization").get(pk=item.pk)


def _expect_status(item: Item, *allowed: str, doing: str) -> None:
    if item.status not in allowed:
        label = ItemStatus(item.status).label
        raise WorkflowError(f"该信息当前状态为“{label}”，不能{doing}。")


def _refresh(original: Item, fresh: Item) -> Item:
    """Copy the fresh state into the caller's instance so it sees the change."""
    if original is not fresh:
        original.refresh_from_db()
    return fresh


def _open_review(item: Item) -> Review | None:
    return Review.objects.select_for_update().filter(item=item, status=ReviewStatus.OPEN).first()


def _close_review(item: Item, *, stage: str, status: str, actor, comment: str) -> None:
    review = _open_review(item)
    if review is None or review.stage != stage:
        # Defensive: a status without its open review means the data was changed outside the services.
        raise WorkflowError("未找到待处理的审核记录，请刷新后重试。")
    review.status = status
    review.decided_by = actor
    review.decided_by_name = _name(actor)
    review.decided_at = _now()
    review.comment = comment
    review.save(update_fields=["status", "decided_by", "decided_by_name", "decided_at", "comment"])


def _name(actor) -> str:
    if actor is None:
        return "系统"
    return actor.get_full_name() or actor.get_username()


def _validate_category(organization: Organization, category: CatalogueNode) -> None:
    if category is None or category.organization_id != organization.pk:
        raise ValidationError({"category": CATEGORY_OTHER_ORG})


def _next_index(organization: Organization, year: int) -> tuple[str, int]:
    """Reserve the next 索引号 sequence for (organization, year); the row lock serialises concurrent callers."""
    try:
        with transaction.atomic():
            IndexSequence.objects.get_or_create(organization=organization, year=year)
    except IntegrityError:  # a concurrent transaction created the row first
        pass
    seq = IndexSequence.objects.select_for_update().get(organization=organization, year=year)
    IndexSequence.objects.filter(pk=seq.pk).update(last_value=F("last_value") + 1)
    seq.refresh_from_db(fields=["last_value"])
    number = seq.last_value
    return f"{organization.index_prefix}/{year}-{number:05d}", number


ITEM_FIELDS = (
    "title",
    "document_number",
    "publisher",
    "written_on",
    "formed_on",
    "category",
    "topic",
    "validity",
    "summary",
    "body",
)


def _clean_item(item: Item) -> None:
    item.title = (item.title or "").strip()
    if not item.title:
        raise ValidationError({"title": TITLE_REQUIRED})
    item.body = sanitize_body(item.body)
    if item.validity not in Validity.values:
        raise ValidationError({"validity": "无效的有效性取值。"})
    item.publish_due = publication_due(item.formed_on)
    item.full_clean(exclude=["index_number", "index_year", "index_sequence"])


# ------------------------------------------------------------------------------------------ catalogue


@transaction.atomic
def catalogue_node_create(
    *,
    actor,
    organization: Organization,
    name: str,
    parent: CatalogueNode | None = None,
    kind: str = CatalogueKind.LOCAL,
    code: str = "",
    basis: str = "",
    description: str = "",
    sort_order: int = 0,
) -> CatalogueNode:
    """Add a catalogue column (栏目); needs ``publishing.catalogue.manage``."""
    if actor is not None:
        require(actor, "publishing.catalogue.manage", organization)
    if parent is not None and parent.organization_id != organization.pk:
        raise ValidationError({"parent": CATEGORY_OTHER_ORG})
    node = CatalogueNode(
        organization=organization,
        parent=parent,
        name=(name or "").strip(),
        kind=kind,
        code=code,
        basis=basis,
        description=description,
        sort_order=sort_order,
    )
    node.full_clean()
    node.save()
    audit_log(
        actor=actor, action="publishing.catalogue.create", obj=node, after=snapshot(node), organization=organization
    )
    return node


@transaction.atomic
def catalogue_node_update(*, actor, node: CatalogueNode, **fields) -> CatalogueNode:
    """Rename, move or describe a column; needs ``publishing.catalogue.manage``."""
    organization = node.organization
    if actor is not None:
        require(actor, "publishing.catalogue.manage", organization)
    node = CatalogueNode.objects.select_for_update().get(pk=node.pk)
    before = snapshot(node)
    allowed = {"name", "parent", "basis", "description", "sort_order", "is_active"}
    if set(fields) - allowed:
        msg = f"unknown catalogue fields: {sorted(set(fields) - allowed)}"
        raise TypeError(msg)
    if "parent" in fields and fields["parent"] is not None:
        parent = fields["parent"]
        if parent.organization_id != organization.pk:
            raise ValidationError({"parent": CATEGORY_OTHER_ORG})
        cursor = parent
        while cursor is not None:
            if cursor.pk == node.pk:
                raise ValidationError({"parent": CATEGORY_PARENT_CYCLE})
            cursor = cursor.parent
    for key, value in fields.items():
        setattr(node, key, value.strip() if isinstance(value, str) else value)
    node.full_clean()
    node.save()
    audit_log(
        actor=actor,
        action="publishing.catalogue.update",
        obj=node,
        before=before,
        after=snapshot(node),
        organization=organization,
    )
    return node


@transaction.atomic
def catalogue_node_delete(*, actor, node: CatalogueNode) -> None:
    """Delete an empty column (no children, no items); needs ``publishing.catalogue.manage``."""
    organization = node.organization
    if actor is not None:
        require(actor, "publishing.catalogue.manage", organization)
    if node.children.exists() or node.items.exists():
        raise ValidationError(CATEGORY_HAS_CONTENT)
    audit_log(
        actor=actor, action="publishing.catalogue.delete", obj=node, before=snapshot(node), organization=organization
    )
    node.delete()


@transaction.atomic
def catalogue_seed_township(*, actor, organization: Organization) -> int:
    """Seed a township's catalogue with the standard columns; existing codes are kept. Returns rows added.

    Columns: the seed report's four (概况信息, 综合管理信息, 政策文件及解读, 村居信息), 条例第二十条 （一）–（十五）,
    第二十一条's township list, and the recommended 基层政务公开 areas (law-and-formats.md §6.1).
    """
    if actor is not None:
        require(actor, "publishing.catalogue.manage", organization)
    existing = set(CatalogueNode.objects.filter(organization=organization).values_list("code", flat=True))
    added = 0

    def add(code: str, name: str, *, parent=None, kind=CatalogueKind.LOCAL, basis: str = "", order: int = 0):
        nonlocal added
        if code in existing:
            return CatalogueNode.objects.get(organization=organization, code=code)
        node = CatalogueNode.objects.create(
            organization=organization, parent=parent, name=name, kind=kind, code=code, basis=basis, sort_order=order
        )
        added += 1
        return node

    for order, (code, name) in enumerate(constants.LOCAL_CATEGORIES, start=1):
        add(code, name, order=order)
    code, name = constants.ARTICLE_20_ROOT
    root = add(code, name, kind=CatalogueKind.ARTICLE_20, basis="条例第二十条", order=10)
    for i, title in enumerate(constants.ARTICLE_20_ITEMS, start=1):
        numeral = constants.CHINESE_NUMERALS[i - 1]
        add(
            f"art20.{i}",
            title,
            parent=root,
            kind=CatalogueKind.ARTICLE_20,
            basis=f"条例第二十条第（{numeral}）项",
            order=i,
        )
    code, name = constants.ARTICLE_21_ROOT
    root = add(code, name, kind=CatalogueKind.ARTICLE_21, basis="条例第二十一条", order=20)
    for i, title in enumerate(constants.ARTICLE_21_TOWNSHIP_ITEMS, start=1):
        add(f"art21.{i}", title, parent=root, kind=CatalogueKind.ARTICLE_21, basis="条例第二十一条", order=i)
    code, name = constants.AREAS_ROOT
    root = add(code, name, kind=CatalogueKind.GRASSROOTS_AREA, basis="国办发〔2019〕54号", order=30)
    for i, title in enumerate(constants.TOWNSHIP_AREAS, start=1):
        add(f"area.{i}", title, parent=root, kind=CatalogueKind.GRASSROOTS_AREA, basis="基层政务公开标准目录", order=i)
    channel_portal(organization)
    if added:
        audit_log(
            actor=actor,
            action="publishing.catalogue.seed",
            obj=organization,
            after={"added": added},
            organization=organization,
        )
    return added


# ------------------------------------------------------------------------------------------- channels


def channel_portal(organization: Organization) -> Channel:
    """The organization's portal channel (政府网站), created on first use."""
    channel = Channel.objects.filter(organization=organization, kind=ChannelKind.PORTAL).first()
    if channel is None:
        try:
            with transaction.atomic():
                channel = Channel.objects.create(organization=organization, kind=ChannelKind.PORTAL, name="政府网站")
        except IntegrityError:
            channel = Channel.objects.get(organization=organization, kind=ChannelKind.PORTAL)
    return channel


@transaction.atomic
def channel_create(*, actor, organization: Organization, kind: str, name: str) -> Channel:
    """Register a channel (e.g. the WeChat account “文明思礼”); needs ``publishing.catalogue.manage``."""
    if actor is not None:
        require(actor, "publishing.catalogue.manage", organization)
    if kind == ChannelKind.PORTAL and Channel.objects.filter(organization=organization, kind=kind).exists():
        raise ValidationError({"kind": "本机关已有政府网站渠道。"})
    channel = Channel(organization=organization, kind=kind, name=(name or "").strip())
    channel.full_clean()
    channel.save()
    audit_log(actor=actor, action="publishing.channel.create", obj=channel, after=snapshot(channel))
    return channel


# ---------------------------------------------------------------------------------------------- items


@transaction.atomic
def item_create(
    *,
    actor,
    organization: Organization,
    title: str,
    category: CatalogueNode,
    formed_on: dt.date | None = None,
    written_on: dt.date | None = None,
    document_number: str = "",
    publisher: str = "",
    topic: str = "",
    validity: str = "",
    summary: str = "",
    body: str = "",
) -> Item:
    """Create a draft (草稿) with a new 索引号; needs ``publishing.item.create``.

    ``formed_on`` (the 第二十六条 start) defaults to ``written_on``, else today. The 索引号 is
    ``<prefix>/<year>-<sequence>`` with the year of ``formed_on``; it never changes afterwards.
    """
    if actor is not None:
        require(actor, "publishing.item.create", organization)
    _validate_category(organization, category)
    formed_on = formed_on or written_on or timezone.localdate()
    item = Item(
        organization=organization,
        title=title,
        category=category,
        formed_on=formed_on,
        written_on=written_on,
        document_number=(document_number or "").strip(),
        publisher=(publisher or "").strip() or organization.name,
        topic=(topic or "").strip(),
        validity=validity or "",
        summary=(summary or "").strip(),
        body=body,
        created_by=actor,
        index_year=formed_on.year,
        index_sequence=0,
        index_number="-",
    )
    _clean_item(item)
    item.index_number, item.index_sequence = _next_index(organization, formed_on.year)
    item.save()
    audit_log(actor=actor, action="publishing.item.create", obj=item, after=snapshot(item))
    return item


@transaction.atomic
def item_update(*, actor, item: Item, **fields) -> Item:
    """Edit a draft; needs ``publishing.item.edit`` and status 草稿."""
    if actor is not None:
        require(actor, "publishing.item.edit", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.DRAFT, doing="修改")
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        msg = f"unknown item fields: {sorted(unknown)}"
        raise TypeError(msg)
    if "category" in fields:
        _validate_category(locked.organization, fields["category"])
    before = snapshot(locked)
    for key, value in fields.items():
        setattr(locked, key, value.strip() if isinstance(value, str) and key != "body" else value)
    if not locked.publisher:
        locked.publisher = locked.organization.name
    _clean_item(locked)
    locked.save()
    audit_log(actor=actor, action="publishing.item.update", obj=locked, before=before, after=snapshot(locked))
    return _refresh(item, locked)


@transaction.atomic
def item_submit(*, actor, item: Item, comment: str = "") -> Item:
    """草稿 → 待审核: send a draft to 保密审查; needs ``publishing.item.submit``."""
    require(actor, "publishing.item.submit", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.DRAFT, doing="提交审核")
    Review.objects.create(
        item=locked, stage=ReviewStage.CONFIDENTIALITY, submitted_by=actor, submitted_at=_now(), comment=""
    )
    locked.status = ItemStatus.PENDING_REVIEW
    locked.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="publishing.item.submit",
        obj=locked,
        before={"status": ItemStatus.DRAFT},
        after={"status": locked.status},
        reason=comment,
    )
    return _refresh(item, locked)


@transaction.atomic
def item_review_approve(*, actor, item: Item, comment: str = "") -> Item:
    """待审核 → 待签发: the 审核人 passes the 保密审查 (条例第十七条); needs ``publishing.item.review``."""
    require(actor, "publishing.item.review", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.PENDING_REVIEW, doing="审核通过")
    _close_review(locked, stage=ReviewStage.CONFIDENTIALITY, status=ReviewStatus.APPROVED, actor=actor, comment=comment)
    Review.objects.create(item=locked, stage=ReviewStage.SIGNOFF, submitted_by=actor, submitted_at=_now())
    locked.status = ItemStatus.PENDING_SIGNOFF
    locked.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="publishing.item.review_approve",
        obj=locked,
        before={"status": ItemStatus.PENDING_REVIEW},
        after={"status": locked.status},
        reason=comment,
    )
    return _refresh(item, locked)


def _return_to_draft(*, actor, item: Item, comment: str, permission: str, status: str, stage: str, action: str) -> Item:
    """Send an item back to 草稿 from the review *stage* it waits in, with the required comments (退回修改)."""
    require(actor, permission, item)
    comment = (comment or "").strip()
    locked = _locked(item)
    _expect_status(locked, status, doing="退回")
    if not comment:
        raise ValidationError({"comment": COMMENT_REQUIRED})
    _close_review(locked, stage=stage, status=ReviewStatus.RETURNED, actor=actor, comment=comment)
    locked.status = ItemStatus.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action=action,
        obj=locked,
        before={"status": status},
        after={"status": locked.status},
        reason=comment,
    )
    return _refresh(item, locked)


@transaction.atomic
def item_review_return(*, actor, item: Item, comment: str) -> Item:
    """待审核 → 草稿 with the reviewer's comments; needs ``publishing.item.review``."""
    return _return_to_draft(
        actor=actor,
        item=item,
        comment=comment,
        permission="publishing.item.review",
        status=ItemStatus.PENDING_REVIEW,
        stage=ReviewStage.CONFIDENTIALITY,
        action="publishing.item.review_return",
    )


def _channels_for(organization: Organization, channels: Iterable[Channel] | None) -> list[Channel]:
    if channels is None:
        return [channel_portal(organization)]
    result = list(channels)
    if not result:
        raise ValidationError({"channels": CHANNEL_REQUIRED})
    for channel in result:
        if channel.organization_id != organization.pk:
            raise ValidationError({"channels": CHANNEL_OTHER_ORG})
    return result


@transaction.atomic
def item_sign(
    *,
    actor,
    item: Item,
    comment: str = "",
    published_on: dt.date | None = None,
    channels: Iterable[Channel] | None = None,
) -> Item:
    """待签发 → 已发布: the 领导 signs (签发) and the item is published; needs ``publishing.item.sign``.

    Records a distribution on each of *channels* (default: the portal). ``published_on`` defaults to today
    and may not lie in the future or before the information was formed.
    """
    require(actor, "publishing.item.sign", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.PENDING_SIGNOFF, doing="签发")
    today = timezone.localdate()
    published_on = published_on or today
    if published_on > today:
        raise ValidationError({"published_on": PUBLISHED_ON_FUTURE})
    if published_on < locked.formed_on:
        raise ValidationError({"published_on": PUBLISHED_ON_BEFORE_FORMED})
    channel_list = _channels_for(locked.organization, channels)
    _close_review(locked, stage=ReviewStage.SIGNOFF, status=ReviewStatus.APPROVED, actor=actor, comment=comment)
    before = snapshot(locked, ["status", "published_on", "published_at"])
    now = _now()
    locked.status = ItemStatus.PUBLISHED
    locked.published_on = published_on
    locked.published_at = now
    locked.signed_by = actor
    locked.withdrawn_at = None
    locked.withdraw_reason = ""
    locked.save()
    for channel in channel_list:
        Distribution.objects.update_or_create(
            item=locked, channel=channel, defaults={"published_at": now, "recorded_by": actor}
        )
    audit_log(
        actor=actor,
        action="publishing.item.publish",
        obj=locked,
        before=before,
        after={
            **snapshot(locked, ["status", "published_on", "published_at"]),
            "channels": [c.name for c in channel_list],
        },
        reason=comment,
    )
    return _refresh(item, locked)


@transaction.atomic
def item_sign_return(*, actor, item: Item, comment: str) -> Item:
    """待签发 → 草稿 with the leader's comments; needs ``publishing.item.sign``."""
    return _return_to_draft(
        actor=actor,
        item=item,
        comment=comment,
        permission="publishing.item.sign",
        status=ItemStatus.PENDING_SIGNOFF,
        stage=ReviewStage.SIGNOFF,
        action="publishing.item.sign_return",
    )


@transaction.atomic
def item_withdraw(*, actor, item: Item, reason: str) -> Item:
    """已发布 → 已撤回 (撤回) with a reason; needs ``publishing.item.withdraw``. The portal stops showing it."""
    require(actor, "publishing.item.withdraw", item)
    reason = (reason or "").strip()
    locked = _locked(item)
    _expect_status(locked, ItemStatus.PUBLISHED, doing="撤回")
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    locked.status = ItemStatus.WITHDRAWN
    locked.withdrawn_at = _now()
    locked.withdraw_reason = reason
    locked.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    audit_log(
        actor=actor,
        action="publishing.item.withdraw",
        obj=locked,
        before={"status": ItemStatus.PUBLISHED},
        after={"status": locked.status},
        reason=reason,
    )
    return _refresh(item, locked)


@transaction.atomic
def item_revise(*, actor, item: Item, formed_on: dt.date | None = None) -> Item:
    """已撤回 → 草稿 to correct and publish again; needs ``publishing.item.edit``.

    The correction is a change of the information (变更), so the 第二十六条 clock restarts at *formed_on*
    (default today).
    """
    require(actor, "publishing.item.edit", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.WITHDRAWN, doing="重新编辑")
    before = snapshot(locked, ["status", "formed_on", "publish_due"])
    locked.status = ItemStatus.DRAFT
    locked.formed_on = formed_on or timezone.localdate()
    locked.publish_due = publication_due(locked.formed_on)
    locked.save(update_fields=["status", "formed_on", "publish_due", "updated_at"])
    audit_log(
        actor=actor,
        action="publishing.item.revise",
        obj=locked,
        before=before,
        after=snapshot(locked, ["status", "formed_on", "publish_due"]),
    )
    return _refresh(item, locked)


@transaction.atomic
def item_import_published(
    *,
    actor,
    organization: Organization,
    title: str,
    category: CatalogueNode,
    published_on: dt.date,
    formed_on: dt.date | None = None,
    channels: Iterable[Channel] | None = None,
    reason: str = "历史信息导入",
    **fields,
) -> Item:
    """Record information that was already published outside the platform (历史信息导入), in one step.

    For migrating a body's earlier website and WeChat records. Needs ``organization.manage`` (管理员),
    is audited as ``publishing.item.import`` and skips the review steps, which happened outside.
    """
    if actor is not None:
        require(actor, "organization.manage", organization)
    _validate_category(organization, category)
    formed_on = formed_on or fields.get("written_on") or published_on
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        msg = f"unknown item fields: {sorted(unknown)}"
        raise TypeError(msg)
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": PUBLISHED_ON_FUTURE})
    if published_on < formed_on:
        raise ValidationError({"published_on": PUBLISHED_ON_BEFORE_FORMED})
    publisher = fields.pop("publisher", "") or organization.name
    item = Item(
        organization=organization,
        title=title,
        category=category,
        formed_on=formed_on,
        publisher=publisher,
        status=ItemStatus.PUBLISHED,
        published_on=published_on,
        published_at=timezone.make_aware(dt.datetime.combine(published_on, dt.time(9, 0))),
        created_by=actor,
        signed_by=actor,
        index_year=formed_on.year,
        index_sequence=0,
        index_number="-",
        **fields,
    )
    _clean_item(item)
    item.index_number, item.index_sequence = _next_index(organization, formed_on.year)
    item.save()
    for channel in _channels_for(organization, channels):
        Distribution.objects.create(item=item, channel=channel, published_at=item.published_at, recorded_by=actor)
    audit_log(actor=actor, action="publishing.item.import", obj=item, after=snapshot(item), reason=reason)
    return item


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

"""Shared pieces of the publishing services: messages, locking, status checks, 索引号 allocation."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.apps.organizations.models import Organization

from ..choices import ItemKind, ItemStatus, ReviewStatus, Validity
from ..deadlines import publication_due
from ..models import CatalogueNode, IndexSequence, Item, Review
from ..sanitize import sanitize_body

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
DRAFTER_CANNOT_REVIEW = "您起草或修改过该信息，不能对其进行保密审查，请由其他审核人办理（四眼原则）。"
DRAFTER_CANNOT_SIGN = "您起草或修改过该信息，不能签发，请由其他领导办理（四眼原则）。"
INTERPRETS_NEEDS_KIND = "只有“政策解读”类信息才能关联所解读的政策文件。"
INTERPRETS_INVALID = "所解读的文件须是本机关的政策文件。"


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
    return index_number_for(organization.index_prefix, year, number), number


#: The default 索引号 scheme (国办秘函〔2009〕6号): 统一社会信用代码 or 组织机构代码 + "/" + year + "-" + 5-digit serial.
DEFAULT_INDEX_PATTERN = "{code}/{year}-{seq:05d}"
INDEX_PATTERN_INVALID = (
    "索引号格式 GONGKAI_INDEX_PATTERN 无效：须包含 {code}、{year} 和 {seq}，例如 {code}/{year}-{seq:05d}。"
)


def index_number_for(code: str, year: int, seq: int, pattern: str | None = None) -> str:
    """The 索引号 of serial *seq* of *year* for a body whose prefix is *code*, in the deployment's pattern.

    The pattern (setting ``GONGKAI_INDEX_PATTERN``; provinces differ) uses ``{code}``, ``{year}`` and ``{seq}``
    with Python format specs, e.g. ``{code}-{year}-{seq:06d}``. It applies to new items only: a 索引号 once
    given never changes.
    """
    pattern = pattern or getattr(settings, "GONGKAI_INDEX_PATTERN", "") or DEFAULT_INDEX_PATTERN
    if not all(f"{{{name}" in pattern for name in ("code", "year", "seq")):
        raise ImproperlyConfigured(INDEX_PATTERN_INVALID)
    try:
        return pattern.format(code=code, year=year, seq=seq)
    except (KeyError, ValueError, IndexError) as exc:
        raise ImproperlyConfigured(INDEX_PATTERN_INVALID) from exc


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
    "kind",
    "keywords",
    "interprets",
)


def _clean_item(item: Item) -> None:
    item.title = (item.title or "").strip()
    if not item.title:
        raise ValidationError({"title": TITLE_REQUIRED})
    item.body = sanitize_body(item.body)
    if item.validity not in Validity.values:
        raise ValidationError({"validity": "无效的有效性取值。"})
    if item.kind not in ItemKind.values:
        raise ValidationError({"kind": "无效的信息类型。"})
    if item.kind == ItemKind.POLICY and not item.validity:
        item.validity = Validity.VALID  # a 政策文件 always states its 有效性 (政府透明度 indices check it)
    if item.interprets_id is not None:
        target = item.interprets
        if item.kind != ItemKind.INTERPRETATION:
            raise ValidationError({"interprets": INTERPRETS_NEEDS_KIND})
        if target.organization_id != item.organization_id or target.kind != ItemKind.POLICY or target.pk == item.pk:
            raise ValidationError({"interprets": INTERPRETS_INVALID})
    item.publish_due = publication_due(item.formed_on)
    item.full_clean(exclude=["index_number", "index_year", "index_sequence"])


def _require_not_drafter(actor, item: Item, message: str) -> None:
    """The four-eyes rule: whoever drafted *item* neither reviews nor signs it, whatever roles he holds."""
    from gongkai.apps.organizations.permissions import require_other_person

    from ..selectors import item_author_ids

    require_other_person(actor, item_author_ids(item), message)

"""Models of proactive disclosure (主动公开): catalogue, items, reviews, attachments, channels."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    CatalogueKind,
    ChannelKind,
    FindingStatus,
    ItemKind,
    ItemStatus,
    ReviewStage,
    ReviewStatus,
    Validity,
)

__all__ = [
    "Attachment",
    "CatalogueNode",
    "Channel",
    "Distribution",
    "IndexSequence",
    "Item",
    "ItemFinding",
    "Review",
    "SensitiveTerm",
]


class CatalogueNode(models.Model):
    """A node of an organization's disclosure catalogue (政府信息公开目录 / 栏目), a tree per organization."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="catalogue"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("上级栏目"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("栏目名称"), max_length=100)
    kind = models.CharField(_("来源"), max_length=10, choices=CatalogueKind.choices, default=CatalogueKind.LOCAL)
    code = models.CharField(
        _("编码"), max_length=40, blank=True, help_text=_("标准条目的编码，如 art20.1、area.social_assistance。")
    )
    basis = models.CharField(_("公开依据"), max_length=200, blank=True)
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.IntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("目录栏目")
        verbose_name_plural = _("目录栏目")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "parent", "name"], name="catalogue_unique_name_under_parent"
            ),
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=models.Q(parent__isnull=True),
                name="catalogue_unique_root_name",
            ),
            models.UniqueConstraint(
                fields=["organization", "code"], condition=~models.Q(code=""), name="catalogue_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndexSequence(models.Model):
    """The last 索引号 sequence number used by one organization in one year (row-locked when incremented)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="index_sequence_unique_year")]


class Item(models.Model):
    """A piece of proactively disclosed government information (主动公开政府信息)."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="items"
    )
    index_number = models.CharField(_("索引号"), max_length=80, editable=False)
    index_year = models.PositiveIntegerField(_("索引年度"), editable=False)
    index_sequence = models.PositiveIntegerField(_("索引序号"), editable=False)
    title = models.CharField(_("标题"), max_length=300)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    publisher = models.CharField(_("发布机构"), max_length=100)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    formed_on = models.DateField(
        _("形成或变更日期"), help_text=_("条例第二十六条：自该政府信息形成或者变更之日起20个工作日内予以公开。")
    )
    publish_due = models.DateField(_("公开期限"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("发布日期"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    category = models.ForeignKey(
        CatalogueNode, verbose_name=_("目录栏目"), on_delete=models.PROTECT, related_name="items"
    )
    topic = models.CharField(_("主题分类"), max_length=50, blank=True)
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, blank=True, default="")
    kind = models.CharField(_("信息类型"), max_length=20, choices=ItemKind.choices, blank=True, default="")
    keywords = models.CharField(_("主题词"), max_length=200, blank=True)
    validity_changed_on = models.DateField(_("有效性变更日期"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("替代文件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        help_text=_("修改或废止本文件的新文件。"),
    )
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("解读的政策文件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpretations",
    )
    summary = models.TextField(_("内容概述"), blank=True)
    body = models.TextField(_("正文"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.TextField(_("撤回理由"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ["-published_on", "-index_year", "-index_sequence"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "index_number"], name="item_unique_index_number"),
            models.UniqueConstraint(
                fields=["organization", "index_year", "index_sequence"], name="item_unique_index_sequence"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "published_on"], name="item_org_status_pub_idx"),
            models.Index(fields=["category", "status", "published_on"], name="item_cat_status_pub_idx"),
            models.Index(fields=["organization", "updated_at"], name="item_org_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        """Published after the 第二十六条 limit (or not yet published and past it)."""
        if self.publish_due is None:
            return False
        if self.published_on is not None:
            return self.published_on > self.publish_due
        from django.utils import timezone

        return timezone.localdate() > self.publish_due


class Review(models.Model):
    """One review step of an item (审核记录): 保密审查 by a 审核人, or 签发 by a 领导.

    At most one review per item is open at a time (conditional unique constraint).
    """

    item = models.ForeignKey(Item, verbose_name=_("公开信息"), on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(_("环节"), max_length=20, choices=ReviewStage.choices)
    status = models.CharField(_("结果"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by_name = models.CharField(_("处理人姓名"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(status="open"), name="review_one_open_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_stage_display()} · {self.get_status_display()}"


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{instance.item.organization_id}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    """A file attached to an item (附件); type and size are checked by the service."""

    item = models.ForeignKey(Item, verbose_name=_("公开信息"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("类型"), max_length=100)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Channel(models.Model):
    """A publication channel of an organization (公开渠道): its portal column, WeChat account, notice board…"""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="channels"
    )
    kind = models.CharField(_("渠道类型"), max_length=20, choices=ChannelKind.choices)
    name = models.CharField(
        _("名称"), max_length=100, help_text=_("如 政府网站、微信公众号“文明思礼”、镇政府信息公告栏。")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("公开渠道")
        verbose_name_plural = _("公开渠道")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="channel_unique_name"),
            models.UniqueConstraint(
                fields=["organization"], condition=models.Q(kind="portal"), name="channel_one_portal"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Distribution(models.Model):
    """Where and when an item went out (发布记录): one row per item and channel."""

    item = models.ForeignKey(Item, verbose_name=_("公开信息"), on_delete=models.CASCADE, related_name="distributions")
    channel = models.ForeignKey(Channel, verbose_name=_("渠道"), on_delete=models.PROTECT, related_name="distributions")
    published_at = models.DateTimeField(_("发布时间"))
    url = models.URLField(_("链接"), max_length=500, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("发布记录")
        verbose_name_plural = _("发布记录")
        ordering = ["published_at", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "channel"], name="distribution_unique_channel")]
        # (channel, published_at) ranges for the annual report's counts; item last so that the per-category
        # GROUP BY reads it from the index (an index-only range) and looks the category up by primary key,
        # instead of the full scan PostgreSQL chose at 100 bodies × 100k items with the two-column index.
        indexes = [models.Index(fields=["channel", "published_at", "item"], name="distribution_chan_item_idx")]

    def __str__(self) -> str:
        return f"{self.item} → {self.channel}"


class SensitiveTerm(models.Model):
    """An entry of the editable 错敏词 list: a wrong or sensitive wording, its correct form and its source."""

    wrong = models.CharField(_("错误表述"), max_length=100, unique=True)
    correct = models.CharField(_("正确表述"), max_length=100, blank=True)
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("通报或检查文件的名称、日期和网址。"))
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("错敏词")
        verbose_name_plural = _("错敏词")
        ordering = ["wrong"]

    def __str__(self) -> str:
        return f"{self.wrong} → {self.correct}" if self.correct else self.wrong


class ItemFinding(models.Model):
    """A finding of the 三审三校 checks on an item (检查提示), to be fixed or confirmed before signing.

    Personal data found is stored masked; the fingerprint ties a confirmation to the unchanged text.
    """

    item = models.ForeignKey(Item, verbose_name=_("公开信息"), on_delete=models.CASCADE, related_name="findings")
    fingerprint = models.CharField(max_length=32)
    field = models.CharField(_("位置"), max_length=220)
    kind = models.CharField(_("类别"), max_length=20)
    shown = models.CharField(_("内容"), max_length=120, help_text=_("个人信息以遮盖形式保存。"))
    before = models.CharField(max_length=60, blank=True)
    after = models.CharField(max_length=60, blank=True)
    message = models.CharField(_("提示"), max_length=300)
    source = models.CharField(_("来源"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_by_name = models.CharField(_("确认人姓名"), max_length=150, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    comment = models.CharField(_("确认说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("三审三校提示")
        verbose_name_plural = _("三审三校提示")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["item", "fingerprint"], name="finding_unique_per_item")]

    def __str__(self) -> str:
        return self.message

"""第二十条 registers (登记簿): what table 2 of the annual report counts."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import DecisionKind, DocumentKind, MatterKind

__all__ = ["Decision", "FeeIncome", "ProcurementProject", "RegulatoryDocument", "ServiceMatter"]

_ORG = "organizations.Organization"


class RegulatoryDocument(models.Model):
    """A 规章 or 规范性文件 made by the organization (条例第二十条第（一）项)."""

    organization = models.ForeignKey(_ORG, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("名称"), max_length=300)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    made_on = models.DateField(_("制发日期"))
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    item = models.ForeignKey(
        "publishing.Item",
        verbose_name=_("对应公开信息"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("规章和规范性文件")
        verbose_name_plural = _("规章和规范性文件")
        ordering = ["-made_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_on__isnull=True) | models.Q(published_on__gte=models.F("made_on")),
                name="regdoc_published_after_made",
                violation_error_message="公开日期不能早于制发日期。",
            ),
            models.CheckConstraint(
                condition=models.Q(repealed_on__isnull=True) | models.Q(repealed_on__gte=models.F("made_on")),
                name="regdoc_repealed_after_made",
                violation_error_message="废止日期不能早于制发日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ServiceMatter(models.Model):
    """A listed matter (事项): 行政许可, 其他对外管理服务, 行政处罚, 行政强制 or 行政事业性收费 item.

    ``listed_on``/``delisted_on`` date the matter's presence on the list, so the number of items at the
    end of any year (上一年项目数量) and the change (本年增/减) follow from the register.
    """

    organization = models.ForeignKey(_ORG, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=20, choices=MatterKind.choices)
    name = models.CharField(_("事项名称"), max_length=300)
    basis = models.TextField(_("依据"), blank=True)
    standard = models.CharField(_("标准"), max_length=200, blank=True, help_text=_("收费事项填写收费标准。"))
    listed_on = models.DateField(_("列入日期"))
    delisted_on = models.DateField(_("取消日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = _("事项清单")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delisted_on__isnull=True) | models.Q(delisted_on__gte=models.F("listed_on")),
                name="matter_delisted_after_listed",
                violation_error_message="取消日期不能早于列入日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """Decisions (处理决定) of one kind on one day; ``quantity`` lets a row stand for a batch."""

    organization = models.ForeignKey(_ORG, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=20, choices=DecisionKind.choices)
    matter = models.ForeignKey(
        ServiceMatter,
        verbose_name=_("事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    decided_on = models.DateField(_("决定日期"))
    quantity = models.PositiveIntegerField(_("数量"), default=1, validators=[MinValueValidator(1)])
    document_number = models.CharField(_("文书编号"), max_length=100, blank=True)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("处理决定")
        verbose_name_plural = _("处理决定")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on} ×{self.quantity}"


class FeeIncome(models.Model):
    """Fees collected (行政事业性收费金额), in yuan."""

    organization = models.ForeignKey(_ORG, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    matter = models.ForeignKey(
        ServiceMatter, verbose_name=_("收费事项"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(_("收费日期"))
    amount = models.DecimalField(
        _("金额（元）"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("收费金额")
        verbose_name_plural = _("收费金额")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.received_on} {self.amount} 元"


class ProcurementProject(models.Model):
    """A 政府集中采购 project (条例第二十条第（九）项), amount in yuan."""

    organization = models.ForeignKey(_ORG, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("项目名称"), max_length=300)
    project_number = models.CharField(_("项目编号"), max_length=100, blank=True)
    procured_on = models.DateField(_("采购日期"))
    amount = models.DecimalField(
        _("采购金额（元）"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    supplier = models.CharField(_("供应商"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("政府集中采购项目")
        verbose_name_plural = _("政府集中采购项目")
        ordering = ["-procured_on", "-id"]

    def __str__(self) -> str:
        return self.name

"""Annual reports stored per organization and year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core import Report

from .choices import AnnualReportStatus

__all__ = ["AnnualReport"]


class AnnualReport(models.Model):
    """An organization's annual report for one year (政府信息公开工作年度报告).

    ``content`` holds the report in the core's JSON shape (``gongkai-annual-report/1``) as exact
    text, so money and ``null`` survive unchanged; ``findings`` the result of the last check.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveIntegerField(_("年度"))
    format = models.CharField(_("年报格式"), max_length=4, choices=[("2019", "2019 年格式"), ("2021", "2021 年格式")])
    content = models.TextField(_("报告数据（JSON）"))
    findings = models.JSONField(_("检查结果"), default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=AnnualReportStatus.choices, default=AnnualReportStatus.DRAFT, db_index=True
    )
    generated_at = models.DateTimeField(_("生成时间"))
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["organization__path", "-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="annual_report_unique_year")]

    def __str__(self) -> str:
        return f"{self.organization}{self.year}年政府信息公开工作年度报告"

    @property
    def report(self) -> Report:
        """The report as a core :class:`~gongkai.core.Report`."""
        return Report.from_json(self.content)

    @property
    def error_count(self) -> int:
        """Number of findings of severity ``error`` in the last check."""
        return sum(1 for f in self.findings if f.get("severity") == "error")

    @property
    def warning_count(self) -> int:
        """Number of findings of severity ``warning`` in the last check."""
        return sum(1 for f in self.findings if f.get("severity") == "warning")

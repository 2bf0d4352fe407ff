"""Check batches (检查批次) of published annual reports and the result of reading and checking each file."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core import Finding, Report

from .choices import Decision, MatchMethod, ReadStatus, SourceKind

__all__ = ["CheckBatch", "CheckedReport", "FindingReview", "finding_fingerprint"]


class CheckBatch(models.Model):
    """A set of published annual reports uploaded together to be checked (检查批次).

    ``organization`` is the supervising body whose scope the batch covers (a county's 政务公开办 checks the
    reports of its townships, subdistricts and departments); ``year`` the report year being checked.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("检查范围"),
        on_delete=models.PROTECT,
        related_name="review_batches",
    )
    year = models.PositiveIntegerField(_("检查年度"))
    title = models.CharField(_("批次名称"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    #: When the last file queued in the batch was read (None while files are queued or being read).
    read_done_at = models.DateTimeField(_("读取完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("检查批次")
        verbose_name_plural = _("检查批次")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or f"{self.year} 年度年报检查（第 {self.pk} 批）"


def report_upload_to(instance: CheckedReport, filename: str) -> str:
    """``review/<batch>/<random>_<name>``: the original name kept readable, never overwritten."""
    return f"review/{instance.batch_id}/{uuid.uuid4().hex[:8]}_{filename}"


class CheckedReport(models.Model):
    """One uploaded report file in a batch and what reading and checking it found (批次中的报告).

    ``content`` is the report read from the file in the core's JSON shape (``gongkai-annual-report/1``);
    ``parse_findings`` what the reading found, ``findings`` those plus the checker's (re-run when the
    organization match changes, since the carry-over check depends on it). A file is stored ``queued``,
    read in the background (``reading``, see reading.py), then ``parsed``; a file that could not be read
    keeps ``status = unreadable`` and the reason in ``parse_error``.
    """

    batch = models.ForeignKey(CheckBatch, verbose_name=_("检查批次"), on_delete=models.CASCADE, related_name="reports")
    file = models.FileField(_("文件"), upload_to=report_upload_to, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    source_kind = models.CharField(_("文件类型"), max_length=10, choices=SourceKind.choices)
    status = models.CharField(_("读取结果"), max_length=12, choices=ReadStatus.choices, db_index=True)
    parse_error = models.TextField(_("无法读取的原因"), blank=True)
    content = models.TextField(_("报告数据（JSON）"), blank=True)
    parse_findings = models.JSONField(_("读取发现"), default=list, blank=True)
    findings = models.JSONField(_("检查结果"), default=list, blank=True)
    report_format = models.CharField(_("年报格式"), max_length=4, blank=True)
    detected_organization = models.CharField(_("报告中的机关名称"), max_length=200, blank=True)
    detected_year = models.PositiveIntegerField(_("报告年度"), null=True, blank=True, db_index=True)
    matched_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("对应机关"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checked_reports",
    )
    match_method = models.CharField(_("匹配方式"), max_length=12, choices=MatchMethod.choices, default=MatchMethod.NONE)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("用于核对结转的上年报告"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    previous_annual = models.ForeignKey(
        "annual.AnnualReport",
        verbose_name=_("用于核对结转的平台上年报告"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    warning_count = models.PositiveIntegerField(_("警告数"), default=0)
    info_count = models.PositiveIntegerField(_("提示数"), default=0)
    #: The rule ids of ``findings``, space-separated with a space at both ends, for a portable filter.
    rules = models.TextField(_("涉及规则"), blank=True, default="")
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    read_started_at = models.DateTimeField(_("开始读取时间"), null=True, blank=True)
    read_finished_at = models.DateTimeField(_("读取完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批次中的报告")
        verbose_name_plural = _("批次中的报告")
        ordering = ["batch", "id"]
        indexes = [models.Index(fields=["matched_organization", "detected_year"], name="review_report_org_year")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def organization_name(self) -> str:
        """The matched organization's name, else the name read from the report, else the file name."""
        if self.matched_organization_id:
            return self.matched_organization.name
        return self.detected_organization or self.original_name

    @property
    def is_pending(self) -> bool:
        """Whether the file is still queued or being read."""
        return self.status in (ReadStatus.QUEUED, ReadStatus.READING)

    @property
    def is_parsed(self) -> bool:
        """Whether the file was read as a report."""
        return self.status == ReadStatus.PARSED

    @property
    def report(self) -> Report:
        """The report read from the file (only for parsed files)."""
        return Report.from_json(self.content)

    @property
    def top_findings(self) -> list[dict]:
        """The first three errors and warnings, errors first (for the problem list)."""
        order = {"error": 0, "warning": 1}
        ranked = sorted((f for f in self.findings if f.get("severity") in order), key=lambda f: order[f["severity"]])
        return ranked[:3]

    def finding_objects(self) -> list[Finding]:
        """The stored findings as core :class:`~gongkai.core.Finding` objects."""
        return [Finding.from_dict(f) for f in self.findings]


def finding_fingerprint(finding: dict) -> str:
    """A stable id of a finding: its rule and the cells it names (not the message, whose figures change when
    a report is read again), so a supervisor's decision survives re-checks."""
    key = f"{finding['rule']}|{','.join(sorted(finding.get('cells') or ()))}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class FindingReview(models.Model):
    """A supervisor's decision on one finding of a checked report (人工复核): a real problem, or not one
    (误报) with the reason."""

    report = models.ForeignKey(CheckedReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="reviews")
    fingerprint = models.CharField(_("问题标识"), max_length=16)
    rule = models.CharField(_("规则"), max_length=100)
    decision = models.CharField(_("复核结论"), max_length=12, choices=Decision.choices)
    comment = models.TextField(_("说明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("复核时间"), default=timezone.now)

    class Meta:
        verbose_name = _("问题复核")
        verbose_name_plural = _("问题复核")
        constraints = [
            models.UniqueConstraint(fields=["report", "fingerprint"], name="review_finding_review_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.rule}: {self.get_decision_display()}"

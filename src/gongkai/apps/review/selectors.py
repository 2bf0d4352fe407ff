"""Reads of the report checking app: batch lists, the problem list, coverage, totals, comparisons."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from gongkai.apps.annual.choices import AnnualReportStatus
from gongkai.apps.annual.models import AnnualReport
from gongkai.apps.organizations.choices import OrganizationKind
from gongkai.apps.organizations.models import Organization
from gongkai.core import RULES as CHECK_RULES
from gongkai.core.findings import SEVERITIES
from gongkai.core.parse import PARSE_RULES
from gongkai.core.totals import RULES as TOTAL_RULES
from gongkai.core.totals import TotalError, TotalResult, total_reports

from .choices import ReadStatus
from .matching import name_key
from .models import CheckBatch, CheckedReport

__all__ = [
    "COVERAGE_KINDS",
    "CoverageRow",
    "TotalGroup",
    "batch_list",
    "batch_report_list",
    "batch_totals",
    "parent_organizations",
    "body_reports",
    "coverage",
    "rule_description",
    "rule_summary",
]

#: Kinds of body whose annual reports a county's 政务公开办 collects (乡镇、街道、部门).
COVERAGE_KINDS = (OrganizationKind.TOWNSHIP, OrganizationKind.SUBDISTRICT, OrganizationKind.DEPARTMENT)


def rule_description(rule: str) -> str:
    """What *rule* checks, in Chinese (the rule id itself when unknown)."""
    return CHECK_RULES.get(rule) or PARSE_RULES.get(rule) or TOTAL_RULES.get(rule) or rule


def batch_list(*, organization: Organization) -> QuerySet[CheckBatch]:
    """The batches of *organization*'s scope, newest first, with their counts."""
    return (
        CheckBatch.objects.filter(organization=organization)
        .select_related("created_by")
        .annotate(
            report_count=Count("reports"),
            unreadable_count=Count("reports", filter=Q(reports__status=ReadStatus.UNREADABLE)),
            pending_count=Count("reports", filter=Q(reports__status__in=(ReadStatus.QUEUED, ReadStatus.READING))),
            error_report_count=Count("reports", filter=Q(reports__error_count__gt=0)),
            unmatched_count=Count(
                "reports",
                filter=Q(reports__status=ReadStatus.PARSED, reports__matched_organization__isnull=True),
            ),
        )
        .order_by("-created_at", "-id")
    )


def batch_report_list(
    *,
    batch: CheckBatch,
    q: str = "",
    severity: str = "",
    rule: str = "",
    status: str = "",
    match: str = "",
    under: Organization | None = None,
) -> QuerySet[CheckedReport]:
    """The reports of *batch*, filtered.

    Args:
        q: part of the organization's name (as read, or as matched, or its short name) or of the file name.
        severity: ``error`` / ``warning`` / ``info`` (reports with such findings) or ``clean`` (none).
        rule: a rule id: reports with a finding of that rule.
        status: ``parsed`` or ``unreadable``.
        match: ``unmatched`` (read but not matched to an organization) or ``matched``.
        under: only reports matched to this organization or one below it (a district of a city, say).
    """
    rows = (
        batch.reports.select_related("matched_organization")
        .annotate(review_count=Count("reviews"))
        .order_by("-error_count", "-warning_count", "id")
    )
    q = (q or "").strip()
    if q:
        rows = rows.filter(
            Q(detected_organization__icontains=q)
            | Q(matched_organization__name__icontains=q)
            | Q(matched_organization__short_name__icontains=q)
            | Q(original_name__icontains=q)
        )
    if severity == "error":
        rows = rows.filter(error_count__gt=0)
    elif severity == "warning":
        rows = rows.filter(warning_count__gt=0)
    elif severity == "info":
        rows = rows.filter(info_count__gt=0)
    elif severity == "clean":
        rows = rows.filter(status=ReadStatus.PARSED, error_count=0, warning_count=0)
    if rule:
        rows = rows.filter(rules__contains=f" {rule} ")
    if status in (ReadStatus.PARSED, ReadStatus.UNREADABLE):
        rows = rows.filter(status=status)
    if match == "unmatched":
        rows = rows.filter(status=ReadStatus.PARSED, matched_organization__isnull=True)
    elif match == "matched":
        rows = rows.filter(matched_organization__isnull=False)
    if under is not None:
        rows = rows.filter(matched_organization__path__startswith=under.path)
    return rows


def parent_organizations(*, organization: Organization) -> QuerySet[Organization]:
    """The scope's organizations that have organizations below them (regions and parents to filter by)."""
    return (
        organization.descendants(include_self=True)
        .filter(children__isnull=False)
        .distinct()
        .order_by("path", "sort_order")
    )


def rule_summary(*, batch: CheckBatch) -> list[dict]:
    """Per rule: how many reports and findings of the batch have it, its worst severity, what it checks."""
    reports: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    worst: dict[str, int] = {}
    for row in batch.reports.filter(status=ReadStatus.PARSED).only("findings"):
        seen = set()
        for f in row.findings:
            findings[f["rule"]] += 1
            worst[f["rule"]] = min(worst.get(f["rule"], 9), SEVERITIES.index(f["severity"]))
            seen.add(f["rule"])
        reports.update(seen)
    out = [
        {
            "rule": rule,
            "description": rule_description(rule),
            "severity": SEVERITIES[worst[rule]],
            "reports": reports[rule],
            "findings": findings[rule],
        }
        for rule in findings
    ]
    return sorted(out, key=lambda r: (SEVERITIES.index(r["severity"]), -r["reports"], r["rule"]))


# ------------------------------------------------------------------ coverage


@dataclass
class CoverageRow:
    """One body of the scope and the reports of the year found for it."""

    organization: Organization
    checked: list[CheckedReport] = field(default_factory=list)
    annual: AnnualReport | None = None

    @property
    def covered(self) -> bool:
        """Whether any report of the year is known (uploaded in a batch, or published on the platform)."""
        return bool(self.checked) or self.annual is not None


def coverage(
    *, organization: Organization, year: int, q: str = "", kind: str = "", under: Organization | None = None
) -> list[CoverageRow]:
    """For each township, subdistrict and department below *organization*: its reports of *year*.

    A report counts when a batch of the scope holds a file read as that body's report of *year*, or when the
    body published its platform-generated report of *year*. Bodies without any come first.
    """
    kinds = [kind] if kind in COVERAGE_KINDS else list(COVERAGE_KINDS)
    orgs = organization.descendants().filter(kind__in=kinds, is_active=True).select_related("parent")
    if under is not None:
        orgs = orgs.filter(path__startswith=under.path)
    q = (q or "").strip()
    if q:
        orgs = orgs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    rows = {o.pk: CoverageRow(o) for o in orgs.order_by("path", "sort_order", "name")}
    checked = CheckedReport.objects.filter(
        status=ReadStatus.PARSED,
        detected_year=year,
        matched_organization_id__in=list(rows),
        batch__organization__path__startswith=organization.path,
    ).select_related("batch")
    for row in checked.order_by("id"):
        rows[row.matched_organization_id].checked.append(row)
    for annual in AnnualReport.objects.filter(
        organization_id__in=list(rows), year=year, status=AnnualReportStatus.PUBLISHED
    ):
        rows[annual.organization_id].annual = annual
    return sorted(rows.values(), key=lambda r: r.covered)


# ------------------------------------------------------------------ totals


@dataclass
class TotalGroup:
    """The reports of one year and template version added up (or why they could not be)."""

    year: int
    format: str
    rows: list[CheckedReport]
    result: TotalResult | None = None
    error: str = ""
    #: The total's findings prepared for display (set by the view).
    findings: list[dict] = field(default_factory=list)

    @property
    def key(self) -> str:
        """``2023-2021``: the group's year and template version, as used in download URLs."""
        return f"{self.year}-{self.format}"


def _body_key(row: CheckedReport) -> str:
    if row.matched_organization_id:
        return f"org:{row.matched_organization_id}"
    if row.detected_organization:
        return f"name:{name_key(row.detected_organization)}"
    return f"file:{row.pk}"


def batch_totals(*, batch: CheckBatch, kinds: list[str] | None = None) -> tuple[list[TotalGroup], list[tuple]]:
    """Add up the batch's reports of its year, one total per template version.

    Only reports read from a file count; one per body (the one with fewest errors, then the first uploaded);
    with *kinds* only reports matched to bodies of those kinds. Returns the groups and the reports left out,
    each as ``(report, reason)``.
    """
    excluded: list[tuple[CheckedReport, str]] = []
    by_format: dict[str, dict[str, CheckedReport]] = {}
    rows = batch.reports.filter(status=ReadStatus.PARSED).select_related("matched_organization")
    for row in rows.order_by("error_count", "id"):
        if row.detected_year != batch.year:
            reason = "未识别出年度" if row.detected_year is None else f"是 {row.detected_year} 年度的报告"
            excluded.append((row, reason))
            continue
        if kinds:
            if row.matched_organization is None:
                excluded.append((row, "未对应到机关，无法判断类型"))
                continue
            if row.matched_organization.kind not in kinds:
                excluded.append((row, f"机关类型为{row.matched_organization.get_kind_display()}"))
                continue
        bodies = by_format.setdefault(row.report_format, {})
        key = _body_key(row)
        if key in bodies:
            excluded.append((row, f"同一机关的另一份报告（{bodies[key].original_name}）已计入"))
            continue
        bodies[key] = row
    groups = []
    for fmt in sorted(by_format):
        members = sorted(by_format[fmt].values(), key=lambda r: r.organization_name)
        group = TotalGroup(batch.year, fmt, members)
        reports = []
        for row in members:
            report = row.report
            report.organization = row.organization_name
            reports.append(report)
        name = f"{batch.organization.name}（{len(members)} 个机关合计）"
        try:
            group.result = total_reports(
                reports,
                organization=name,
                year=batch.year,
                labels=[f"{r.organization_name}（{r.original_name}）" for r in members],
            )
        except TotalError as exc:
            group.error = str(exc)
        groups.append(group)
    return groups, excluded


# ------------------------------------------------------------------ comparison


def body_reports(*, row: CheckedReport) -> list[CheckedReport]:
    """Other reports read for the same body in the batches of the same scope (to compare years)."""
    others = CheckedReport.objects.filter(
        status=ReadStatus.PARSED, batch__organization_id=row.batch.organization_id
    ).exclude(pk=row.pk)
    if row.matched_organization_id:
        others = others.filter(matched_organization_id=row.matched_organization_id)
    elif row.detected_organization:
        others = others.filter(detected_organization=row.detected_organization)
    else:
        return []
    return list(others.select_related("batch").order_by("-detected_year", "id"))

"""Add up several bodies' annual reports into one (汇总): a county's total of its townships and departments.

Every cell of the total is the exact sum of the same cell in every input. A cell that any input lacks
(``None``) or that is not a valid figure stays ``None`` in the total and is named in a finding: a total
is never completed with a guess. Money is added as :class:`~decimal.Decimal`, so no rounding creeps in.
All inputs must share one template version and one year; the narrative sections of the total are left
empty (``None``), since texts cannot be added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.core.exceptions import GongkaiError
from gongkai.core.findings import INFO, WARNING, Finding
from gongkai.core.formats import Column
from gongkai.core.report import Cell, Report, cell_number

__all__ = ["RULES", "TotalError", "TotalResult", "total_reports"]

#: Rule ids of the findings a total can carry.
RULES: dict[str, str] = {
    "total.missing_cells": "某份报告缺少单元格，合计中这些单元格留空",
    "total.invalid_cells": "某份报告的单元格不是有效数字，合计中这些单元格留空",
    "total.amount_unit": "2019 格式“采购总金额”未印制单位，合计前需确认各报告单位一致",
    "total.sources": "合计了哪些报告",
}


class TotalError(GongkaiError):
    """The reports cannot be added up (none given, mixed formats or years, one body twice)."""


@dataclass
class TotalResult:
    """The total report, what was found while adding, and the labels of the reports added."""

    report: Report
    findings: list[Finding] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def incomplete_cells(self) -> list[str]:
        """References of the cells left empty because an input lacked them or had no valid figure."""
        refs: list[str] = []
        for finding in self.findings:
            if finding.rule in ("total.missing_cells", "total.invalid_cells"):
                refs.extend(c for c in finding.cells if c not in refs)
        return refs

    def to_dict(self) -> dict[str, Any]:
        """``{"report": …, "findings": […], "sources": […]}`` (``Report.from_dict`` reads it back)."""
        return {
            "report": self.report.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "sources": list(self.sources),
        }


def _valid_number(value: Cell, column: Column) -> int | Decimal | None:
    """The figure of *value* if it is a valid one for *column*, else None (empty or invalid)."""
    number = cell_number(value)
    if number is None:
        return None
    if column.kind == "money":
        return number if number >= 0 else None
    if number != int(number):
        return None
    if column.kind == "count" and number < 0:
        return None
    return int(number) if isinstance(number, Decimal) else number


def _label(report: Report, index: int, labels: Sequence[str] | None) -> str:
    if labels is not None:
        return labels[index]
    return report.organization or f"第 {index + 1} 份报告"


def total_reports(
    reports: Sequence[Report],
    *,
    organization: str | None,
    year: int | None = None,
    labels: Sequence[str] | None = None,
) -> TotalResult:
    """Add up *reports* cell by cell into one report of *organization*.

    Args:
        reports: the reports to add; all of one template version and one year.
        organization: the name printed on the total (e.g. ``某某县（12 个机关合计）``).
        year: the year the total is for; when given every report must be of that year, when omitted the
            reports' common year is used.
        labels: how to name each report in findings (file names, say); defaults to the organization.

    Raises:
        TotalError: no reports, mixed template versions or years, a report without a year, or the same
            organization twice (its figures would count double).
    """
    if not reports:
        raise TotalError("没有可合计的报告")
    if labels is not None and len(labels) != len(reports):
        raise TotalError("报告与名称的数量不一致")
    names = [_label(r, i, labels) for i, r in enumerate(reports)]
    formats = sorted({r.format for r in reports})
    if len(formats) > 1:
        by_format = "；".join(
            f"{fmt} 年格式：{'、'.join(n for n, r in zip(names, reports, strict=True) if r.format == fmt)}"
            for fmt in formats
        )
        raise TotalError(f"报告的年报格式不一致，不能合计（{by_format}）")
    unknown = [n for n, r in zip(names, reports, strict=True) if r.year is None]
    if unknown:
        raise TotalError(f"以下报告未识别出年度，不能确认与其他报告是同一年度：{'、'.join(unknown)}")
    years = sorted({r.year for r in reports if r.year is not None})
    if len(years) > 1:
        raise TotalError(f"报告的年度不一致（{'、'.join(str(y) for y in years)}），只能合计同一年度的报告")
    if year is not None and years[0] != year:
        raise TotalError(f"报告是 {years[0]} 年度的，与要求合计的 {year} 年度不符")
    seen: dict[str, str] = {}
    for name, report in zip(names, reports, strict=True):
        if report.organization:
            if report.organization in seen:
                msg = f"同一机关“{report.organization}”的报告出现两次（{seen[report.organization]}、{name}），合计会重复计算"
                raise TotalError(msg)
            seen[report.organization] = name

    fmt = reports[0].fmt
    total = Report.blank(fmt.version, years[0], organization)
    missing: dict[int, list[str]] = {}
    invalid: dict[int, list[str]] = {}
    for table in fmt.tables:
        data = total.table(table.key)
        for row_key, column_key in table.cell_keys:
            column = table.column(column_key)
            ref = f"{table.key}.{row_key}.{column_key}"
            values: list[int | Decimal] = []
            complete = True
            for index, report in enumerate(reports):
                raw = report.table(table.key)[row_key][column_key]
                if raw is None:
                    missing.setdefault(index, []).append(ref)
                    complete = False
                    continue
                number = _valid_number(raw, column)
                if number is None:
                    invalid.setdefault(index, []).append(ref)
                    complete = False
                    continue
                values.append(number)
            if complete:
                data[row_key][column_key] = sum(values[1:], values[0])

    findings: list[Finding] = []
    for index in sorted(missing):
        refs = missing[index]
        findings.append(
            Finding(
                "total.missing_cells",
                WARNING,
                f"{names[index]} 的报告缺少 {len(refs)} 个单元格，合计中这些单元格留空（不以 0 代替）",
                tuple(refs),
            )
        )
    for index in sorted(invalid):
        refs = invalid[index]
        findings.append(
            Finding(
                "total.invalid_cells",
                WARNING,
                f"{names[index]} 的报告有 {len(refs)} 个单元格不是有效数字（负数、小数或文字），合计中这些单元格留空",
                tuple(refs),
            )
        )
    if fmt.version == "2019" and any(
        r.table2["procurement"]["amount"] is not None for r in reports
    ):  # 2019 template prints no unit for 采购总金额 (UNVERIFIED): the sum is only right if all used the same one
        findings.append(
            Finding(
                "total.amount_unit",
                INFO,
                "2019 年格式未印制“采购总金额”的单位，合计按各报告原样相加，请确认各报告使用同一单位",
                ("table2.procurement.amount",),
            )
        )
    findings.append(Finding("total.sources", INFO, f"合计了 {len(reports)} 份报告：{'、'.join(names)}"))
    return TotalResult(total, findings, names)

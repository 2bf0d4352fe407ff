"""Compare two annual reports: changes per cell and per section text, plus the carry-over check.

Reports of different template versions are compared on the cells both formats share (same
table, row and column keys); cells only one format has are listed as such.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.core.checks import check
from gongkai.core.findings import Finding
from gongkai.core.formats import ReportFormat
from gongkai.core.report import SECTION_KEYS, Cell, Report, cell_number

__all__ = ["CellChange", "ReportDiff", "SectionChange", "diff_reports"]

_SECTION_NUMBER = {"overview": 1, "problems": 5, "other": 6}


@dataclass(frozen=True)
class CellChange:
    """A cell whose value differs; ``delta`` is new − old when both are numbers."""

    cell: str
    label: str
    old: Cell
    new: Cell
    delta: int | Decimal | None

    def to_dict(self) -> dict[str, Any]:
        """JSON object of the change."""
        return {"cell": self.cell, "label": self.label, "old": self.old, "new": self.new, "delta": self.delta}


@dataclass(frozen=True)
class SectionChange:
    """A narrative section whose text differs; ``similarity`` is 0–1 (1 = identical)."""

    section: str
    heading: str
    status: str  # added | removed | changed
    similarity: float
    unified_diff: str

    def to_dict(self) -> dict[str, Any]:
        """JSON object of the change."""
        return {
            "section": self.section,
            "heading": self.heading,
            "status": self.status,
            "similarity": round(self.similarity, 4),
            "diff": self.unified_diff,
        }


@dataclass
class ReportDiff:
    """The differences between an *old* and a *new* report."""

    old: Report
    new: Report
    cells: list[CellChange] = field(default_factory=list)
    only_old: list[str] = field(default_factory=list)
    only_new: list[str] = field(default_factory=list)
    sections: list[SectionChange] = field(default_factory=list)
    #: Non-empty sections whose text is the same as last year's (内容雷同).
    identical_sections: list[str] = field(default_factory=list)
    carry_over: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON object of the whole comparison."""
        return {
            "old": {"organization": self.old.organization, "year": self.old.year, "format": self.old.format},
            "new": {"organization": self.new.organization, "year": self.new.year, "format": self.new.format},
            "cells": [c.to_dict() for c in self.cells],
            "only_old": self.only_old,
            "only_new": self.only_new,
            "sections": [s.to_dict() for s in self.sections],
            "identical_sections": self.identical_sections,
            "carry_over": [f.to_dict() for f in self.carry_over],
        }


def _labels(fmt: ReportFormat) -> dict[str, str]:
    labels: dict[str, str] = {}
    for table in fmt.tables:
        for row in table.rows:
            row_label = f"{row.group}{row.full_label}" if row.group else row.full_label
            for column in row.columns:
                labels[f"{table.key}.{row.key}.{column}"] = f"{row_label} / {table.column(column).label}"
    return labels


def diff_reports(old: Report, new: Report) -> ReportDiff:
    """Compare *old* with *new* cell by cell and section by section.

    When *new* is the year after *old*, the carry-over rule (this year's 上年结转 = last year's
    结转下年度) is checked too.
    """
    result = ReportDiff(old, new)
    old_cells = dict(old.cells())
    new_cells = dict(new.cells())
    labels = {**_labels(old.fmt), **_labels(new.fmt)}
    for ref, new_value in new_cells.items():
        if ref not in old_cells:
            result.only_new.append(ref)
            continue
        old_value = old_cells[ref]
        if old_value == new_value and type(old_value) is type(new_value):
            continue
        a, b = cell_number(old_value), cell_number(new_value)
        if a is not None and b is not None and a == b:
            continue
        delta = b - a if a is not None and b is not None else None
        result.cells.append(CellChange(ref, labels[ref], old_value, new_value, delta))
    result.only_old = [ref for ref in old_cells if ref not in new_cells]
    headings = {s.text_key: s.heading for s in new.fmt.sections if s.text_key}
    for key in SECTION_KEYS:
        before, after = old.sections.get(key), new.sections.get(key)
        if (before or "") == (after or ""):
            if (after or "").strip():
                result.identical_sections.append(f"section.{_SECTION_NUMBER[key]}")
            continue
        status = "added" if not before else "removed" if not after else "changed"
        ratio = difflib.SequenceMatcher(None, before or "", after or "", autojunk=False).ratio()
        lines = difflib.unified_diff(
            (before or "").splitlines(), (after or "").splitlines(), "old", "new", lineterm="", n=0
        )
        result.sections.append(
            SectionChange(f"section.{_SECTION_NUMBER[key]}", headings[key], status, ratio, "\n".join(lines))
        )
    if old.year is not None and new.year is not None and new.year == old.year + 1:
        result.carry_over = [f for f in check(new, old) if f.rule.startswith("cross_year.")]
    return result

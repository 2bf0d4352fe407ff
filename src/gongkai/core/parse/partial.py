"""A file holding only part of a report: one page of a flip-book (翻页版) PDF, OFD or scan.

The report is a sequence of parts: the title, section 一's text, the rows of tables 二, 三 and 四,
section 五's and 六's texts. When what a page-based file holds is one unbroken stretch of that
sequence which starts after the title (the file begins inside the report) or ends inside a table
(the file stops mid-table), the file is a part of a report: what it holds is read, one
``structure.partial`` finding names what it lacks, and the parts it lacks are reported nowhere
else (no missing title, section, row or cell findings for them:
:func:`gongkai.core.checks.absent_refs` gives the checker the references to leave alone). Gaps inside the stretch are still reported as usual.
"""

from __future__ import annotations

from gongkai.core.findings import WARNING, Finding
from gongkai.core.report import Report

__all__ = ["PARTIAL_RULE", "mark_partial"]

PARTIAL_RULE = "structure.partial"
_TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}


def _units(report: Report) -> list[tuple[str, tuple[str, ...], bool]]:
    """The parts in order: (name, references, present)."""
    fmt = report.fmt
    units: list[tuple[str, tuple[str, ...], bool]] = [("标题", ("title",), report.organization is not None)]
    for section in fmt.sections:
        if section.text_key is not None:
            text = report.sections.get(section.text_key)
            units.append((section.heading, (f"section.{section.number}",), bool(text and text.strip())))
            continue
        table = fmt.tables[section.number - 2]
        data = report.table(table.key)
        for row in table.rows:
            refs = tuple(f"{table.key}.{row.key}.{c}" for c in row.columns)
            present = any(data[row.key][c] is not None for c in row.columns)
            units.append((f"{_TABLE_NAMES[table.key]}“{row.full_label}”", refs, present))
    return units


def mark_partial(report: Report, findings: list[Finding], *, title_found: bool) -> list[Finding]:
    """The findings of a page-based file, with one ``structure.partial`` finding when it holds only
    part of a report (and without the parser's findings about the parts it lacks)."""
    units = _units(report)
    units[0] = (units[0][0], units[0][1], title_found)
    present = [n for n, (_, _, here) in enumerate(units) if here]
    if len(present) < 2 or len(present) == len(units):
        return findings
    first, last = present[0], present[-1]
    # The title and section 一 both absent: the file begins inside the report (an OCR'd title
    # that could not be read is not enough).
    starts_inside = first > 1
    ends_in_table = last < len(units) - 1 and units[last][1][0].startswith("table") and units[last + 1][1][0].startswith(
        units[last][1][0].split(".")[0]
    )
    if not (starts_inside or ends_in_table):
        return findings
    absent = [units[n] for n in (*range(first), *range(last + 1, len(units)))]
    if not absent:
        return findings
    refs = {ref for _, unit_refs, _ in absent for ref in unit_refs}
    refs |= _sections_wholly_absent(report, refs)
    if starts_inside and units[first][1][0].startswith("table"):
        # The file begins inside a table: that section's heading is on an earlier page.
        key = units[first][1][0].split(".")[0]
        refs.add(f"section.{report.fmt.table(key).section}")
    kept = [f for f in findings if not _about_absent(f, refs)]
    what = _describe(units[first][0], units[last][0])
    missing = _summary(absent)
    kept.insert(
        0,
        Finding(
            PARTIAL_RULE,
            WARNING,
            f"文件只含年度报告的一部分（如翻页版的单页）：读到{what}；缺少{missing}。缺少的部分未检查，请取得完整报告",
            tuple(sorted(refs)),
        ),
    )
    return kept


def _sections_wholly_absent(report: Report, refs: set[str]) -> set[str]:
    out: set[str] = set()
    for section in report.fmt.sections:
        if section.text_key is None:
            table = report.fmt.tables[section.number - 2]
            if all(f"{table.key}.{r}.{c}" in refs for r, c in table.cell_keys):
                out.add(f"section.{section.number}")
    return out


def _about_absent(finding: Finding, refs: set[str]) -> bool:
    if finding.rule == "structure.title":
        return "title" in refs
    return bool(finding.cells) and all(cell in refs for cell in finding.cells)


def _describe(first: str, last: str) -> str:
    return f"从{first}到{last}" if first != last else first


def _summary(absent: list[tuple[str, tuple[str, ...], bool]]) -> str:
    names: list[str] = []
    rows: dict[str, int] = {}
    for name, refs, _ in absent:
        key = refs[0].split(".")[0]
        if key in _TABLE_NAMES:
            if key not in rows:
                names.append(key)
            rows[key] = rows.get(key, 0) + 1
        else:
            names.append(name)
    return "、".join(f"{_TABLE_NAMES[n]}的 {rows[n]} 行" if n in rows else n for n in names)

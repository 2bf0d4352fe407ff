"""The printed layout of a report, shared by every renderer (版式).

:func:`document` turns a :class:`~gongkai.core.report.Report` into its title and six sections;
:func:`table_grid` turns one table of the template (表二、表三、表四) into a :class:`Grid` of
cells with ``rowspan``/``colspan`` exactly as the template merges them. HTML, DOCX and XLSX
draw the grid with real merged cells; Markdown, which cannot merge, prints each merged cell
once in its top-left position (see :meth:`Grid.matrix`).

Everything here is read from the :class:`~gongkai.core.formats.ReportFormat` definition: rows,
groups, numbering and columns. The only labels that are not in the definition are the header
words of table 3 (申请人情况、法人或其他组织), which both template versions print the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from gongkai.core.formats import (
    TABLE3_RESULTS_GROUP,
    Block,
    Column,
    ReportFormat,
    Row,
    Table,
)
from gongkai.core.report import Cell, Report

__all__ = [
    "table_layout_widths",
    "APPLICANTS_LABEL",
    "BODY_TEXT_WIDTH_MM",
    "ORGANIZATIONS_LABEL",
    "PLACEHOLDER_ORGANIZATION",
    "PLACEHOLDER_YEAR",
    "Grid",
    "GridCell",
    "GridRow",
    "SectionView",
    "document",
    "format_cell",
    "paragraphs",
    "report_title",
    "table_grid",
    "title_parts",
]

#: Width of the text area of an A4 page with GB/T 9704 margins (210 − 28 − 26 mm).
BODY_TEXT_WIDTH_MM = 156.0

#: Header words of table 3 printed by both template versions (not column data of the schema).
APPLICANTS_LABEL = "申请人情况"
ORGANIZATIONS_LABEL = "法人或其他组织"
#: Table 3 columns printed outside 法人或其他组织 (each spans the two lower header rows).
_T3_STANDALONE = ("natural_person", "total")

#: Shown in the title of a report without organization or year (a blank template).
PLACEHOLDER_ORGANIZATION = "（机关名称）"
PLACEHOLDER_YEAR = "××××"

#: Cell kinds. Everything but ``data`` is a header cell (``th``).
CORNER, BLOCK, COLHEAD, ROWHEAD, GROUP, DATA = "corner", "block", "colhead", "rowhead", "group", "data"


@dataclass(frozen=True)
class GridCell:
    """One cell of a table grid, anchored at (``row``, ``col``) and spanning rows/columns.

    ``kind`` is ``corner`` (the note of table 3), ``block`` (第二十条第（X）项), ``colhead``,
    ``rowhead``, ``group`` (a row label spanning several rows) or ``data``. Data cells carry the
    report ``value`` and its reference ``ref`` (``table3.new_received.total``).
    """

    text: str
    kind: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    value: Cell = None
    ref: str | None = None

    @property
    def is_header(self) -> bool:
        """Whether the cell is a label (rendered as ``th``), not a figure."""
        return self.kind != DATA

    @property
    def merged(self) -> bool:
        """Whether the cell spans more than one grid position."""
        return self.rowspan > 1 or self.colspan > 1

    @property
    def scope(self) -> str | None:
        """The HTML ``scope`` of a header cell: ``col``/``colgroup``/``row``/``rowgroup``."""
        if self.kind == COLHEAD:
            return "colgroup" if self.colspan > 1 else "col"
        if self.kind == ROWHEAD:
            return "row"
        if self.kind in (GROUP, BLOCK):
            return "rowgroup"
        return None

    @property
    def last_row(self) -> int:
        """Index of the last grid row the cell covers."""
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        """Index of the last grid column the cell covers."""
        return self.col + self.colspan - 1


@dataclass(frozen=True)
class GridRow:
    """A printed row: the cells anchored in it, whether it is a header row, its body group."""

    cells: tuple[GridCell, ...]
    head: bool = False
    #: Rows of one table-2 block share a group (one ``tbody`` each in HTML).
    group: int = 0


@dataclass(frozen=True)
class Grid:
    """A table of the template laid out as a grid with merged cells."""

    key: str
    title: str
    n_cols: int
    rows: tuple[GridRow, ...]
    #: Column widths in millimetres, summing to :data:`BODY_TEXT_WIDTH_MM`.
    widths: tuple[float, ...]

    @property
    def n_rows(self) -> int:
        """Number of printed rows."""
        return len(self.rows)

    @property
    def n_head_rows(self) -> int:
        """Number of header rows at the top (repeated on every page)."""
        count = 0
        for row in self.rows:
            if not row.head:
                break
            count += 1
        return count

    def cells(self) -> Iterator[GridCell]:
        """Every anchored cell in print order."""
        for row in self.rows:
            yield from row.cells

    def merged_cells(self) -> list[GridCell]:
        """The cells that span more than one position."""
        return [cell for cell in self.cells() if cell.merged]

    def cell_at(self, ref: str) -> GridCell:
        """The data cell holding report cell *ref*."""
        for cell in self.cells():
            if cell.ref == ref:
                return cell
        raise KeyError(ref)

    def matrix(self) -> list[list[tuple[GridCell, bool]]]:
        """Every grid position as ``(cell covering it, whether it is the cell's anchor)``."""
        out: list[list[tuple[GridCell, bool] | None]] = [[None] * self.n_cols for _ in self.rows]
        for cell in self.cells():
            for r in range(cell.row, cell.last_row + 1):
                for c in range(cell.col, cell.last_col + 1):
                    if out[r][c] is not None:
                        raise AssertionError(f"{self.key}: overlapping cells at ({r}, {c})")
                    out[r][c] = (cell, r == cell.row and c == cell.col)
        for r, line in enumerate(out):
            for c, slot in enumerate(line):
                if slot is None:
                    raise AssertionError(f"{self.key}: hole at ({r}, {c})")
        return out  # type: ignore[return-value]


@dataclass(frozen=True)
class SectionView:
    """A printed section: its heading, its paragraphs (narrative sections) or its table grid."""

    number: int
    heading: str
    paragraphs: tuple[str, ...] = ()
    grid: Grid | None = None


# --------------------------------------------------------------------------- text helpers


def report_title(report: Report) -> str:
    """The report's title: ``<organization><year>年政府信息公开工作年度报告``.

    A blank template without organization or year gets placeholders to fill in.
    """
    organization = (report.organization or "").strip() or PLACEHOLDER_ORGANIZATION
    year = report.year if report.year is not None else PLACEHOLDER_YEAR
    return f"{organization}{year}年政府信息公开工作年度报告"


def title_parts(report: Report) -> tuple[str, str]:
    """The title in two parts that may go on separate lines: the organization, the rest."""
    title = report_title(report)
    organization = (report.organization or "").strip() or PLACEHOLDER_ORGANIZATION
    return organization, title[len(organization) :]


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Split narrative text into paragraphs: every non-blank line is one paragraph."""
    if not text:
        return ()
    return tuple(line.strip() for line in re.split(r"\r\n|\r|\n", text) if line.strip())


def format_cell(value: Cell) -> str:
    """The printed text of a cell: integers as is, decimals as written, ``None`` as empty.

    ``0`` prints ``0``; only ``None`` (no value in the source) prints nothing.
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = str(value)
        # 1E+2 or 5E-7 is how Decimal writes some JSON numbers; print them positionally.
        return format(value, "f") if "E" in text or "e" in text else text
    if isinstance(value, int):
        return str(value)
    return str(value).strip()


# --------------------------------------------------------------------------- document


def document(report: Report) -> tuple[str, tuple[SectionView, ...]]:
    """The report as printed: its title and its six sections in template order."""
    fmt = report.fmt
    tables = {table.section: table for table in fmt.tables}
    views = []
    for section in fmt.sections:
        if section.number in tables:
            views.append(SectionView(section.number, section.heading, grid=table_grid(report, tables[section.number])))
        else:
            text = report.sections.get(section.text_key) if section.text_key else None
            views.append(SectionView(section.number, section.heading, paragraphs=paragraphs(text)))
    return report_title(report), tuple(views)


def table_grid(report: Report, table: Table | str) -> Grid:
    """Lay out *table* (a :class:`Table` of the report's format or its key) with the report's values."""
    fmt = report.fmt
    if isinstance(table, str):
        table = fmt.table(table)
    builder = _LAYOUTS[table.key]
    return builder(fmt, table, report.table(table.key))


class _Builder:
    """Collects anchored cells row by row."""

    def __init__(self, table: Table, data: dict[str, dict[str, Cell]]) -> None:
        self.table = table
        self.data = data
        self.rows: list[GridRow] = []
        self.current: list[GridCell] = []

    def add(self, text: str, kind: str, col: int, rowspan: int = 1, colspan: int = 1) -> None:
        self.current.append(GridCell(text, kind, len(self.rows), col, rowspan, colspan))

    def add_value(self, row: Row, column: str, col: int, colspan: int = 1) -> None:
        value = self.data.get(row.key, {}).get(column)
        ref = f"{self.table.key}.{row.key}.{column}"
        self.current.append(GridCell(format_cell(value), DATA, len(self.rows), col, 1, colspan, value, ref))

    def end_row(self, head: bool = False, group: int = 0) -> None:
        self.rows.append(GridRow(tuple(self.current), head, group))
        self.current = []


# --------------------------------------------------------------------------- table 2


def _table2(fmt: ReportFormat, table: Table, data: dict[str, dict[str, Cell]]) -> Grid:
    """表二: per block a header row spanning the table, the 信息内容 row and the data rows.

    The data area is as wide as the widest block; in a narrower block the last column spans
    what is left (2019 （八）（九）: two columns over three; 2021 （五）（六）（八）: one over three).
    """
    width = max(len(block.columns) for block in table.blocks)
    b = _Builder(table, data)
    for index, block in enumerate(table.blocks):
        spans = _block_spans(block, width)
        b.add(block.header, BLOCK, 0, colspan=width + 1)
        b.end_row(group=index)
        b.add("信息内容", COLHEAD, 0)
        for column, (col, span) in zip(block.columns, spans, strict=True):
            b.add(column.label, COLHEAD, col, colspan=span)
        b.end_row(group=index)
        for row in block.rows:
            b.add(row.full_label, ROWHEAD, 0)
            for column, (col, span) in zip(block.columns, spans, strict=True):
                b.add_value(row, column.key, col, span)
            b.end_row(group=index)
    label = 44.0
    rest = (BODY_TEXT_WIDTH_MM - label) / width
    return Grid(table.key, table.title, width + 1, tuple(b.rows), (label, *([rest] * width)))


def _block_spans(block: Block, width: int) -> list[tuple[int, int]]:
    """(first grid column, colspan) of each data column of *block* in a data area of *width*."""
    spans = []
    for i, _column in enumerate(block.columns):
        last = i == len(block.columns) - 1
        spans.append((1 + i, width - i if last else 1))
    return spans


# --------------------------------------------------------------------------- table 3

_T3_LABEL_COLS = 3


def _in_results(row: Row) -> bool:
    """Rows printed under 三、本年度办理结果: the （一）…（七） rows and every grouped sub-row."""
    return bool(row.group) or row.number.startswith("（")


def _table3(fmt: ReportFormat, table: Table, data: dict[str, dict[str, Cell]]) -> Grid:
    """表三: the 3×3 note cell, the applicant header rows, then 一、二、三（…）、四."""
    columns = table.columns
    standalone = [c for c in columns if c.key in _T3_STANDALONE]
    organizations = [c for c in columns if c.key not in _T3_STANDALONE]
    col_of = {c.key: _T3_LABEL_COLS + i for i, c in enumerate(columns)}
    b = _Builder(table, data)
    b.add(fmt.table3_note, CORNER, 0, rowspan=3, colspan=_T3_LABEL_COLS)
    b.add(APPLICANTS_LABEL, COLHEAD, _T3_LABEL_COLS, colspan=len(columns))
    b.end_row(head=True)
    first_org = min(col_of[c.key] for c in organizations)
    for column in columns:
        if column in standalone:
            b.add(column.label, COLHEAD, col_of[column.key], rowspan=2)
        elif col_of[column.key] == first_org:
            b.add(ORGANIZATIONS_LABEL, COLHEAD, first_org, colspan=len(organizations))
    b.current.sort(key=lambda cell: cell.col)
    b.end_row(head=True)
    for column in organizations:
        b.add(column.label, COLHEAD, col_of[column.key])
    b.end_row(head=True)

    rows = table.rows
    results = [row for row in rows if _in_results(row)]
    group_sizes: dict[str, int] = {}
    for row in results:
        if row.group:
            group_sizes[row.group] = group_sizes.get(row.group, 0) + 1
    seen_results = False
    seen_groups: set[str] = set()
    for row in rows:
        if not _in_results(row):
            b.add(row.full_label, ROWHEAD, 0, colspan=_T3_LABEL_COLS)
        else:
            if not seen_results:
                b.add(TABLE3_RESULTS_GROUP, GROUP, 0, rowspan=len(results))
                seen_results = True
            if row.group:
                if row.group not in seen_groups:
                    b.add(row.group, GROUP, 1, rowspan=group_sizes[row.group])
                    seen_groups.add(row.group)
                b.add(row.full_label, ROWHEAD, 2)
            else:
                b.add(row.full_label, ROWHEAD, 1, colspan=2)
        for column in columns:
            b.add_value(row, column.key, col_of[column.key])
        b.end_row()
    label_widths = (11.0, 16.0, 52.0)
    rest = (BODY_TEXT_WIDTH_MM - sum(label_widths)) / len(columns)
    return Grid(
        table.key,
        table.title,
        _T3_LABEL_COLS + len(columns),
        tuple(b.rows),
        (*label_widths, *([rest] * len(columns))),
    )


# --------------------------------------------------------------------------- table 4


def _table4(fmt: ReportFormat, table: Table, data: dict[str, dict[str, Cell]]) -> Grid:
    """表四: one data row of 15 cells under three header rows.

    A row without group (行政复议) heads its columns directly, which then span the two lower
    header rows; consecutive rows of one group (行政诉讼) share a top header cell.
    """
    b = _Builder(table, data)
    starts: list[int] = []
    col = 0
    for row in table.rows:
        starts.append(col)
        col += len(row.columns)
    n_cols = col
    # Header row 1: a group label over its rows, or the row label itself.
    i = 0
    while i < len(table.rows):
        row = table.rows[i]
        if row.group:
            j = i
            while j < len(table.rows) and table.rows[j].group == row.group:
                j += 1
            width = sum(len(r.columns) for r in table.rows[i:j])
            b.add(row.group, COLHEAD, starts[i], colspan=width)
            i = j
        else:
            b.add(row.label, COLHEAD, starts[i], colspan=len(row.columns))
            i += 1
    b.end_row(head=True)
    # Header row 2: column labels of ungrouped rows (rowspan 2), row labels of grouped rows.
    for index, row in enumerate(table.rows):
        if row.group:
            b.add(row.label, COLHEAD, starts[index], colspan=len(row.columns))
        else:
            for offset, key in enumerate(row.columns):
                b.add(_column_label(table, key), COLHEAD, starts[index] + offset, rowspan=2)
    b.end_row(head=True)
    # Header row 3: column labels of grouped rows.
    for index, row in enumerate(table.rows):
        if row.group:
            for offset, key in enumerate(row.columns):
                b.add(_column_label(table, key), COLHEAD, starts[index] + offset)
    b.end_row(head=True)
    for index, row in enumerate(table.rows):
        for offset, key in enumerate(row.columns):
            b.add_value(row, key, starts[index] + offset)
    b.end_row()
    return Grid(table.key, table.title, n_cols, tuple(b.rows), tuple([BODY_TEXT_WIDTH_MM / n_cols] * n_cols))


def _column_label(table: Table, key: str) -> str:
    column: Column = table.column(key)
    return column.label


_LAYOUTS = {"table2": _table2, "table3": _table3, "table4": _table4}


def table_layout_widths(fmt: ReportFormat) -> set[float]:
    """Each table column's share (0–1) of its table's width, over *fmt*'s tables (they do not depend on the
    report's figures)."""
    shares = set()
    for table in fmt.tables:
        widths = _LAYOUTS[table.key](fmt, table, {}).widths
        shares |= {w / sum(widths) for w in widths}
    return shares

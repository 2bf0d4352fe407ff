"""From paragraphs and grids to a :class:`Report` plus what the parser found (解析结果).

Rules (never guess):

* a row is placed by its label, matched to the template (exact, alias, or a unique label cut off
  at the end); a row of fifteen values is table 4, the only table that wide;
* values go to columns by header position when the header and the row agree, otherwise in order
  when the row has exactly as many values as the template has columns; a row whose values cannot
  be placed stays empty (``None``) and the parser says so (``structure.unplaced_values``);
* rows with labels the template does not have are ignored with ``structure.extra_row``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from gongkai.core.findings import ERROR, INFO, WARNING, Finding
from gongkai.core.formats import FORMATS, Row, format_for_year
from gongkai.core.parse.blocks import Block, Grid, Para
from gongkai.core.parse.labels import (
    LabelIndex,
    RowMatch,
    format_evidence,
    index_for,
    is_paren_heading,
    match_heading,
)
from gongkai.core.parse.normalize import BLANK, NULL, NUMBER, label_key, parse_value, split_numbering, strip_numbering
from gongkai.core.report import Report

__all__ = ["Assembly", "assemble", "find_period_year", "find_title"]

_TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}
_SUBTOTAL = re.compile(r"小计")
# The end of the report's text: page chrome of a web copy, or the 图解 (charts) our own renderer appends.
_CHROME_END = re.compile(
    r"^(?:附[：:]\s*图解|【?\s*(?:打印|关闭|字体|分享|收藏|扫一扫|返回顶部)|版权所有|主办单位|承办单位|网站标识码|.*ICP备|联系我们|网站地图|上一篇|下一篇|相关链接|相关文件)"
)


@dataclass
class Assembly:
    """The outcome of :func:`assemble`: the report, the parser's findings and counts for callers."""

    report: Report
    findings: list[Finding]
    placed_cells: int = 0
    headings: dict[int, int | None] = field(default_factory=dict)
    #: Cells whose reading is not certain (``tableN.row.column``).
    uncertain: set[str] = field(default_factory=set)
    #: Template rows found in the source (with values or printed blank).
    rows_seen: int = 0


# ------------------------------------------------------------------ title

_CN_YEAR = str.maketrans("〇零一二三四五六七八九", "00123456789")
_YEAR = r"((?:19|20)\d{2}|[二][〇零][一二三四五六七八九〇零][〇零一二三四五六七八九])"
_REPORT = r"(?:政府)?信息公开(?:工作)?(?:的)?(?:年度)?(?:工作)?报告"
_TITLE_YEAR_LAST = re.compile(
    rf"(?P<org>[^\s，。：:；;“”\"]{{2,40}}?)(?:关于)?{_YEAR}年度?(?:的)?(?:本[级机关单位]*)?" + _REPORT
)
_TITLE_YEAR_FIRST = re.compile(rf"{_YEAR}年度?(?P<org>[^\s，。：:；;“”\"]{{2,40}}?)" + _REPORT)
#: A title without the body's name (关于2021年度政府信息公开工作的年度报告): the name is on the line
#: before or after it.
_TITLE_NO_ORG = re.compile(rf"^(?:关于)?{_YEAR}年度?(?:的)?(?:本[级机关单位]*)?" + _REPORT + "$")
_ORG_LINE = re.compile(
    r"^[^\s，。：:；;“”\"0-9]{2,30}(?:人民政府|办事处|政府|委员会|局|厅|办公室|中心|管理处|街道|镇|乡|院|所|站|队|会|馆|署)$"
)
#: The statistics period: 本报告所列数据的统计期限为2024年1月1日至2024年12月31日.
_PERIOD = re.compile(
    r"(?:统计|数据|期限|时限)[^。]{0,30}?(?:自|为|是|从)?\s*((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*0?1\s*(?:月|-|/|\.)\s*0?1\s*日?"
    r"[^。]{0,8}?(?:至|到|—|-|~)\s*(?:((?:19|20)\d{2})\s*(?:年|-|/|\.))?\s*12\s*(?:月|-|/|\.)\s*31"
)


def _clean_org(org: str, compact: str, end: int) -> str | None:
    org = org.strip("《》〈〉“”_-—|·")
    org = re.sub(r"^(?:现|特|兹)?(?:向社会)?(?:关于|印发|公布|发布)", "", org)
    org = re.sub(r"(?:关于|的)$", "", org)
    if org.endswith("人民") and compact[end:].startswith("政府信息"):
        org += "政府"
    return org or None


def find_title(texts: list[str]) -> tuple[str | None, int | None]:
    """Organization and year from a title such as ``思礼镇人民政府2020年政府信息公开工作年度报告``.

    A title naming no body (``关于2021年度政府信息公开工作的年度报告``) takes the name from the
    line before or after it; the first title with both wins, else the first with a year.
    """
    best: tuple[str | None, int | None] = (None, None)
    compacts = [re.sub(r"\s+", "", text) for text in texts]
    for n, compact in enumerate(compacts):
        if "报告" not in compact or len(compact) > 90:
            continue
        bare = _TITLE_NO_ORG.match(compact)
        if bare:
            year = int(bare.group(1).translate(_CN_YEAR))
            for near in (compacts[n - 1] if n else "", compacts[n + 1] if n + 1 < len(compacts) else ""):
                if _ORG_LINE.match(near):
                    return near, year
            if best[1] is None:
                best = (None, year)
            continue
        for pattern in (_TITLE_YEAR_LAST, _TITLE_YEAR_FIRST):
            match = pattern.search(compact)
            if match:
                year = int(match.group(2 if pattern is _TITLE_YEAR_LAST else 1).translate(_CN_YEAR))
                org = _clean_org(match.group("org"), compact, match.end("org"))
                if org is not None:
                    return org, year
                if best[1] is None:
                    best = (None, year)
                break
    return best


def find_period_year(texts: list[str]) -> int | None:
    """The report year from the statistics period (统计期限为2024年1月1日至2024年12月31日)."""
    for text in texts:
        match = _PERIOD.search(re.sub(r"\s+", "", text))
        if match and (match.group(2) is None or match.group(2) == match.group(1)):
            return int(match.group(1))
    return None


# ------------------------------------------------------------------ cell reading


@dataclass(slots=True)
class _Cell:
    pos: int
    kind: str
    value: int | Decimal | None
    unit: str
    text: str


@lru_cache(maxsize=8192)
def _cell_info(text: str) -> tuple[str, int | Decimal | None, str, str]:
    """A cell text's kind, value and unit (:func:`parse_value`) and its stripped text."""
    return (*parse_value(text), text.strip())


def _read_cells(row: list[str | None]) -> tuple[list[_Cell], list[_Cell]]:
    """Split a grid row into its label cells and the value cells after the last label."""
    cells = [_Cell(pos, *_cell_info(text)) for pos, text in enumerate(row) if text is not None]
    last = len(cells) - 1
    while last >= 0 and cells[last].kind != "text":
        last -= 1
    return [c for c in cells[: last + 1] if c.kind == "text"], cells[last + 1 :]


def _trim(values: list[_Cell]) -> list[_Cell]:
    start, end = 0, len(values)
    while start < end and values[start].kind == BLANK:
        start += 1
    while end > start and values[end - 1].kind == BLANK:
        end -= 1
    return values[start:end]


# ------------------------------------------------------------------ the table reader


class _Tables:
    """Places rows of every grid into the template, keeping header positions across page breaks."""

    def __init__(self, index: LabelIndex) -> None:
        self.index = index
        self.fmt = index.format
        self.data: dict[str, dict[str, dict[str, int | Decimal | str | None]]] = {
            t.key: {r.key: dict.fromkeys(r.columns) for r in t.rows} for t in self.fmt.tables
        }
        self.placed: dict[tuple[str, str], str] = {}
        self.findings: list[Finding] = []
        self.headers: dict[str, dict[str, int]] = {}
        self.extras: dict[str, set[int]] = {}
        self.width: int | None = None
        self.last_row: dict[str, str] = {}
        self.variant_seen: set[str] = set()
        self.cells = 0
        self.current: str | None = None
        self.pending_variants: dict[str, dict[str, str]] = {}
        #: Rows printed with every cell blank (present, not absent): (table, row) → label.
        self.blank_rows: dict[tuple[str, str], str] = {}
        #: Cells placed by a reading that is not certain (row placed by its neighbours …).
        self.uncertain: set[str] = set()
        #: Data rows without a label, waiting for the labelled row after them: (table, values, ordered).
        self.unlabelled: list[tuple[list[_Cell], bool, int]] = []
        self.ordered = False
        self.column_defs = {t.key: {c.key: c for c in t.columns} for t in self.fmt.tables}
        #: The rows of the grid being read, split into label and value cells (see :meth:`read`).
        self.split: list[tuple[list[_Cell], list[_Cell]]] = []

    # -------------------------------------------------------------- findings

    def _variant(self, key: str, finding: Finding) -> None:
        if key not in self.variant_seen:
            self.variant_seen.add(key)
            self.findings.append(finding)

    def _row_label(self, table: str, row: Row) -> str:
        return f"{row.group}{row.full_label}" if row.group else row.full_label

    # -------------------------------------------------------------- headers

    def _header_row(self, labels: list[_Cell], previous: list[_Cell]) -> None:
        above = {c.pos: c.text for c in previous}
        skip = False
        for n, cell in enumerate(labels):
            if skip:
                skip = False
                continue
            if split_numbering(label_key(cell.text))[0]:
                continue  # a numbered label is a row, never a column heading
            matches = []
            if n + 1 < len(labels):
                # A heading wrapped into two cells or lines: 本年收费金额 / （单位：万元）, 商业 / 企业.
                joined = self.index.match_column(cell.text + labels[n + 1].text)
                exact = [m for m in joined if not m[2]]
                if exact:
                    matches, skip = exact, True
            if not matches:
                matches = self.index.match_column(cell.text)
            if not matches and cell.pos in above:
                matches = self.index.match_column(above[cell.pos] + cell.text)
            for table, column, variant in matches:
                self.headers.setdefault(table, {})[column] = cell.pos
                if variant:
                    # Said once a row of that table is read under this heading (合计 is both
                    # a table-3 and a table-4 heading).
                    self.pending_variants.setdefault(table, {})[column] = cell.text
            if not matches and _SUBTOTAL.search(cell.text):
                self.extras.setdefault("table3", set()).add(cell.pos)

    def _column_variant(self, table: str, column: str, text: str) -> None:
        col = self.fmt.table(table).column(column)
        if label_key(text) == label_key(col.label):
            return
        self._variant(
            f"col:{table}.{column}",
            Finding(
                "structure.label_variant",
                WARNING,
                f"{_TABLE_NAMES[table]}列标题“{text.strip()}”与模板“{col.label}”措辞不同，按“{col.label}”读取",
                tuple(f"{table}.{r.key}.{column}" for r in self.fmt.table(table).rows if column in r.columns),
            ),
        )

    # -------------------------------------------------------------- rows

    def _match(self, labels: list[_Cell]) -> tuple[RowMatch | None, int]:
        """Match the row's label cells (joined from the end when a label is wrapped)."""
        texts = [c.text for c in labels]
        best: RowMatch | None = None
        used = 0
        for k in range(1, min(3, len(texts)) + 1):
            match = self.index.match_row("".join(texts[-k:]))
            if match is None:
                continue
            if match.how != "truncated":
                return match, k
            if best is None:
                best, used = match, k
        if best is None and texts and strip_numbering(label_key(texts[-1])) in ("其他", "总计", "合计"):
            best = self._contextual(texts)
            used = 1 if best else 0
        if best is None and len(labels) >= 2 and len(label_key(texts[-1])) <= 3:
            # The tail of a wrapped group cell (（六）其他 / 处理) printed next to the values.
            return self._match(labels[:-1])
        if best is None:
            # Layout text: a group cell's tail printed between the two lines of a wrapped label.
            pieces = [p for t in texts[-3:] for p in t.split()]
            kept = [p for p in pieces if len(p) > 3 or split_numbering(label_key(p))[0]]
            if kept != texts[-len(kept) :]:
                for k in range(1, min(3, len(kept)) + 1):
                    match = self.index.match_row("".join(kept[-k:]))
                    if match is not None and match.how != "truncated":
                        return match, k
        return best, used

    def _contextual(self, texts: list[str]) -> RowMatch | None:
        """A bare 其他 / 总计 is a row only right after its group cell (（六）其他处理 → 3.其他)."""
        if len(texts) >= 2 and self.index.is_group(texts[-2]):
            group = strip_numbering(label_key(texts[-2]))
            for table in self.fmt.tables:
                for row in table.rows:
                    if (
                        row.group
                        and strip_numbering(label_key(row.group)).startswith(group)
                        and strip_numbering(label_key(row.label)) == strip_numbering(label_key(texts[-1]))
                    ):
                        return RowMatch(table.key, row, "exact", texts[-1])
        return None

    def _place(self, table: str, row: Row, values: dict[str, int | Decimal | str | None], label: str) -> None:
        key = (table, row.key)
        if key in self.placed:
            if any(self.data[table][row.key][c] != v for c, v in values.items()):
                self.findings.append(
                    Finding(
                        "structure.duplicate_row",
                        WARNING,
                        f"{_TABLE_NAMES[table]}“{self._row_label(table, row)}”一行出现两次且数值不同，保留第一次的数值",
                        tuple(f"{table}.{row.key}.{c}" for c in row.columns),
                    )
                )
            return
        self.placed[key] = label
        self.last_row[table] = row.key
        self.current = table
        for column, text in self.pending_variants.pop(table, {}).items():
            self._column_variant(table, column, text)
        for column, value in values.items():
            self.data[table][row.key][column] = value
            if value is not None:
                self.cells += 1

    def _unplaced(self, table: str, row: Row, count: int, label: str) -> None:
        self.placed.setdefault((table, row.key), label)
        for column, text in self.pending_variants.pop(table, {}).items():
            self._column_variant(table, column, text)
        self.findings.append(
            Finding(
                "structure.unplaced_values",
                WARNING,
                f"{_TABLE_NAMES[table]}“{label}”一行有 {count} 个数值，模板该行有 {len(row.columns)} 列，"
                "无法确定各数值所属的列，未读取",
                tuple(f"{table}.{row.key}.{c}" for c in row.columns),
            )
        )

    def _value(self, table: str, row: str, column: str, cell: _Cell) -> int | Decimal | str | None:
        if cell.kind != NUMBER:
            return None
        col = self.column_defs[table][column]
        if cell.unit and col.kind == "money" and col.unit and cell.unit != col.unit:
            return cell.text  # a different unit than the template's: kept as written for the checker
        if cell.unit and col.kind == "money" and not col.unit:
            self._variant(
                f"unit:{table}.{column}",
                Finding(
                    "cell.unit",
                    INFO,
                    f"“{col.label}”原文写作“{cell.text}”，按 {cell.value} 读取（单位：{cell.unit}）",
                    (f"{table}.{row}.{column}",),
                ),
            )
        return cell.value

    def _columns(
        self, table: str, row: Row, values: list[_Cell], positioned: bool, width: int
    ) -> dict[str, int | Decimal | str | None] | None:
        """Values of *row* by column, or None when they cannot be placed."""
        columns = row.columns
        header = self.headers.get(table, {})
        # A row shorter than the header (cells missing at its end) is not read by position.
        if positioned and all(c in header for c in columns) and max([header[c] for c in columns]) < width:
            spots = {header[c]: c for c in columns}
            allowed = set(spots) | self.extras.get(table, set())
            if len(spots) == len(columns) and all(
                v.pos in allowed for v in values if v.kind in (NUMBER, NULL) or (v.kind == "text")
            ):
                by_pos = {v.pos: v for v in values}
                return {
                    c: (self._value(table, row.key, c, by_pos[header[c]]) if header[c] in by_pos else None)
                    for c in columns
                }
        if self.ordered and len(values) >= len(columns) and all(v.kind == BLANK for v in values[len(columns) :]):
            # Cells ended by "|": every cell is marked, blank ones too, so order is column order.
            return {c: self._value(table, row.key, c, v) for c, v in zip(columns, values, strict=False)}
        trimmed = _trim(values)
        if len(trimmed) == len(columns):
            return {c: self._value(table, row.key, c, v) for c, v in zip(columns, trimmed, strict=True)}
        extras = self.extras.get(table, set())
        if positioned and extras and all(c in header for c in columns):
            order = sorted({header[c] for c in columns} | extras)
            if len(trimmed) == len(order):
                names = {header[c]: c for c in columns}
                return {
                    names[pos]: self._value(table, row.key, names[pos], v)
                    for pos, v in zip(order, trimmed, strict=True)
                    if pos in names
                }
        return None

    def read(self, grid: Grid) -> None:
        """Place the rows of one grid."""
        width = max((len(r) for r in grid.rows), default=0)
        if grid.positioned and width != self.width:
            self.headers, self.extras = {}, {}
        if grid.positioned:
            self.width = width
        previous: list[_Cell] = []
        rows = grid.rows
        self.ordered = grid.ordered
        self.unlabelled = []
        if not grid.positioned and not any(
            parse_value(c)[0] in (NUMBER, NULL) for row in rows for c in row if c is not None
        ):
            self._blank_table(rows)
            return
        split = self.split = [_read_cells(row) for row in rows]  # each row's (labels, values), once
        i = 0
        while i < len(rows):
            labels, values = split[i]
            i += 1
            if not any(v.kind in (NUMBER, NULL) for v in values):
                if labels and i < len(rows) and self._values_apart(labels, split[i]):
                    # The label on one line, its values alone on the next (values printed apart).
                    _none, apart = split[i]
                    i += 1
                    previous = []
                    self._data_row(labels, apart, grid.positioned, rows, i)
                    continue
                if labels:
                    if self._blank_row(labels, values):
                        previous = []
                        continue
                    self._header_row(labels, previous)
                    previous = labels
                continue
            if not grid.positioned:
                self._header_row(labels, [])
            previous = []
            self._data_row(labels, values, grid.positioned, rows, i)
        self._flush_unlabelled(None)

    def _values_apart(self, labels: list[_Cell], nxt: tuple[list[_Cell], list[_Cell]]) -> bool:
        """Whether a label-only row is a template row whose values are the next row's (*nxt*: its
        label and value cells), alone."""
        nxt_labels, nxt_values = nxt
        if nxt_labels or not any(v.kind == NUMBER for v in nxt_values):
            return False
        match, _used = self._match(labels)
        return match is not None and match.how != "truncated" and match.table != "table4"

    def _blank_table(self, rows: list[list[str | None]]) -> None:
        """Lines of labels without one value (tables printed with every cell blank): each label
        that is a template row is a row present with blank cells."""
        for row in rows:
            for text in row:
                if text:
                    labels, _values = _read_cells([text])
                    if labels:
                        self._blank_row(labels, [_Cell(1, BLANK, None, "", "")])

    def _blank_row(self, labels: list[_Cell], values: list[_Cell]) -> bool:
        """A template row printed with every cell blank: present, not absent (its cells stay None)."""
        if not values:
            return False  # a label alone is as often a heading as a row: only blank cells make it a row
        match, _used = self._match(labels)
        if match is None or match.how == "truncated" or (match.table, match.row.key) in self.placed:
            return False
        if match.table == "table4":
            return False  # table-4 groups are headings; its data rows carry no label
        self.blank_rows[(match.table, match.row.key)] = match.label
        self.placed[(match.table, match.row.key)] = match.label
        self.last_row[match.table] = match.row.key
        self.current = match.table
        if match.how != "exact":
            self._row_variant(match)
        return True

    def _flush_unlabelled(self, after: tuple[str, Row] | None) -> None:
        """Rows that lost their label, placed between the labelled rows around them when exactly
        as many template rows are missing there; otherwise left unread with a finding."""
        pending, self.unlabelled = self.unlabelled, []
        if not pending:
            return
        if after is not None and self.current is not None:
            table, row = after
            order = [r for r in self.fmt.table(table).rows]
            index = next(n for n, r in enumerate(order) if r.key == row.key)
            gap: list[Row] = []
            for r in reversed(order[:index]):
                if (table, r.key) in self.placed:
                    break
                gap.insert(0, r)
            before_ok = len(gap) < index  # a labelled row of this table comes before the gap
            if before_ok and len(gap) == len(pending):
                for r, (values, positioned, width) in zip(gap, pending, strict=True):
                    placed = self._columns(table, r, values, positioned, width)
                    if placed is None:
                        self._unplaced(table, r, len(values), "（无标签）")
                        continue
                    self._place(table, r, placed, "（无标签）")
                    self.uncertain.update(f"{table}.{r.key}.{c}" for c in r.columns)
                    self.findings.append(
                        Finding(
                            "structure.label_variant",
                            WARNING,
                            f"{_TABLE_NAMES[table]}有一行数值没有行标签，按其前后行的位置读取为“{self._row_label(table, r)}”"
                            "（读取不确定，请对照原件核对）",
                            tuple(f"{table}.{r.key}.{c}" for c in r.columns),
                            confidence="uncertain",
                        )
                    )
                return
        where = _TABLE_NAMES[self.current] if self.current else "表格"
        self.findings.append(
            Finding(
                "structure.extra_row",
                WARNING,
                f"{where}中有 {len(pending)} 行数值没有行标签，前后行不能确定它们是哪一行，未读取",
                (),
            )
        )

    def _data_row(
        self, labels: list[_Cell], values: list[_Cell], positioned: bool, rows: list[list[str | None]], i: int
    ) -> None:
        count = sum(1 for v in values if v.kind in (NUMBER, NULL))
        if not labels and (positioned or self.ordered) and len(values) == 15 and count:
            # Table 4's row: fifteen cells, blank ones (&nbsp;) kept in their columns.
            t4 = self.fmt.table4
            for n, row in enumerate(t4.rows):
                part = values[n * 5 : n * 5 + 5]
                self._place(
                    "table4",
                    row,
                    {c: self._value("table4", row.key, c, v) for c, v in zip(row.columns, part, strict=True)},
                    "表四",
                )
            return
        if not labels and positioned and len(_trim(values)) < 15 and count != 15:
            # Values printed apart from their label (a markdown row that lost its label cell).
            if self.current is not None and self.current != "table4":
                self.unlabelled.append((values, positioned, len(rows[i - 1])))
                return
        cells15 = values if self.ordered or positioned else [v for v in values if v.kind != BLANK]
        if (count == 15 or len(_trim(cells15)) == 15) and (not labels or self.index.match_row(labels[-1].text) is None):
            trimmed = _trim(cells15) if len(_trim(cells15)) == 15 else _trim([v for v in values if v.kind != BLANK])
            if len(trimmed) == 15:
                t4 = self.fmt.table4
                for n, row in enumerate(t4.rows):
                    part = trimmed[n * 5 : n * 5 + 5]
                    self._place(
                        "table4",
                        row,
                        {c: self._value("table4", row.key, c, v) for c, v in zip(row.columns, part, strict=True)},
                        "表四",
                    )
                return
        match, _used = self._match(labels)
        if match is None and labels and self._single_other_row(labels, values, count):
            return
        if (match is None or match.how == "truncated") and i < len(rows):
            # A label wrapped onto the next (label-only) row: 1.申请人…其政府信息公开 / 申请.
            nxt_labels, nxt_values = self.split[i]
            if nxt_labels and not any(v.kind in (NUMBER, NULL) for v in nxt_values):
                joined, _used = self._match([*labels, *nxt_labels])
                if match is None or (joined is not None and joined.how == "exact" and joined.row == match.row):
                    match = joined
            elif match is not None and len(nxt_labels) >= 2:
                # The wrapped tail printed before the next row's own label (信息公开申请 3.其他 0 0 …).
                joined, _used = self._match([*labels, nxt_labels[0]])
                if joined is not None and joined.how == "exact" and joined.row == match.row:
                    match = joined
        if match is None:
            label = "".join(c.text for c in labels[-2:]) or "（无标签）"
            where = _TABLE_NAMES[self.current] if self.current else "表格"
            self.findings.append(
                Finding(
                    "structure.extra_row",
                    WARNING,
                    f"{where}中有模板以外的行“{label}”（{count} 个数值），已忽略",
                    (),
                )
            )
            return
        table, row = match.table, match.row
        if self.unlabelled:
            self._flush_unlabelled((table, row) if table == self.current else None)
        if match.how != "exact":
            self._row_variant(match)
        placed = self._columns(table, row, values, positioned, len(rows[i - 1]))
        if placed is None:
            self._unplaced(table, row, count, match.label.strip())
            return
        self._place(table, row, placed, match.label)

    def _single_other_row(self, labels: list[_Cell], values: list[_Cell], count: int) -> bool:
        """A 2021-format report printing the 2019 single row （六）其他处理 instead of （六）1–3:
        the row is read and named; its numbers cannot be split into 1–3, which stay empty."""
        if self.fmt.version != "2021":
            return False
        old = index_for("2019").match_row("".join(c.text for c in labels[-2:]))
        if old is None or old.row.key != "other":
            old = index_for("2019").match_row(labels[-1].text)
            if old is None or old.row.key != "other":
                return False
        numbers = [v.text for v in _trim(values) if v.kind in (NUMBER, NULL)]
        rows = [r for r in self.fmt.table3.rows if r.key.startswith("other_")]
        for r in rows:
            self.placed.setdefault(("table3", r.key), labels[-1].text)
        self.findings.append(
            Finding(
                "structure.template_deviation",
                WARNING,
                "表三按 2021 年格式应分列“（六）其他处理”1–3 三行，本报告只印了 2019 年格式的一行"
                f"“{labels[-1].text}”（数值：{'、'.join(numbers) or '空'}）：这些数值无法分到 1–3 行，（六）1–3 未读取",
                tuple(f"table3.{r.key}.{c}" for r in rows for c in r.columns),
            )
        )
        return True

    def _row_variant(self, match: RowMatch) -> None:
        table, row = match.table, match.row
        if match.how == "truncated":
            message = (
                f"{_TABLE_NAMES[table]}行标签“{match.label.strip()}”不完整，按模板“{self._row_label(table, row)}”读取"
            )
            severity = INFO
        else:
            message = (
                f"{_TABLE_NAMES[table]}行标签“{match.label.strip()}”与模板“{row.full_label}”措辞不同，按模板行读取"
            )
            severity = WARNING
        self._variant(
            f"row:{table}.{row.key}",
            Finding("structure.label_variant", severity, message, tuple(f"{table}.{row.key}.{c}" for c in row.columns)),
        )


# ------------------------------------------------------------------ sections


def _section_texts(blocks: list[Block], headings: list[tuple[int, int, int | None]]) -> dict[str, str | None]:
    fmt = FORMATS["2021"]
    out: dict[str, str | None] = {"overview": None, "problems": None, "other": None}
    for n, (start, number, _printed) in enumerate(headings):
        key = fmt.section(number).text_key
        if key is None:
            continue
        end = headings[n + 1][0] if n + 1 < len(headings) else len(blocks)
        parts: list[str] = []
        for block in blocks[start + 1 : end]:
            if not isinstance(block, Para):
                continue
            if _CHROME_END.match(block.text.strip()):
                break
            parts.append(block.text.strip())
        text = "\n\n".join(p for p in parts if p)
        out[key] = text or None
    return out


def _detect_format(blocks: list[Block], year: int | None) -> tuple[str, list[Finding]]:
    votes = {"2019": 0, "2021": 0}
    # Each distinct cell text is looked at once, counted as often as it is printed.
    cells = Counter(
        cell for block in blocks if isinstance(block, Grid) for row in block.rows for cell in row if cell and len(cell) > 3
    )
    for cell, count in cells.items():
        version = format_evidence(label_key(cell))
        if version:
            votes[version] += count
    for block in blocks:
        if isinstance(block, Para) and len(block.text) <= 40:
            # A table whose cells are all blank comes out as lines of labels: they still tell
            # the template (a 2022 report printed in the 2019 tables).
            version = format_evidence(label_key(block.text))
            if version:
                votes[version] += 1
    if votes["2019"] != votes["2021"]:
        return max(votes, key=lambda v: votes[v]), []
    if year is not None:
        try:
            return format_for_year(year).version, []
        except Exception:  # noqa: BLE001 - a year before 2019 has no format; fall through
            pass
    return "2021", [
        Finding(
            "structure.format_unknown",
            INFO,
            "表格标签和年度都不能确定年报格式，按 2021 年格式读取",
            (),
        )
    ]


_RUN_IN = re.compile(r"^(.{4,30}?)[：:]\s*(.+)$", re.S)


def _split_run_in_headings(blocks: list[Block]) -> list[Block]:
    """``一、总体情况：2020年…`` (heading and text in one paragraph) → heading, then text."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Para) and match_heading(block.text) is None:
            match = _RUN_IN.match(block.text.strip())
            if match and match_heading(match.group(1)):
                out += [Para(match.group(1)), Para(match.group(2))]
                continue
        out.append(block)
    return out


def _repeated(run: list[int], found_at: list[tuple[int, int | None] | None]) -> bool:
    """Whether the sections of a run of headings are found again after it (a table of contents);
    a report whose sections 二 三 四 are empty has the run once."""
    later = {f[0] for f in found_at[run[-1] + 1 :] if f}
    return sum(1 for i in run if found_at[i][0] in later) >= 2  # type: ignore[index]


def _choose_headings(
    blocks: list[Block], found_at: list[tuple[int, int | None] | None]
) -> list[tuple[int, int, int | None]]:
    # A table of contents: three or more headings in a row with nothing between them.
    toc: set[int] = set()
    run: list[int] = []
    for i, found in enumerate([*found_at, None]):
        if found is not None and not any(found_at[j][0] == found[0] for j in run):  # type: ignore[index]
            run.append(i)
            continue
        if len(run) >= 3 and _repeated(run, found_at):
            toc.update(run)
        run = [i] if found is not None else []
    # Per section the first heading numbered 一、 wins over one numbered （一） (a sub-heading's form).
    chosen: dict[int, tuple[int, int | None]] = {}
    weak: dict[int, tuple[int, int | None]] = {}
    for i, found in enumerate(found_at):
        if not found or i in toc:
            continue
        target = weak if is_paren_heading(blocks[i].text) else chosen  # type: ignore[union-attr]
        target.setdefault(found[0], (i, found[1]))
    for number, spot in weak.items():
        chosen.setdefault(number, spot)
    return sorted((i, number, printed) for number, (i, printed) in chosen.items())


_RUN_TOGETHER = re.compile(r"^(\D{2,40}?)(\d{2,})$")


def _run_together(blocks: list[Block], tables: _Tables) -> list[Finding]:
    """Cells run together in extraction (规章000): said, never split by guessing."""
    findings: list[Finding] = []
    seen: set[str] = set()
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            texts += block.text.split()
        else:
            texts += [c for row in block.rows for c in row if c]
    for text in dict.fromkeys(texts):  # a text printed twice gives what it gave the first time
        if not 4 <= len(text) <= 60 or not text[-1].isdigit() or "。" in text:  # 2+ letters, 2+ digits
            continue
        match = _RUN_TOGETHER.match(label_key(text))
        if not match:
            continue
        row = tables.index.match_row(match.group(1))
        if row is None or row.how == "truncated" or (row.table, row.row.key) in seen:
            continue
        if (row.table, row.row.key) in tables.placed and (row.table, row.row.key) not in tables.blank_rows:
            continue
        seen.add((row.table, row.row.key))  # type: ignore[arg-type]
        findings.append(
            Finding(
                "structure.run_together",
                WARNING,
                f"{_TABLE_NAMES[row.table]}“{text.strip()}”：行标签与数字连在一起（{match.group(2)}），"
                f"无法确定数字如何分到 {len(row.row.columns)} 列，未读取",
                tuple(f"{row.table}.{row.row.key}.{c}" for c in row.row.columns),
            )
        )
    return findings


def assemble(blocks: list[Block], title_hints: list[str] | None = None) -> Assembly:
    """Build the report from the blocks a reader produced."""
    blocks = _split_run_in_headings(blocks)
    found_at = [match_heading(b.text) if isinstance(b, Para) else None for b in blocks]
    headings = _choose_headings(blocks, found_at)
    first = headings[0][0] if headings else len(blocks)
    intro = [b.text for b in blocks[: min(first, 12)] if isinstance(b, Para)]
    candidates = [*intro]
    candidates += ["".join(intro[i : i + 2]) for i in range(len(intro) - 1)]
    candidates += list(title_hints or [])
    organization, year = find_title(candidates)
    findings: list[Finding] = []
    if year is None:
        paras = [b.text for b in blocks[: first + 40] if isinstance(b, Para)]
        year = find_period_year(paras)
        if year is not None:
            findings.append(
                Finding(
                    "structure.title",
                    INFO,
                    f"标题中没有年度，按正文所述统计期限读作 {year} 年度",
                    (),
                    confidence="likely",
                )
            )
    if organization is None or year is None:
        findings.append(
            Finding(
                "structure.title",
                WARNING,
                "未能从标题识别" + "、".join(w for w, v in (("机关名称", organization), ("年度", year)) if v is None),
                (),
            )
        )
    version, format_findings = _detect_format(blocks, year)
    findings.extend(format_findings)
    index = index_for(version)
    tables = _Tables(index)
    for block in blocks:
        if isinstance(block, Grid):
            tables.read(block)
    findings.extend(tables.findings)
    findings.extend(_run_together(blocks, tables))
    findings.extend(_labels_alone(blocks, tables))
    findings.extend(_blank_rows(tables))
    findings.extend(_missing_rows(tables))
    findings.extend(_heading_findings(headings, tables))
    sections = _section_texts(blocks, sorted(headings))
    report = Report(format=version, year=year, organization=organization, sections=sections, **tables.data)
    assembly = Assembly(report, findings, tables.cells, {n: p for _, n, p in headings})
    assembly.uncertain = tables.uncertain
    assembly.rows_seen = len(tables.placed)
    return assembly


def _labels_alone(blocks: list[Block], tables: _Tables) -> list[Finding]:
    """Rows of a table that is there, not read from its grids, whose label the source prints on a
    line of its own with no value: printed with blank cells, not absent.

    A borderless table's blank rows come out of page text as bare lines of labels (行政强制 beside the
    headings of the next part, （七）总计 as a paragraph), so they never reach a grid's rows. Only an
    exact template label counts (a label wrapped onto two lines is joined), and a bare 其他 only right
    after the row before it. Their cells stay blank either way; the finding says the reading is likely,
    not certain, since a label alone can also be a heading whose values were printed elsewhere.
    """
    present = {table for table, _row in tables.placed}
    if not present:
        return []
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            texts.append(block.text.strip())
        else:
            texts += [c.strip() for row in block.rows for c in row if c and c.strip()]
    found: dict[str, list[Row]] = {}
    previous: tuple[str, Row] | None = None
    i = 0
    while i < len(texts):
        match, used = _label_alone(tables, texts, i, previous)
        if match is None:
            i += 1
            continue
        i += used
        key = (match.table, match.row.key)
        previous = (match.table, match.row)
        if match.table not in present or match.table == "table4" or key in tables.placed:
            continue
        tables.placed[key] = match.label
        found.setdefault(match.table, []).append(match.row)
    return _rows_finding(
        tables,
        lambda table, row: row in found.get(table, []),
        "{table}这些行只印有行名、没有数值，按单元格全部为空读取（不是缺行）：{names}",
        confidence="likely",
    )


def _label_alone(
    tables: _Tables, texts: list[str], i: int, previous: tuple[str, Row] | None
) -> tuple[RowMatch | None, int]:
    """The template row whose exact label is *texts[i]* (or it joined with the next text), if that
    text carries no value; with the number of texts it used."""
    for used in (1, 2):
        if i + used > len(texts):
            break
        text = "".join(texts[i : i + used])
        if len(text) > 80:
            break
        # A character of a vertical group cell left before the label (处 2.申请人…) is not part of it.
        pieces = text.split()
        if len(pieces) > 1 and len(pieces[0]) == 1:
            text = "".join(pieces[1:])
        labels, values = _read_cells([text])
        if not labels or values:
            break
        match = tables.index.match_row(text)
        if match is not None and match.how == "exact":
            return match, used
        if used == 1 and match is None and previous is not None:
            # 3.其他 right after the row before it in the template (its group's other rows).
            table, row = previous
            order = tables.fmt.table(table).rows
            at = order.index(row)
            nxt = order[at + 1] if at + 1 < len(order) else None
            bare = strip_numbering(label_key(text))
            if nxt is not None and nxt.group == row.group and strip_numbering(label_key(nxt.label)) == bare:
                return RowMatch(table, nxt, "exact", text), 1
    return None, 0


def _blank_rows(tables: _Tables) -> list[Finding]:
    """Rows the source prints with every cell blank: present, unlike absent rows."""
    return _rows_finding(
        tables,
        lambda table, row: (table, row.key) in tables.blank_rows,
        "{table}印有这些行但单元格全部为空（不是缺行）：{names}",
    )


def _rows_finding(tables: _Tables, chosen, message: str, confidence: str | None = None) -> list[Finding]:  # noqa: ANN001
    """One ``structure.blank_cells`` finding per table for the rows *chosen* (table key, row) picks,
    naming the first three (*message* takes {table} and {names})."""
    findings: list[Finding] = []
    for table in tables.fmt.tables:
        rows = [r for r in table.rows if chosen(table.key, r)]
        if not rows:
            continue
        names = "；".join(tables._row_label(table.key, r) for r in rows[:3])
        names += f" 等 {len(rows)} 行" if len(rows) > 3 else ""
        findings.append(
            Finding(
                "structure.blank_cells",
                WARNING,
                message.format(table=_TABLE_NAMES[table.key], names=names),
                tuple(f"{table.key}.{r.key}.{c}" for r in rows for c in r.columns),
                confidence=confidence,
            )
        )
    return findings


def _missing_rows(tables: _Tables) -> list[Finding]:
    """Rows absent from the source of a table that is otherwise there (a table cut off, rows lost)."""
    findings: list[Finding] = []
    for table in tables.fmt.tables:
        present = [r for r in table.rows if (table.key, r.key) in tables.placed]
        if not present:
            continue
        absent = [r for r in table.rows if (table.key, r.key) not in tables.placed]
        if not absent:
            continue
        names = "；".join(tables._row_label(table.key, r) for r in absent[:3])
        more = f" 等 {len(absent)} 行" if len(absent) > 3 else ""
        findings.append(
            Finding(
                "structure.missing_rows",
                WARNING,
                f"{_TABLE_NAMES[table.key]}来源中没有这些行（表格残缺或行被截去）：{names}{more}",
                tuple(f"{table.key}.{r.key}.{c}" for r in absent for c in r.columns),
            )
        )
    return findings


def _heading_findings(headings: list[tuple[int, int, int | None]], tables: _Tables) -> list[Finding]:
    fmt = tables.fmt
    findings: list[Finding] = []
    found = {number: printed for _, number, printed in headings}
    for section in fmt.sections:
        if section.number not in found:
            if section.text_key is None:
                table = fmt.tables[section.number - 2]
                if any(key[0] == table.key for key in tables.placed):
                    findings.append(
                        Finding(
                            "structure.missing_section",
                            ERROR,
                            f"未找到“{section.heading}”标题（该部分的表格已按内容识别读取）",
                            (f"section.{section.number}",),
                        )
                    )
            continue
        printed = found[section.number]
        if printed is not None and printed != section.number:
            findings.append(
                Finding(
                    "structure.label_variant",
                    WARNING,
                    f"“{section.heading[2:]}”部分的标题编号为“{'一二三四五六七八九十'[printed - 1] if printed <= 10 else printed}”，模板为“{section.numeral}”",
                    (f"section.{section.number}",),
                )
            )
    return findings

"""The annual report as data (``gongkai-annual-report/1``) and its exact JSON round trip.

A cell holds an ``int``, a :class:`~decimal.Decimal` (money, or a number written with a
fraction), a ``str`` (money given as a decimal string, or an unreadable value kept for the
checker to report) or ``None`` when the source has no value. ``None`` and ``0`` are different
facts and stay apart everywhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.core.exceptions import ReportFormatError
from gongkai.core.formats import ReportFormat, Table, get_format

__all__ = ["SCHEMA", "Cell", "Report", "cell_number", "dumps_json", "parse_cell_ref"]

SCHEMA = "gongkai-annual-report/1"
SECTION_KEYS = ("overview", "problems", "other")
TABLE_KEYS = ("table2", "table3", "table4")

Cell = int | Decimal | str | None
TableData = dict[str, dict[str, Cell]]

_REF = re.compile(r"^(table[234])\.([a-z_0-9]+)\.([a-z_0-9]+)$")


def parse_cell_ref(ref: str) -> tuple[str, str, str]:
    """Split ``table3.new_received.total`` into its table, row and column keys."""
    match = _REF.match(ref)
    if not match:
        raise ReportFormatError(f"单元格引用格式不对：{ref!r}（应为 tableN.行.列）")
    return match.group(1), match.group(2), match.group(3)


def cell_number(value: Cell) -> int | Decimal | None:
    """Return the numeric value of a cell, or None when it is empty or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return value
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@dataclass
class Report:
    """A 政府信息公开工作年度报告 in one of the national formats.

    ``sections`` holds the narrative text of 一、五、六 (``overview``, ``problems``, ``other``);
    tables 2–4 are ``{row: {column: cell}}`` with every row and column of the format present.
    """

    format: str
    year: int | None
    organization: str | None
    sections: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(SECTION_KEYS))
    table2: TableData = field(default_factory=dict)
    table3: TableData = field(default_factory=dict)
    table4: TableData = field(default_factory=dict)
    schema: str = SCHEMA

    def __post_init__(self) -> None:
        fmt = get_format(self.format)
        self.format = fmt.version
        for key in SECTION_KEYS:
            self.sections.setdefault(key, None)
        for table in fmt.tables:
            data = getattr(self, table.key)
            for row in table.rows:
                cells = data.setdefault(row.key, {})
                for column in row.columns:
                    cells.setdefault(column, None)

    # ------------------------------------------------------------------ construction

    @classmethod
    def blank(
        cls, format: str | int, year: int | None = None, organization: str | None = None, fill: Cell = None
    ) -> Report:
        """A report with every cell set to *fill* (``None`` for a blank template, ``0`` to count into)."""
        fmt = get_format(format)
        tables = {t.key: {r.key: dict.fromkeys(r.columns, fill) for r in t.rows} for t in fmt.tables}
        return cls(format=fmt.version, year=year, organization=organization, **tables)

    @classmethod
    def from_dict(cls, data: Any) -> Report:
        """Build a report from the schema's JSON object (also accepts ``{"report": …, "findings": …}``).

        Raises:
            ReportFormatError: the object is not an annual report of a known format.
        """
        if isinstance(data, dict) and "schema" not in data and isinstance(data.get("report"), dict):
            data = data["report"]
        if not isinstance(data, dict):
            raise ReportFormatError("不是年度报告数据：顶层应为 JSON 对象")
        schema = data.get("schema", SCHEMA)
        if schema != SCHEMA:
            raise ReportFormatError(f"不支持的数据格式 {schema!r}，应为 {SCHEMA}")
        if "format" not in data:
            raise ReportFormatError("缺少 format（年报格式 2019 或 2021）")
        fmt = get_format(data["format"])
        year = data.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise ReportFormatError(f"year 应为整数年份，而不是 {year!r}")
        organization = data.get("organization")
        if organization is not None and not isinstance(organization, str):
            raise ReportFormatError("organization 应为字符串")
        sections = _read_sections(data.get("sections"))
        tables = {t.key: _read_table(t, data.get(t.key)) for t in fmt.tables}
        return cls(format=fmt.version, year=year, organization=organization, sections=sections, **tables)

    @classmethod
    def from_json(cls, text: str | bytes) -> Report:
        """Parse report JSON; numbers with a fraction are read exactly as :class:`Decimal`."""
        try:
            data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ReportFormatError(f"不是有效的 JSON：{exc}") from None
        except RecursionError:
            raise ReportFormatError("JSON 嵌套层数过深，不是年度报告数据") from None
        return cls.from_dict(data)

    # ------------------------------------------------------------------ output

    def to_dict(self) -> dict[str, Any]:
        """The schema's JSON object (key order fixed, every cell present)."""
        fmt = self.fmt
        out: dict[str, Any] = {
            "schema": self.schema,
            "format": self.format,
            "year": self.year,
            "organization": self.organization,
            "sections": {key: self.sections.get(key) for key in SECTION_KEYS},
        }
        for table in fmt.tables:
            data = getattr(self, table.key)
            out[table.key] = {r.key: {c: data[r.key][c] for c in r.columns} for r in table.rows}
        return out

    def to_json(self, indent: int | None = 2) -> str:
        """Serialize to JSON; decimals are written exactly as numbers."""
        return dumps_json(self.to_dict(), indent=indent)

    # ------------------------------------------------------------------ access

    @property
    def fmt(self) -> ReportFormat:
        """The :class:`ReportFormat` definition of this report."""
        return get_format(self.format)

    def table(self, key: str) -> TableData:
        """The data of ``table2``/``table3``/``table4``."""
        if key not in TABLE_KEYS:
            raise ReportFormatError(f"没有表格 {key}")
        return getattr(self, key)

    def cell(self, ref: str) -> Cell:
        """The value of the cell named ``tableN.row.column``."""
        table, row, column = parse_cell_ref(ref)
        try:
            return self.table(table)[row][column]
        except KeyError:
            raise ReportFormatError(f"{self.format} 格式没有单元格 {ref}") from None

    def set_cell(self, ref: str, value: Cell) -> None:
        """Set the cell named ``tableN.row.column``."""
        table, row, column = parse_cell_ref(ref)
        data = self.table(table)
        if row not in data or column not in data[row]:
            raise ReportFormatError(f"{self.format} 格式没有单元格 {ref}")
        data[row][column] = value

    def cells(self) -> Iterator[tuple[str, Cell]]:
        """Every ``(reference, value)`` in print order."""
        for table in self.fmt.tables:
            data = getattr(self, table.key)
            for row_key, column in table.cell_keys:
                yield f"{table.key}.{row_key}.{column}", data[row_key][column]


def _reject_constant(name: str) -> Any:
    raise ReportFormatError(f"JSON 中不允许 {name}")


def _read_sections(value: Any) -> dict[str, str | None]:
    if value is None:
        return dict.fromkeys(SECTION_KEYS)
    if not isinstance(value, dict):
        raise ReportFormatError("sections 应为对象")
    unknown = set(value) - set(SECTION_KEYS)
    if unknown:
        raise ReportFormatError(f"sections 中有未知的键：{', '.join(sorted(unknown))}")
    for key, text in value.items():
        if text is not None and not isinstance(text, str):
            raise ReportFormatError(f"sections.{key} 应为字符串或 null")
    return {key: value.get(key) for key in SECTION_KEYS}


def _read_table(table: Table, value: Any) -> TableData:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ReportFormatError(f"{table.key} 应为对象")
    rows = {row.key: row for row in table.rows}
    out: TableData = {}
    for row_key, cells in value.items():
        if row_key not in rows:
            raise ReportFormatError(f"{table.key} 中有该格式没有的行：{row_key}")
        if not isinstance(cells, dict):
            raise ReportFormatError(f"{table.key}.{row_key} 应为对象")
        allowed = rows[row_key].columns
        out[row_key] = {}
        for column, cell in cells.items():
            if column not in allowed:
                raise ReportFormatError(f"{table.key}.{row_key} 中有该格式没有的列：{column}")
            if isinstance(cell, bool) or not isinstance(cell, int | Decimal | str | type(None)):
                raise ReportFormatError(f"{table.key}.{row_key}.{column} 应为数字、字符串或 null")
            out[row_key][column] = cell
    return out


_DECIMAL_MARK = "\u0000gongkai-decimal\u0000"


def dumps_json(data: Any, indent: int | None = 2) -> str:
    """``json.dumps`` that writes :class:`Decimal` values as exact JSON numbers."""

    def encode(obj: Any) -> Any:
        if isinstance(obj, Decimal):
            return f"{_DECIMAL_MARK}{obj}{_DECIMAL_MARK}"
        if isinstance(obj, dict):
            return {k: encode(v) for k, v in obj.items()}
        if isinstance(obj, list | tuple):
            return [encode(v) for v in obj]
        return obj

    text = json.dumps(encode(data), ensure_ascii=False, indent=indent)
    mark = json.dumps(_DECIMAL_MARK)[1:-1]
    return re.sub(f'"{re.escape(mark)}([^"]*){re.escape(mark)}"', r"\1", text)

"""The JSON Schema (draft 2020-12) of ``gongkai-annual-report/1``, built from the format definitions.

One schema for both templates: ``format`` selects the 2019 or the 2021 shape of tables 2–4 (every row and
column key listed, nothing else allowed), as :meth:`gongkai.core.report.Report.from_dict` reads it. A cell is a
number, ``null`` (the source has no value: not 0) or a string (money as a decimal string, or an unreadable value
kept for the checker to report). Published by the platform at ``/api/schema/report.json``.
"""

from __future__ import annotations

from typing import Any

from gongkai.core.formats import FORMATS, ReportFormat, Table
from gongkai.core.report import SCHEMA, SECTION_KEYS

__all__ = ["SCHEMA_ID", "report_json_schema"]

SCHEMA_ID = "https://gongkai.invalid/api/schema/report.json"

_KIND = {"count": "件数（非负整数）", "signed": "增减（整数，可为负）", "money": "金额（数字或十进制字符串）"}


def _cell(table: Table, column_key: str) -> dict[str, Any]:
    column = table.column(column_key)
    unit = f"，单位：{column.unit}" if column.unit else ""
    return {
        "type": ["number", "string", "null"],
        "description": f"{column.label}：{_KIND.get(column.kind, column.kind)}{unit}；null 表示原文无此数值（不是 0）",
    }


def _table(table: Table) -> dict[str, Any]:
    rows = {}
    for row in table.rows:
        rows[row.key] = {
            "type": "object",
            "description": row.full_label,
            "properties": {c: _cell(table, c) for c in row.columns},
            "required": list(row.columns),
            "additionalProperties": False,
        }
    return {
        "type": "object",
        "description": table.title,
        "properties": rows,
        "required": [row.key for row in table.rows],
        "additionalProperties": False,
    }


def _format_branch(fmt: ReportFormat) -> dict[str, Any]:
    return {
        "if": {"properties": {"format": {"const": fmt.version}}, "required": ["format"]},
        "then": {"properties": {t.key: _table(t) for t in fmt.tables}},
    }


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of one annual report (a plain dict, ready for ``json.dumps``)."""
    formats = list(FORMATS.values())
    table_keys = sorted({t.key for f in formats for t in f.tables})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "政府信息公开工作年度报告（gongkai-annual-report/1）",
        "description": "一份年度报告的数据：格式（2019 或 2021 年模板）、年度、机关、正文一五六和表二至表四。",
        "type": "object",
        "properties": {
            "schema": {"const": SCHEMA},
            "format": {"enum": [f.version for f in formats], "description": "年报模板版本"},
            "year": {"type": ["integer", "null"], "description": "报告年度"},
            "organization": {"type": ["string", "null"], "description": "机关名称"},
            "sections": {
                "type": "object",
                "description": "正文：一、总体情况（overview）；五、存在问题及改进情况（problems）；六、其他需要报告的事项（other）",
                "properties": {key: {"type": ["string", "null"]} for key in SECTION_KEYS},
                "additionalProperties": False,
            },
            **{key: {"type": "object"} for key in table_keys},
        },
        "required": ["schema", "format", "year", "organization", "sections", *table_keys],
        "additionalProperties": False,
        "allOf": [_format_branch(f) for f in formats],
    }

"""Chinese names of the cells and sections that findings refer to (``table3.new_received.total``)."""

from __future__ import annotations

from gongkai.core import get_format
from gongkai.core.exceptions import ReportFormatError
from gongkai.core.report import parse_cell_ref

__all__ = ["TABLE_NAMES", "cell_label"]

TABLE_NAMES = {
    "table2": "表二 主动公开政府信息情况",
    "table3": "表三 收到和处理政府信息公开申请情况",
    "table4": "表四 行政复议、行政诉讼情况",
}


def cell_label(format_version: str, ref: str) -> str:
    """``表三 · 一、本年新收政府信息公开申请数量 · 总计`` for ``table3.new_received.total``.

    Sections (``section.4``) give the section heading; an unknown reference is returned unchanged.
    """
    try:
        fmt = get_format(format_version or "2021")
    except ReportFormatError:
        return ref
    if ref.startswith("section."):
        try:
            return f"“{fmt.section(int(ref.split('.', 1)[1])).heading}”部分"
        except (ValueError, IndexError):
            return ref
    try:
        table_key, row_key, column_key = parse_cell_ref(ref)
        table = fmt.table(table_key)
        row = table.row(row_key)
        column = table.column(column_key)
    except ReportFormatError:
        return ref
    row_label = f"{row.group} {row.full_label}" if row.group else row.full_label
    if table_key == "table4" and not row.group:
        row_label = row.label
    return f"{TABLE_NAMES[table_key].split(' ')[0]} · {row_label} · {column.label}"

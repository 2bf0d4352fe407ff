"""The standard catalogue as XLSX, in the layout county catalogues publish (openpyxl).

One sheet per area: a title row (“社会救助领域基层政务公开标准目录”), two header rows (公开事项 over 一级事项 /
二级事项, 公开对象 over 全社会 / 特定群体, 公开方式 over 主动 / 依申请, 公开层级 over 县级 / 乡级 / 村级), then one row
per entry with 一级事项 and 二级事项 merged over consecutive rows that share them. 公开渠道和载体 is printed as
the fixed list with ■ for the chosen channels and □ for the others. Four columns follow the published ones:
责任科室, 责任人, 更新周期, 对应栏目.

Reading accepts the same layout and the variants seen in published files: columns found by their header text
(特定群众 for 特定群体, 乡、村级 / 镇级 for 乡级 …), merged cells filled from their top-left cell, channels either
as a ■/□ list or as plain names.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from .choices import CHANNEL_ALIASES, CHANNELS, UpdateCycle

__all__ = ["HEADERS", "ParsedRow", "read_workbook", "write_workbook"]

#: (key, top header, sub header or "") in the order of the published layout, then the office's columns.
HEADERS: tuple[tuple[str, str, str], ...] = (
    ("number", "序号", ""),
    ("level1", "公开事项", "一级事项"),
    ("level2", "公开事项", "二级事项"),
    ("content", "公开内容（要素）", ""),
    ("basis", "公开依据", ""),
    ("time_limit", "公开时限", ""),
    ("subject", "公开主体", ""),
    ("channels", "公开渠道和载体", ""),
    ("audience_public", "公开对象", "全社会"),
    ("audience_specific", "公开对象", "特定群体"),
    ("mode_proactive", "公开方式", "主动"),
    ("mode_on_request", "公开方式", "依申请"),
    ("level_county", "公开层级", "县级"),
    ("level_township", "公开层级", "乡级"),
    ("level_village", "公开层级", "村级"),
    ("office", "责任科室", ""),
    ("owner", "责任人", ""),
    ("update_cycle", "更新周期", ""),
    ("nodes", "对应栏目", ""),
)
TICK_FIELDS = (
    "audience_public",
    "audience_specific",
    "mode_proactive",
    "mode_on_request",
    "level_county",
    "level_township",
    "level_village",
)
TICKS_TRUE = {"√", "✓", "✔", "■", "☑", "●", "是", "y", "Y", "1"}
TICKS_FALSE = {"", "□", "×", "否", "0", "-", "—", "/"}

#: header texts → key (after removing spaces, newlines and brackets' width differences)
_ALIASES = {
    "序号": "number",
    "一级事项": "level1",
    "二级事项": "level2",
    "公开内容": "content",
    "公开内容要素": "content",
    "公开内容(要素)": "content",
    "公开内容（要素）": "content",
    "公开内容(要素)及要求": "content",
    "公开依据": "basis",
    "公开时限": "time_limit",
    "公开主体": "subject",
    "公开渠道和载体": "channels",
    "公开渠道": "channels",
    "全社会": "audience_public",
    "社会": "audience_public",
    "特定群体": "audience_specific",
    "特定群众": "audience_specific",
    "特定主体": "audience_specific",
    "主动": "mode_proactive",
    "依申请": "mode_on_request",
    "依申请公开": "mode_on_request",
    "申请": "mode_on_request",
    "县级": "level_county",
    "市级": "level_county",
    "乡级": "level_township",
    "镇级": "level_township",
    "乡镇级": "level_township",
    "镇(街)级": "level_township",
    "乡、村级": "level_township",
    "村级": "level_village",
    "责任科室": "office",
    "责任人": "owner",
    "更新周期": "update_cycle",
    "对应栏目": "nodes",
}
REQUIRED = {"level1": "一级事项", "content": "公开内容（要素）", "time_limit": "公开时限", "subject": "公开主体"}
FIELD_LABELS = {key: (sub or top) for key, top, sub in HEADERS}

CYCLE_BY_LABEL = {label: value for value, label in UpdateCycle.choices}
CYCLE_BY_LABEL.update({"": UpdateCycle.EVENT, "随时": UpdateCycle.EVENT, "按月": UpdateCycle.MONTHLY,
                       "按季度": UpdateCycle.QUARTERLY, "按年": UpdateCycle.YEARLY, "半年": UpdateCycle.HALF_YEARLY})

_CHANNEL_BY_LABEL = {label: code for code, label in CHANNELS}


def _key(text: str) -> str:
    return re.sub(r"\s+", "", str(text or "")).replace("（", "(").replace("）", ")")


_CHANNEL_LOOKUP = {_key(k): v for k, v in {**_CHANNEL_BY_LABEL, **CHANNEL_ALIASES}.items()}
_CHANNEL_LOOKUP.update({_key(label).replace("(电子屏)", ""): code for code, label in CHANNELS})


@dataclass
class ParsedRow:
    sheet: str
    row: int
    area: str
    values: dict[str, object] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"工作表“{self.sheet}”第{self.row}行"


def parse_channels(text: str) -> tuple[list[str], list[str]]:
    """Channel codes from a cell, and the names that are not in the fixed list."""
    text = str(text or "")
    marked = "□" in text or "■" in text or "☑" in text or "☐" in text
    parts = re.split(r"([■□☑☐√])", text)
    chosen: list[str] = []
    unknown: list[str] = []
    if marked:
        current = None
        for part in parts:
            if part in ("■", "☑", "√"):
                current = True
            elif part in ("□", "☐"):
                current = False
            elif current:
                name = _key(part).strip("，,、;；")
                if name:
                    code = _CHANNEL_LOOKUP.get(name)
                    (chosen.append(code) if code else unknown.append(part.strip()))
        return list(dict.fromkeys(chosen)), unknown
    for name in re.split(r"[、，,;；\n]+", text):
        key = _key(name)
        if not key:
            continue
        code = _CHANNEL_LOOKUP.get(key)
        (chosen.append(code) if code else unknown.append(name.strip()))
    return list(dict.fromkeys(chosen)), unknown


def channels_cell(codes: list[str]) -> str:
    chosen = set(codes)
    return "\n".join(f"{'■' if code in chosen else '□'}{label}" for code, label in CHANNELS)


def _area_from(title: str, sheet: str) -> str:
    """The area named by the title row (“三角镇财政预决算领域基层政务公开标准目录” → 财政预决算), else the sheet."""
    from .choices import AREAS

    text = re.sub(r"\s+", "", title or "")
    known = [a for a in AREAS if a in text]
    if known:
        return max(known, key=len)
    found = re.match(r"^(.{2,20}?)领域", text)
    if found:
        return found.group(1)
    return sheet.strip()


def read_workbook(data: bytes) -> tuple[list[ParsedRow], list[str]]:
    """Rows of every sheet with recognised headers, and the Chinese errors of layout (not of values)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # any reader failure (bad zip, not a workbook, broken XML) is the same answer to the user
        return [], ["文件不是有效的 XLSX 表格，请用“导出”得到的模板或另存为 .xlsx 后重新导入。"]
    rows: list[ParsedRow] = []
    errors: list[str] = []
    for ws in wb.worksheets:
        merged: dict[tuple[int, int], object] = {}
        for rng in ws.merged_cells.ranges:
            top = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = top

        def cell(r: int, c: int, _ws=ws, _merged=merged):
            if (r, c) in _merged:
                return _merged[(r, c)]
            return _ws.cell(r, c).value

        header_row = None
        for r in range(1, min(ws.max_row, 12) + 1):
            if _key(cell(r, 1)) == "序号" or any(_key(cell(r, c)) == "公开时限" for c in range(1, ws.max_column + 1)):
                header_row = r
                break
        if header_row is None:
            if ws.max_row > 1 or ws.cell(1, 1).value:
                errors.append(f"工作表“{ws.title}”没有找到表头（序号、公开事项、公开时限……），未导入。")
            continue
        columns: dict[str, int] = {}
        for c in range(1, ws.max_column + 1):
            top, sub = _key(cell(header_row, c)), _key(cell(header_row + 1, c))
            key = _ALIASES.get(sub) if sub and sub != top else None
            key = key or _ALIASES.get(top)
            if key and key not in columns:
                columns[key] = c
        missing = [FIELD_LABELS[k] for k in ("level1", "content", "time_limit", "subject") if k not in columns]
        if missing:
            errors.append(f"工作表“{ws.title}”缺少列：{'、'.join(missing)}。")
            continue
        title = " ".join(str(cell(r, 1) or "") for r in range(1, header_row))
        area = _area_from(title, ws.title)
        first = header_row + 2 if any(_key(cell(header_row + 1, c)) in _ALIASES for c in columns.values()) else header_row + 1
        for r in range(first, ws.max_row + 1):
            values = {key: cell(r, c) for key, c in columns.items()}
            if all(v is None or str(v).strip() == "" for v in values.values()):
                continue
            own = [ws.cell(r, c).value for c in columns.values()]
            if all(v is None or str(v).strip() == "" for v in own):
                continue  # a row made only of merged continuations
            rows.append(ParsedRow(ws.title, r, area, values))
    return rows, errors


def write_workbook(
    entries_by_area: dict[str, list], *, title_suffix: str = "领域基层政务公开标准目录", node_label=None
) -> bytes:
    """The workbook of *entries_by_area* (area → entries in order) in the published layout.

    *node_label* writes a linked column (default: its name); pass one that disambiguates duplicated names.
    """
    node_label = node_label or (lambda node: node.name)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="666666")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    widths = (6, 14, 16, 30, 30, 18, 14, 20, 6, 6, 6, 6, 6, 6, 6, 12, 10, 10, 24)
    used_names: set[str] = set()
    for area, entries in entries_by_area.items() or {"标准目录": []}.items():
        name = re.sub(r"[\\/*?:\[\]]", "", area)[:31] or "标准目录"
        while name in used_names:
            name = name[:28] + str(len(used_names))
        used_names.add(name)
        ws = wb.create_sheet(name)
        ncol = len(HEADERS)
        ws.cell(1, 1, f"{area}{title_suffix}").font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = center
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
        col = 1
        while col <= ncol:
            key, top, sub = HEADERS[col - 1]
            span = 1
            while col + span <= ncol and HEADERS[col + span - 1][1] == top and sub:
                span += 1
            ws.cell(2, col, top)
            if sub:
                ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + span - 1)
                for i in range(span):
                    ws.cell(3, col + i, HEADERS[col + i - 1][2])
            else:
                ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
            col += span
        for r in (2, 3):
            for c in range(1, ncol + 1):
                ws.cell(r, c).font = Font(bold=True)
                ws.cell(r, c).alignment = center
                ws.cell(r, c).border = border
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        row = 4
        for index, entry in enumerate(entries, start=1):
            values = {
                "number": entry.number or index,
                "level1": entry.level1,
                "level2": entry.level2,
                "content": entry.content,
                "basis": entry.basis,
                "time_limit": entry.time_limit,
                "subject": entry.subject,
                "channels": channels_cell(entry.channels or []),
                "office": entry.office,
                "owner": entry.owner.get_username() if entry.owner_id else "",
                "update_cycle": entry.get_update_cycle_display(),
                "nodes": "\n".join(node_label(n) for n in entry.nodes.all()),
            }
            for key in TICK_FIELDS:
                values[key] = "√" if getattr(entry, key) else ""
            for c, (key, _top, _sub) in enumerate(HEADERS, start=1):
                cell = ws.cell(row, c, values[key])
                cell.border = border
                cell.alignment = center if key in TICK_FIELDS or key == "number" else left
            row += 1
        _merge_runs(ws, 2, 4, row - 1, lambda r, _ws=ws: (_ws.cell(r, 2).value,))
        _merge_runs(ws, 3, 4, row - 1, lambda r, _ws=ws: (_ws.cell(r, 2).value, _ws.cell(r, 3).value))
        ws.freeze_panes = "D4"
    if not wb.worksheets:
        wb.create_sheet("标准目录")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _merge_runs(ws, col: int, first: int, last: int, key) -> None:
    """Merge *col* over consecutive rows whose *key* is the same and not empty."""
    start = first
    for r in range(first + 1, last + 2):
        if r <= last and key(r) == key(start) and ws.cell(r, col).value not in (None, ""):
            continue
        if r - 1 > start and ws.cell(start, col).value not in (None, ""):
            ws.merge_cells(start_row=start, start_column=col, end_row=r - 1, end_column=col)
        start = r

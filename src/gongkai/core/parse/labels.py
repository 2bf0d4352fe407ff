"""Template labels as lookup keys: rows, columns, groups, section headings and format evidence.

Everything here is derived from :mod:`gongkai.core.formats`, plus a few wordings seen in
published reports that the template definitions do not list (kept in ``_EXTRA_ROW_ALIASES``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from gongkai.core.formats import FORMATS, Row, Table
from gongkai.core.parse.normalize import label_key, split_numbering, strip_numbering

__all__ = [
    "LabelIndex",
    "RowMatch",
    "format_evidence",
    "index_for",
    "is_paren_heading",
    "match_heading",
]

#: Wordings of rows found in published reports beyond the template's own aliases.
_EXTRA_ROW_ALIASES: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("2019", "table2", "normative_documents"): ("行政规范性文件",),
    ("2019", "table2", "procurement"): ("集中采购", "政府采购"),
    ("2019", "table2", "other_services"): ("其他对外管理服务",),
    ("2019", "table3", "other"): ("其他",),
    ("2021", "table4", "litigation_direct"): ("直接起诉",),
    ("2019", "table3", "total_processed"): ("合计",),
    ("2021", "table3", "total_processed"): ("合计",),
}
#: Column headings found in published reports beyond the template's own aliases.
_EXTRA_COLUMN_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("table3", "total"): ("合计",),
    ("table3", "other_org"): ("其他组织",),
    ("table4", "total"): ("合计",),
}
#: Bare labels that are also column headings: only read as a row label with numbering or context.
AMBIGUOUS_ROW_KEYS = frozenset({"其他", "总计", "合计"})


@dataclass(frozen=True)
class RowMatch:
    """A label matched to a template row; ``how`` is ``exact``, ``alias`` or ``truncated``."""

    table: str
    row: Row
    how: str
    label: str

    @property
    def canonical(self) -> str:
        """The template's wording of the row."""
        return self.row.full_label


def _paren_free(key: str) -> str:
    return re.sub(r"\(.*?\)$", "", key)


class LabelIndex:
    """Row, column and group keys of one template version."""

    def __init__(self, version: str) -> None:
        fmt = FORMATS[version]
        self.version = version
        self.format = fmt
        self.rows: dict[str, list[tuple[Table, Row, str]]] = {}
        self.columns: dict[str, list[tuple[str, str, bool]]] = {}
        self.groups: set[str] = set()
        self.block_headers: set[str] = set()
        for table in fmt.tables:
            for row in table.rows:
                keys = [(strip_numbering(label_key(row.label)), "exact")]
                short = _paren_free(keys[0][0])
                if short != keys[0][0]:
                    keys.append((short, "alias"))
                for alias in (*row.aliases, *_EXTRA_ROW_ALIASES.get((version, table.key, row.key), ())):
                    keys.append((strip_numbering(label_key(alias)), "alias"))
                for key, how in keys:
                    entries = self.rows.setdefault(key, [])
                    if not any(e[1] is row for e in entries):
                        entries.append((table, row, how))
                if row.group:
                    self.groups.add(strip_numbering(label_key(row.group)))
            for column in table.columns:
                full = strip_numbering(label_key(column.label))
                keys = [(full, False), (_paren_free(full), True)]
                aliases = (*column.aliases, *_EXTRA_COLUMN_ALIASES.get((table.key, column.key), ()))
                keys += [(strip_numbering(label_key(alias)), True) for alias in aliases]
                for key, variant in keys:
                    entries = self.columns.setdefault(key, [])
                    if not any(e[0] == table.key and e[1] == column.key for e in entries):
                        entries.append((table.key, column.key, variant))
            for block in table.blocks:
                self.block_headers.add(label_key(block.header))
        self.groups.update({"本年度办理结果", "行政诉讼", "法人或其他组织", "申请人情况", "信息内容"})
        self._cores = sorted(self.rows)
        self._group_keys = sorted(self.groups, key=len, reverse=True)
        self._row_cache: dict[str, RowMatch | None] = {}

    # ------------------------------------------------------------------ rows

    def match_row(self, text: str) -> RowMatch | None:
        """Match one label (a cell, or cells joined) to a template row of this version."""
        try:
            return self._row_cache[text]
        except KeyError:
            pass
        found = self._match_row(text)
        if len(self._row_cache) < 8192:
            self._row_cache[text] = found
        return found

    def _match_row(self, text: str) -> RowMatch | None:
        key = label_key(text)
        numbers, core = split_numbering(key)
        if not core:
            return None
        entries = self.rows.get(core)
        how = "exact"
        if entries is None:
            # A group cell and its row in one cell: （三）不予公开1.属于国家秘密.
            for group in self._group_keys:
                if core.startswith(group) and len(core) > len(group):
                    inner = self._match_row(core[len(group) :])
                    if inner is not None:
                        return RowMatch(inner.table, inner.row, inner.how, text)
            entries, how = self._loose(core)
            if entries is None:
                return None
        if core in AMBIGUOUS_ROW_KEYS and not numbers:
            return None
        if len(entries) > 1:
            # 行政许可 etc. are unique; if not, numbering decides (（七）总计 vs table-4 总计).
            entries = [e for e in entries if not numbers or _number_fits(e[1], numbers)] or entries
            if len(entries) > 1:
                return None
        table, row, entry_how = entries[0]
        if how == "exact" and entry_how == "alias":
            how = "alias"
        return RowMatch(table.key, row, how, text)

    def _loose(self, core: str) -> tuple[list[tuple[Table, Row, str]] | None, str]:
        # A label cut off at the end (PDF extraction): a unique template label starting with it.
        if len(core) >= 4:
            found = [k for k in self._cores if k.startswith(core) and len(k) > len(core)]
            rows = {id(e[1]): e for k in found for e in self.rows[k]}
            if len(rows) == 1:
                return list(rows.values()), "truncated"
        # A label with a note appended: 行政许可（含备案）.
        for sep in ("(", "["):
            head = core.split(sep, 1)[0]
            if head != core and len(head) >= 2 and head in self.rows:
                return self.rows[head], "alias"
        return None, ""

    # ------------------------------------------------------------------ columns & others

    def match_column(self, text: str) -> list[tuple[str, str, bool]]:
        """Columns whose heading is *text*: ``(table, column, is_variant)``."""
        return self.columns.get(strip_numbering(label_key(text)), [])

    def is_group(self, text: str) -> bool:
        """Whether *text* is a group cell (（三）不予公开, 三、本年度办理结果, 行政诉讼 …)."""
        core = strip_numbering(label_key(text))
        if core in self.groups:
            return True
        return len(core) >= 3 and any(g.startswith(core) for g in self.groups)


def _number_fits(row: Row, numbers: tuple[str, ...]) -> bool:
    wanted = split_numbering(label_key(row.number))[0] if row.number else ()
    return bool(wanted) and wanted[-1] == numbers[-1]


@cache
def index_for(version: str) -> LabelIndex:
    """The (cached) label index of template *version*."""
    return LabelIndex(version)


# ------------------------------------------------------------------ format evidence

_EVIDENCE = {
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "其他对外管理服务事项",
        "政府集中采购",
        "采购项目数量",
        "采购总金额",
        "上一年项目数量",
    ),
    "2021": (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "申请人无正当理由逾期不补正",
        "申请人逾期未按收费通知要求缴纳费用",
    ),
}


@lru_cache(maxsize=8192)
def format_evidence(key: str) -> str | None:
    """The template version a label belongs to only (``2019``/``2021``), or None."""
    core = strip_numbering(key)
    for version, words in _EVIDENCE.items():
        for word in words:
            if core.startswith(word):
                return version
    return None


# ------------------------------------------------------------------ section headings

_TOP_NUMBER = re.compile(
    r"^(?:第)?([一二三四五六七八九十])(?:部分)?[、.,:]|^([1-9])[、.](?![0-9])|^\(([一二三四五六])\)"
)
_HEADING_RULES: tuple[tuple[int, tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = (
    (
        1,
        ("总体情况", "总体概况", "概述", "工作概况", "总体工作情况", "工作总体推进情况", "工作基本情况"),
        (("总体情况",),),
    ),
    (2, ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况"), (("主动公开政府",),)),
    (
        3,
        ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "依申请公开政府信息情况"),
        (("收到和处理", "申请"),),
    ),
    (
        4,
        ("政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议行政诉讼情况"),
        (("行政复议", "行政诉讼"), ("复议", "诉讼")),
    ),
    (
        5,
        ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况"),
        (
            ("存在", "问题", "改进"),
            ("主要问题", "改进"),
            ("问题", "整改"),
            ("问题", "改进措施"),
            ("存在", "问题", "措施"),
        ),
    ),
    (6, ("其他需要报告的事项",), (("其他需要报告",), ("其他", "报告", "事项"))),
)
#: A year and the words around it before a heading's wording: 一、2019年政府信息公开工作的总体情况.
_HEADING_PREFIX = re.compile(r"^(?:(?:19|20)\d{2}年度?)?(?:的)?(?:政府信息公开(?:工作)?(?:的)?)?(?:本机关)?")
_CN_DIGITS = "一二三四五六七八九十"


@lru_cache(maxsize=8192)
def match_heading(text: str) -> tuple[int, int | None] | None:
    """Recognize a section heading: ``(section number 1–6, printed number or None)``.

    Sub-headings such as ``（一）主动公开`` do not match: the heading wording must be complete, and a
    heading numbered ``（一）`` counts only when its number is its section's (``（一）主动公开政府信息
    情况`` is a sub-heading of 一、总体情况, not section 二).
    """
    key = label_key(text)
    if not key or len(key) > 40 or "。" in text:
        return None
    key = key.lstrip("#*").rstrip("*")
    printed: int | None = None
    match = _TOP_NUMBER.match(key)
    if match:
        cn, arabic, paren = match.groups()
        if cn:
            printed = _CN_DIGITS.index(cn) + 1
        elif arabic:
            printed = int(arabic)
        else:
            printed = _CN_DIGITS.index(paren) + 1
        core = key[match.end() :]
    else:
        core = key
    core = core.replace("、", "").rstrip(".")
    if printed is not None:
        core = _HEADING_PREFIX.sub("", core) or core
    found = _heading_core(core, printed is not None)
    if found is None:
        return None
    if match and match.group(3) and printed != found:
        return None  # （一）主动公开政府信息情况: a sub-heading
    return found, printed


def _heading_core(core: str, numbered: bool) -> int | None:
    for number, phrases, keywords in _HEADING_RULES:
        for phrase in phrases:
            if core == phrase.replace("、", ""):
                return number
        if numbered and len(core) <= 28:
            for words in keywords:
                if all(w in core for w in words):
                    return number
    return None


def is_paren_heading(text: str) -> bool:
    """Whether a heading is numbered ``（一）`` (weaker than ``一、``: a sub-heading's numbering)."""
    return label_key(text).lstrip("#*").startswith("(")

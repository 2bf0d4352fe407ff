"""The national annual-report templates (年度报告格式) held as data.

Two versions exist: 国办公开办函〔2019〕60号 (report years 2019–2020) and 〔2021〕30号 (from 2021).
Every section heading, table block, row, column, label and number lives in a
:class:`ReportFormat`; renderers, the parser and the checker read these definitions, so a
future template version is one new definition here, not new branches elsewhere.

Labels follow ``shared/spec/law-and-formats.md`` §1; keys follow ``report-schema.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.core.exceptions import ReportFormatError

__all__ = [
    "FORMATS",
    "Block",
    "Column",
    "ReportFormat",
    "Row",
    "Section",
    "Table",
    "format_for_year",
    "get_format",
]


@dataclass(frozen=True)
class Column:
    """A data column of a table.

    ``kind`` is ``count`` (non-negative integer), ``signed`` (integer that may be negative,
    e.g. 本年增/减) or ``money`` (decimal amount).
    """

    key: str
    label: str
    kind: str = "count"
    unit: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """A data row: its key, printed label and the columns it has.

    ``number`` is the printed numbering (``一``, ``（三）1``); ``group`` the enclosing group
    label (``（三）不予公开``) for rows printed under a group cell; ``aliases`` lists wordings
    seen in published reports that mean the same row.
    """

    key: str
    label: str
    columns: tuple[str, ...]
    number: str = ""
    group: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def full_label(self) -> str:
        """The label with its numbering, as the template prints it in one cell."""
        return f"{self.number}{self.label}" if self.number and not self.label.startswith(self.number) else self.label


@dataclass(frozen=True)
class Block:
    """A block of table 2: a header row (第二十条第（X）项), the column header row and its rows."""

    header: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    #: Number of printed data columns (a 2021 block prints one label spanning 3 columns).
    span: int = 3


@dataclass(frozen=True)
class Table:
    """A table of the report (表二、表三、表四)."""

    key: str
    section: int
    title: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    blocks: tuple[Block, ...] = ()

    def row(self, key: str) -> Row:
        """Return the row with *key* or raise :class:`ReportFormatError`."""
        for row in self.rows:
            if row.key == key:
                return row
        raise ReportFormatError(f"{self.key} 没有行 {key}")

    def column(self, key: str) -> Column:
        """Return the column with *key* or raise :class:`ReportFormatError`."""
        for column in self.columns:
            if column.key == key:
                return column
        raise ReportFormatError(f"{self.key} 没有列 {key}")

    @property
    def cell_keys(self) -> tuple[tuple[str, str], ...]:
        """Every (row, column) pair the template has, in print order."""
        return tuple((row.key, col) for row in self.rows for col in row.columns)


@dataclass(frozen=True)
class Section:
    """One of the six numbered sections (一 … 六)."""

    number: int
    heading: str
    #: Key in the JSON ``sections`` object for narrative sections, None for table sections.
    text_key: str | None
    aliases: tuple[str, ...] = ()

    @property
    def numeral(self) -> str:
        """The Chinese numeral of the section (一 … 六)."""
        return "一二三四五六"[self.number - 1]


@dataclass(frozen=True)
class ReportFormat:
    """A version of the national annual-report template."""

    version: str
    document: str
    title: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    table2: Table
    table3: Table
    table4: Table
    table3_note: str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    notes: tuple[str, ...] = field(default=())

    @property
    def tables(self) -> tuple[Table, ...]:
        """Tables 2, 3 and 4 in print order."""
        return (self.table2, self.table3, self.table4)

    def table(self, key: str) -> Table:
        """Return ``table2``/``table3``/``table4`` or raise :class:`ReportFormatError`."""
        for table in self.tables:
            if table.key == key:
                return table
        raise ReportFormatError(f"没有表格 {key}")

    def fits_year(self, year: int) -> bool:
        """Whether this template is the one in force for report *year*."""
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def section(self, number: int) -> Section:
        """Return section *number* (1–6)."""
        return self.sections[number - 1]


# --------------------------------------------------------------------------- sections

_SECTIONS = (
    Section(1, "一、总体情况", "overview"),
    Section(2, "二、主动公开政府信息情况", None),
    Section(3, "三、收到和处理政府信息公开申请情况", None),
    Section(4, "四、政府信息公开行政复议、行政诉讼情况", None),
    # 条例第五十条第（四）项 wording and the short wording both occur in published reports; the
    # exact 2019 试行 heading is UNVERIFIED, so all are accepted on import and the 2021 one emitted.
    Section(
        5,
        "五、存在的主要问题及改进情况",
        "problems",
        aliases=("五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况"),
    ),
    Section(6, "六、其他需要报告的事项", "other"),
)

# --------------------------------------------------------------------------- table 3 (shared rows)

TABLE3_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织", aliases=("社会组织",)),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
#: The six applicant columns that add up to 总计.
TABLE3_APPLICANT_COLUMNS = tuple(c.key for c in TABLE3_COLUMNS if c.key != "total")
_T3 = tuple(c.key for c in TABLE3_COLUMNS)

_W = "（三）不予公开"
_U = "（四）无法提供"
_N = "（五）不予处理"
_O = "（六）其他处理"


def _t3(key: str, number: str, label: str, group: str = "", aliases: tuple[str, ...] = ()) -> Row:
    return Row(key, label, _T3, number=number, group=group, aliases=aliases)


_T3_HEAD = (
    _t3("new_received", "一、", "本年新收政府信息公开申请数量"),
    _t3("carried_over", "二、", "上年结转政府信息公开申请数量"),
    _t3("disclosed", "（一）", "予以公开"),
    _t3("partially_disclosed", "（二）", "部分公开（区分处理的，只计这一情形，不计其他情形）", aliases=("部分公开",)),
    _t3("withheld_state_secret", "1.", "属于国家秘密", _W),
    _t3("withheld_prohibited", "2.", "其他法律行政法规禁止公开", _W),
    _t3(
        "withheld_security_stability",
        "3.",
        "危及“三安全一稳定”",
        _W,
        aliases=('危及"三安全一稳定"', "危及三安全一稳定"),
    ),
    _t3("withheld_third_party", "4.", "保护第三方合法权益", _W),
    _t3("withheld_internal_affairs", "5.", "属于三类内部事务信息", _W),
    _t3("withheld_process_info", "6.", "属于四类过程性信息", _W),
    _t3("withheld_enforcement_file", "7.", "属于行政执法案卷", _W),
    _t3("withheld_query_matter", "8.", "属于行政查询事项", _W),
    _t3("unavailable_not_held", "1.", "本机关不掌握相关政府信息", _U),
    _t3("unavailable_needs_creation", "2.", "没有现成信息需要另行制作", _U),
    _t3("unavailable_unclear", "3.", "补正后申请内容仍不明确", _U),
    _t3("not_processed_petition", "1.", "信访举报投诉类申请", _N),
    _t3("not_processed_duplicate", "2.", "重复申请", _N),
    _t3("not_processed_publication", "3.", "要求提供公开出版物", _N),
    _t3("not_processed_excessive", "4.", "无正当理由大量反复申请", _N),
    _t3("not_processed_confirmation", "5.", "要求行政机关确认或重新出具已获取信息", _N),
)
_T3_TAIL = (
    _t3("total_processed", "（七）", "总计"),
    _t3("carried_forward", "四、", "结转下年度继续办理"),
)
_T3_2019 = (*_T3_HEAD, _t3("other", "（六）", "其他处理"), *_T3_TAIL)
_T3_2021 = (
    *_T3_HEAD,
    _t3("other_no_correction", "1.", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _O),
    _t3("other_unpaid_fee", "2.", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", _O),
    _t3("other_misc", "3.", "其他", _O),
    *_T3_TAIL,
)
#: The group cell that spans the result rows (三、本年度办理结果).
TABLE3_RESULTS_GROUP = "三、本年度办理结果"
#: Row keys that are not results of the year (一、二 and 四) nor the results total.
TABLE3_NON_RESULT_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")


def _table3(rows: tuple[Row, ...]) -> Table:
    return Table("table3", 3, "收到和处理政府信息公开申请情况", rows, TABLE3_COLUMNS)


# --------------------------------------------------------------------------- table 4 (both versions)

TABLE4_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
_T4 = tuple(c.key for c in TABLE4_COLUMNS)
TABLE4 = Table(
    "table4",
    4,
    "政府信息公开行政复议、行政诉讼情况",
    (
        Row("reconsideration", "行政复议", _T4),
        Row("litigation_direct", "未经复议直接起诉", _T4, group="行政诉讼"),
        Row("litigation_after_reconsideration", "复议后起诉", _T4, group="行政诉讼"),
    ),
    TABLE4_COLUMNS,
)

# --------------------------------------------------------------------------- table 2, 2019

_C19_PUB = (
    Column("new_made", "本年新制作数量"),
    Column("new_published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
)
_C19_ITEMS = (
    Column("previous_items", "上一年项目数量"),
    Column("change", "本年增/减", kind="signed", aliases=("本年增减", "本年增／减")),
    Column("decisions", "处理决定数量"),
)
_C19_FEES = _C19_ITEMS[:2]
# The 2019 template prints no unit for 采购总金额 (UNVERIFIED); the value is kept as written.
_C19_PROC = (Column("projects", "采购项目数量"), Column("amount", "采购总金额", kind="money"))


def _keys(columns: tuple[Column, ...]) -> tuple[str, ...]:
    return tuple(c.key for c in columns)


_B19 = (
    Block(
        "第二十条第（一）项",
        _C19_PUB,
        (Row("regulations", "规章", _keys(_C19_PUB)), Row("normative_documents", "规范性文件", _keys(_C19_PUB))),
    ),
    Block(
        "第二十条第（五）项",
        _C19_ITEMS,
        (
            Row("licensing", "行政许可", _keys(_C19_ITEMS)),
            Row("other_services", "其他对外管理服务事项", _keys(_C19_ITEMS)),
        ),
    ),
    Block(
        "第二十条第（六）项",
        _C19_ITEMS,
        (Row("penalty", "行政处罚", _keys(_C19_ITEMS)), Row("coercion", "行政强制", _keys(_C19_ITEMS))),
    ),
    Block("第二十条第（八）项", _C19_FEES, (Row("fees", "行政事业性收费", _keys(_C19_FEES)),)),
    Block("第二十条第（九）项", _C19_PROC, (Row("procurement", "政府集中采购", _keys(_C19_PROC)),)),
)

# --------------------------------------------------------------------------- table 2, 2021

_C21_DOCS = (
    Column("made", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_C21_DEC = (Column("decisions", "本年处理决定数量"),)
_C21_FEE = (
    Column(
        "amount",
        "本年收费金额（单位：万元）",
        kind="money",
        unit="万元",
        aliases=("本年收费金额", "本年收费金额(单位:万元)"),
    ),
)
_B21 = (
    Block(
        "第二十条第（一）项",
        _C21_DOCS,
        (
            Row("regulations", "规章", _keys(_C21_DOCS)),
            Row("normative_documents", "行政规范性文件", _keys(_C21_DOCS), aliases=("规范性文件",)),
        ),
    ),
    Block("第二十条第（五）项", _C21_DEC, (Row("licensing", "行政许可", ("decisions",)),), span=1),
    Block(
        "第二十条第（六）项",
        _C21_DEC,
        (Row("penalty", "行政处罚", ("decisions",)), Row("coercion", "行政强制", ("decisions",))),
        span=1,
    ),
    Block("第二十条第（八）项", _C21_FEE, (Row("fees", "行政事业性收费", ("amount",)),), span=1),
)


def _table2(blocks: tuple[Block, ...]) -> Table:
    columns: dict[str, Column] = {}
    for block in blocks:
        for column in block.columns:
            columns.setdefault(column.key, column)
    rows = tuple(row for block in blocks for row in block.rows)
    return Table("table2", 2, "主动公开政府信息情况", rows, tuple(columns.values()), blocks)


# --------------------------------------------------------------------------- the two versions

FORMAT_2019 = ReportFormat(
    version="2019",
    document="国办公开办函〔2019〕60号",
    title="中华人民共和国政府信息公开工作年度报告格式（试行）",
    first_year=2019,
    last_year=2020,
    sections=_SECTIONS,
    table2=_table2(_B19),
    table3=_table3(_T3_2019),
    table4=TABLE4,
    notes=("2019 年格式未印制“采购总金额”的单位，按来源原样保留。",),
)

FORMAT_2021 = ReportFormat(
    version="2021",
    document="国办公开办函〔2021〕30号",
    title="中华人民共和国政府信息公开工作年度报告格式",
    first_year=2021,
    last_year=None,
    sections=_SECTIONS,
    table2=_table2(_B21),
    table3=_table3(_T3_2021),
    table4=TABLE4,
)

#: Every known template version by its key.
FORMATS: dict[str, ReportFormat] = {f.version: f for f in (FORMAT_2019, FORMAT_2021)}


def get_format(version: str | int) -> ReportFormat:
    """Return the template *version* (``"2019"`` or ``"2021"``).

    Raises:
        ReportFormatError: the version is unknown.
    """
    try:
        return FORMATS[str(version)]
    except KeyError:
        msg = f"未知的年报格式 {version!r}，应为 {' 或 '.join(FORMATS)}"
        raise ReportFormatError(msg) from None


def format_for_year(year: int) -> ReportFormat:
    """Return the template in force for report *year* (2019 format up to 2020, 2021 format after)."""
    candidates = [f for f in FORMATS.values() if f.fits_year(year)]
    if not candidates:
        msg = f"{year} 年没有适用的年报格式（年报格式自 2019 年起）"
        raise ReportFormatError(msg)
    return max(candidates, key=lambda f: f.first_year)

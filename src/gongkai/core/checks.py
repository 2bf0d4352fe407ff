"""The checker: 勾稽关系, structure, text against tables, and carry-over between years.

Every finding names its cells (``tableN.row.column``) or sections (``section.N``) and says in
Chinese what is wrong and by how much. Arithmetic rules skip any sum that involves an empty or
unreadable cell: those cells get their own finding, and no number is assumed for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from gongkai.core.findings import ERROR, INFO, WARNING, Finding
from gongkai.core.formats import (
    TABLE3_APPLICANT_COLUMNS,
    TABLE3_NON_RESULT_ROWS,
    Table,
)
from gongkai.core.narrative import stated_claims, stated_figures, stated_sums
from gongkai.core.report import Report, cell_number

__all__ = ["RULES", "absent_refs", "check"]

#: Every rule id the checker can raise, with what it checks (for docs and ``--help``).
RULES: dict[str, str] = {
    "table3.balance": "表三每列：一 + 二 = 三（七）总计 + 四",
    "table3.row_total": "表三每行：总计 = 六类申请人之和",
    "table3.results_total": "表三每列：（七）总计 = 各办理结果行之和",
    "table4.total": "表四每组：总计 = 维持 + 纠正 + 其他 + 尚未审结",
    "cell.invalid": "负数、小数或非数字的件数",
    "structure.missing_section": "六个部分之一缺失",
    "structure.missing_cells": "表格的行或单元格在来源中缺失",
    "structure.format_mismatch": "年报格式与年份不符",
    "structure.label_variant": "标签与模板措辞不同（由解析器给出）",
    "narrative.number_mismatch": "正文所述数字与表格或与自身所列分项不符",
    "cross_year.carry_over": "本年上年结转 ≠ 上年报告结转下年度",
    "cross_year.in_force": "2021 格式表二：上年现行有效 + 本年制发 − 本年废止 ≈ 本年现行有效",
    "table2.amount_unit": "2019 格式“采购总金额”未印制单位，按来源保留",
    "section6.fee": "表三（六）2 有数而第六部分未提及信息处理费",
    "table3.total_missing": "表三某行总计为空而申请人各列有数",
    "table4.total_missing": "表四某组总计为空而各结果列有数",
    "narrative.contradiction": "正文称申请已全部办结，而表三有结转下年度的申请",
}

Check = Callable[[Report], Iterable[Finding]]
_T3_SHORT = {
    "new_received": "一",
    "carried_over": "二",
    "total_processed": "三（七）",
    "carried_forward": "四",
}


def absent_refs(findings: Iterable[Finding | dict]) -> frozenset[str]:
    """The references a ``structure.partial`` parse finding says the file lacks (for :func:`check`)."""
    out: set[str] = set()
    for finding in findings:
        rule = finding["rule"] if isinstance(finding, dict) else finding.rule
        if rule == "structure.partial":
            out.update(finding["cells"] if isinstance(finding, dict) else finding.cells)
    return frozenset(out)


def check(report: Report, previous: Report | None = None, *, absent: frozenset[str] = frozenset()) -> list[Finding]:
    """Run every check on *report* (and the carry-over checks against *previous*, last year's report).

    *absent*: references (``section.N``, cells) the source file does not hold at all — a file with
    only part of a report (``structure.partial``, see :func:`gongkai.core.parse.partial.absent_refs`).
    Nothing is said about them: they are not missing from the report, only from this file.

    Returns the findings in rule order: structure, cells, arithmetic, text, years.
    """
    findings: list[Finding] = []
    for rule_check in _CHECKS:
        if absent and rule_check is _missing_cells:
            findings.extend(_missing_cells(report, absent))
            continue
        for finding in rule_check(report):
            if not (absent and finding.cells and all(cell in absent for cell in finding.cells)):
                findings.append(finding)
    if previous is not None:
        findings.extend(_cross_year(report, previous))
    return findings


# ------------------------------------------------------------------ helpers


def _ref(table: str, row: str, column: str) -> str:
    return f"{table}.{row}.{column}"


def _fmt(value: int | Decimal) -> str:
    return str(value)


def _value(report: Report, table: str, row: str, column: str) -> int | Decimal | None:
    """The numeric value of a valid cell; None when empty or invalid (reported elsewhere)."""
    raw = report.table(table)[row][column]
    column_def = report.fmt.table(table).column(column)
    if _invalid_reason(raw, column_def.kind) is not None:
        return None
    return cell_number(raw)


def _invalid_reason(value: object, kind: str) -> str | None:
    if value is None:
        return None
    number = cell_number(value)  # type: ignore[arg-type]
    if number is None:
        return f"“{value}”不是数字"
    if kind == "money":
        return "金额为负数" if number < 0 else None
    if number != int(number):
        return f"{value} 不是整数"
    if kind == "count" and number < 0:
        return f"{value} 是负数"
    return None


def _label(table: Table, row_key: str) -> str:
    row = table.row(row_key)
    return f"{row.group}{row.full_label}" if row.group else row.full_label


# ------------------------------------------------------------------ structure


def _format_mismatch(report: Report) -> Iterable[Finding]:
    fmt = report.fmt
    if report.year is None or fmt.fits_year(report.year):
        return
    if report.year < fmt.first_year:
        why = f"{fmt.version} 年格式（{fmt.document}）自 {fmt.first_year} 年度报告起使用"
    else:
        why = f"{fmt.version} 年格式（{fmt.document}）只用于 {fmt.first_year}–{fmt.last_year} 年度报告"
    yield Finding(
        "structure.format_mismatch",
        ERROR,
        f"{report.year} 年度报告使用了 {fmt.version} 年格式：{why}",
        (),
    )


def _missing_sections(report: Report) -> Iterable[Finding]:
    for section in report.fmt.sections:
        if section.text_key is not None:
            text = report.sections.get(section.text_key)
            if text is None or not text.strip():
                yield Finding(
                    "structure.missing_section",
                    ERROR,
                    f"缺少“{section.heading}”部分",
                    (f"section.{section.number}",),
                )
            continue
        table = report.fmt.tables[section.number - 2]
        data = report.table(table.key)
        if all(data[r][c] is None for r, c in table.cell_keys):
            yield Finding(
                "structure.missing_section",
                ERROR,
                f"缺少“{section.heading}”部分（表格全部为空）",
                (f"section.{section.number}",),
            )


def _missing_cells(report: Report, absent: frozenset[str] = frozenset()) -> Iterable[Finding]:
    for table in report.fmt.tables:
        data = report.table(table.key)
        if all(data[r][c] is None for r, c in table.cell_keys):
            continue  # the whole section is reported missing
        cells: list[str] = []
        rows: list[str] = []
        for row in table.rows:
            empty = [
                c for c in row.columns if data[row.key][c] is None and _ref(table.key, row.key, c) not in absent
            ]
            if not empty:
                continue
            cells.extend(_ref(table.key, row.key, c) for c in empty)
            if len(empty) == len(row.columns):
                rows.append(f"“{_label(table, row.key)}”整行")
            else:
                names = "、".join(table.column(c).label for c in empty)
                rows.append(f"“{_label(table, row.key)}”的{names}")
        if cells:
            yield Finding(
                "structure.missing_cells",
                WARNING,
                f"表{'二三四'[table.section - 2]}有 {len(cells)} 个单元格无数据：{'；'.join(rows)}",
                tuple(cells),
            )


def _invalid_cells(report: Report) -> Iterable[Finding]:
    for table in report.fmt.tables:
        data = report.table(table.key)
        for row_key, column in table.cell_keys:
            reason = _invalid_reason(data[row_key][column], table.column(column).kind)
            if reason:
                yield Finding(
                    "cell.invalid",
                    ERROR,
                    f"“{_label(table, row_key)}”的{table.column(column).label}：{reason}",
                    (_ref(table.key, row_key, column),),
                )


# ------------------------------------------------------------------ arithmetic


def _sum(values: list[int | Decimal | None]) -> int | Decimal | None:
    if any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def _table3_row_total(report: Report) -> Iterable[Finding]:
    table = report.fmt.table3
    for row in table.rows:
        parts = [_value(report, "table3", row.key, c) for c in TABLE3_APPLICANT_COLUMNS]
        total = _value(report, "table3", row.key, "total")
        summed = _sum(parts)
        if summed is None or total is None or summed == total:
            continue
        yield Finding(
            "table3.row_total",
            ERROR,
            f"“{_label(table, row.key)}”行：六类申请人之和={_fmt(summed)}，总计={_fmt(total)}，相差{_fmt(abs(summed - total))}",
            tuple(_ref("table3", row.key, c) for c in (*TABLE3_APPLICANT_COLUMNS, "total")),
        )


def _result_rows(report: Report) -> list[str]:
    return [r.key for r in report.fmt.table3.rows if r.key not in TABLE3_NON_RESULT_ROWS]


def _table3_results_total(report: Report) -> Iterable[Finding]:
    table = report.fmt.table3
    results = _result_rows(report)
    for column in table.columns:
        parts = [_value(report, "table3", r, column.key) for r in results]
        total = _value(report, "table3", "total_processed", column.key)
        summed = _sum(parts)
        if summed is None or total is None or summed == total:
            continue
        yield Finding(
            "table3.results_total",
            ERROR,
            f"{column.label}列：各办理结果之和={_fmt(summed)}，三（七）总计={_fmt(total)}，相差{_fmt(abs(summed - total))}",
            tuple(_ref("table3", r, column.key) for r in (*results, "total_processed")),
        )


def _table3_balance(report: Report) -> Iterable[Finding]:
    for column in report.fmt.table3.columns:
        v = {key: _value(report, "table3", key, column.key) for key in _T3_SHORT}
        if any(x is None for x in v.values()):
            continue
        left = v["new_received"] + v["carried_over"]  # type: ignore[operator]
        right = v["total_processed"] + v["carried_forward"]  # type: ignore[operator]
        if left == right:
            continue
        yield Finding(
            "table3.balance",
            ERROR,
            f"{column.label}列：一+二={_fmt(left)}，三（七）+四={_fmt(right)}，相差{_fmt(abs(left - right))}",
            tuple(_ref("table3", key, column.key) for key in _T3_SHORT),
        )


def _table4_total(report: Report) -> Iterable[Finding]:
    table = report.fmt.table4
    for row in table.rows:
        parts = [_value(report, "table4", row.key, c) for c in ("upheld", "corrected", "other", "pending")]
        total = _value(report, "table4", row.key, "total")
        summed = _sum(parts)
        if summed is None or total is None or summed == total:
            continue
        name = f"{row.group}（{row.label}）" if row.group else row.label
        yield Finding(
            "table4.total",
            ERROR,
            f"{name}：维持+纠正+其他+尚未审结={_fmt(summed)}，总计={_fmt(total)}，相差{_fmt(abs(summed - total))}",
            tuple(_ref("table4", row.key, c) for c in row.columns),
        )


def _amount_unit(report: Report) -> Iterable[Finding]:
    if report.format != "2019":
        return
    amount = report.table2["procurement"]["amount"]
    if not _value(report, "table2", "procurement", "amount"):
        return
    yield Finding(
        "table2.amount_unit",
        INFO,
        f"2019 年格式未印制“采购总金额”的单位，按来源保留原值 {amount}（请核对是元还是万元）",
        ("table2.procurement.amount",),
    )


# ------------------------------------------------------------------ text


_WITHHELD = tuple(
    f"table3.{key}.total"
    for key in (
        "withheld_state_secret",
        "withheld_prohibited",
        "withheld_security_stability",
        "withheld_third_party",
        "withheld_internal_affairs",
        "withheld_process_info",
        "withheld_enforcement_file",
        "withheld_query_matter",
    )
)
_QUANTITY_CELLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "received": ("收到申请", ("table3.new_received.total",)),
    "received_with_carried": ("收到申请（含上年结转）", ("table3.new_received.total", "table3.carried_over.total")),
    "closed": ("办结", ("table3.total_processed.total",)),
    "disclosed": ("予以公开", ("table3.disclosed.total",)),
    "partially_disclosed": ("部分公开", ("table3.partially_disclosed.total",)),
    "withheld": ("不予公开", _WITHHELD),
    "reconsideration": ("行政复议", ("table4.reconsideration.total",)),
    "litigation": ("行政诉讼", ("table4.litigation_direct.total", "table4.litigation_after_reconsideration.total")),
    "normative_in_force": ("现行有效规范性文件", ("table2.normative_documents.in_force",)),
}
_TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}


def _narrative(report: Report) -> Iterable[Finding]:
    text = report.sections.get("overview")
    seen: set[tuple[str, int]] = set()
    carried = _value(report, "table3", "carried_over", "total")
    for figure in stated_figures(text):
        name, refs = _QUANTITY_CELLS[figure.quantity]
        if figure.quantity == "normative_in_force" and report.format != "2021":
            continue  # 2019 table 2 has no 现行有效 column
        values = [_value(report, *ref.split(".")) for ref in refs]  # type: ignore[arg-type]
        table_value = _sum(values)
        if table_value is None or table_value == figure.value or (figure.quantity, figure.value) in seen:
            continue
        if figure.quantity == "received" and carried and table_value + carried == figure.value:
            continue  # “收到75件”: 74 new and 1 carried over, counted together
        seen.add((figure.quantity, figure.value))
        where = _TABLE_NAMES[refs[0].split(".", 1)[0]]
        yield Finding(
            "narrative.number_mismatch",
            ERROR,
            f"正文“{figure.excerpt}”称{name} {figure.value} 件，{where}为 {_fmt(table_value)} 件，相差{_fmt(abs(table_value - figure.value))}",
            (*refs, "section.1"),
        )
    for stated in stated_sums(text):
        if stated.consistent():
            continue
        parts = "+".join(str(p) for p in stated.parts)
        total = f"{stated.total}余" if stated.approximate else str(stated.total)
        yield Finding(
            "narrative.number_mismatch",
            WARNING,
            f"正文“{stated.excerpt[:40]}…”所列分项 {parts}={sum(stated.parts)}{stated.unit}，与所述总数 {total}{stated.unit} 不符",
            ("section.1",),
        )
    forward = _value(report, "table3", "carried_forward", "total")
    if forward:
        for claim in stated_claims(text):
            yield Finding(
                "narrative.contradiction",
                ERROR,
                f"正文称“{claim.excerpt}”，但表三“四、结转下年度继续办理”为 {_fmt(forward)} 件（仍有申请未办结）",
                ("table3.carried_forward.total", "section.1"),
            )
            break


def _total_missing(report: Report) -> Iterable[Finding]:
    """A blank 总计 where the parts carry numbers: the total itself is missing (its own finding)."""
    t3 = report.fmt.table3
    for row in t3.rows:
        if report.table3[row.key]["total"] is not None:
            continue
        parts = {c: _value(report, "table3", row.key, c) for c in TABLE3_APPLICANT_COLUMNS}
        filled = [v for v in parts.values() if v is not None]
        if not filled:
            continue
        yield Finding(
            "table3.total_missing",
            WARNING,
            f"表三“{_label(t3, row.key)}”行总计为空，而申请人各列有数（已填各列之和 {_fmt(sum(filled))}）：缺少总计",
            (_ref("table3", row.key, "total"), *(_ref("table3", row.key, c) for c, v in parts.items() if v is not None)),
        )
    for row in report.fmt.table4.rows:
        if report.table4[row.key]["total"] is not None:
            continue
        parts = {c: _value(report, "table4", row.key, c) for c in ("upheld", "corrected", "other", "pending")}
        filled = [v for v in parts.values() if v is not None]
        if not filled:
            continue
        name = f"{row.group}（{row.label}）" if row.group else row.label
        yield Finding(
            "table4.total_missing",
            WARNING,
            f"表四“{name}”总计为空，而各结果列有数（已填各列之和 {_fmt(sum(filled))}）：缺少总计",
            (_ref("table4", row.key, "total"), *(_ref("table4", row.key, c) for c, v in parts.items() if v is not None)),
        )


def _fee_mention(report: Report) -> Iterable[Finding]:
    if report.format == "2019":
        return
    unpaid = _value(report, "table3", "other_unpaid_fee", "total")
    other = report.sections.get("other") or ""
    if unpaid and "费" not in other:
        yield Finding(
            "section6.fee",
            WARNING,
            f"表三（六）2 逾期未缴费 {unpaid} 件，但第六部分未提及信息处理费的收取情况",
            ("table3.other_unpaid_fee.total", "section.6"),
        )


# ------------------------------------------------------------------ across years


def _cross_year(report: Report, previous: Report) -> Iterable[Finding]:
    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        yield Finding(
            "cross_year.carry_over",
            WARNING,
            f"上年报告是 {previous.year} 年度的，而本报告是 {report.year} 年度，结转核对可能无意义",
            (),
        )
    for column in report.fmt.table3.columns:
        now = _value(report, "table3", "carried_over", column.key)
        before = _value(previous, "table3", "carried_forward", column.key)
        if now is None or before is None or now == before:
            continue
        yield Finding(
            "cross_year.carry_over",
            ERROR,
            f"{column.label}列：本年“二、上年结转”={_fmt(now)}，上年报告“四、结转下年度继续办理”={_fmt(before)}，相差{_fmt(abs(now - before))}",
            (_ref("table3", "carried_over", column.key),),
        )
    if report.format == "2021" and previous.format == "2021":
        for row in ("regulations", "normative_documents"):
            last = _value(previous, "table2", row, "in_force")
            made = _value(report, "table2", row, "made")
            repealed = _value(report, "table2", row, "repealed")
            now = _value(report, "table2", row, "in_force")
            if None in (last, made, repealed, now):
                continue
            expected = last + made - repealed  # type: ignore[operator]
            if expected != now:
                label = report.fmt.table2.row(row).label
                yield Finding(
                    "cross_year.in_force",
                    WARNING,
                    f"{label}：上年现行有效{last}+本年制发{made}−本年废止{repealed}={expected}，本年现行有效为{now}，相差{abs(expected - now)}（修订等情形可致不符，请核对）",
                    tuple(_ref("table2", row, c) for c in ("made", "repealed", "in_force")),
                )


_CHECKS: tuple[Check, ...] = (
    _format_mismatch,
    _missing_sections,
    _missing_cells,
    _invalid_cells,
    _table3_row_total,
    _table3_results_total,
    _table3_balance,
    _table4_total,
    _total_missing,
    _amount_unit,
    _narrative,
    _fee_mention,
)

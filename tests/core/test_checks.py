"""The checker on hand-made reports: exactly the findings a careful evaluator would give."""

from decimal import Decimal

import pytest

from gongkai.core import Report, check
from tests.conftest import FIXTURES


def good(version: str, year: int) -> Report:
    """A small, correct report: 3 applications from people, 1 from a company, 1 carried over."""
    r = Report.blank(version, year, "某镇人民政府", fill=0)
    t3 = r.table3
    t3["new_received"].update(natural_person=3, commercial=1, total=4)
    t3["carried_over"].update(natural_person=1, total=1)
    t3["disclosed"].update(natural_person=2, total=2)
    t3["partially_disclosed"].update(commercial=1, total=1)
    t3["unavailable_not_held"].update(natural_person=1, total=1)
    t3["total_processed"].update(natural_person=3, commercial=1, total=4)
    t3["carried_forward"].update(natural_person=1, total=1)
    r.table4["reconsideration"].update(upheld=1, total=1)
    r.sections.update(
        overview="本年度共收到政府信息公开申请4件，办结4件，被申请行政复议1件，未被提起行政诉讼。",
        problems="问题：宣传不够。改进：加强宣传。",
        other="本年度未收取信息处理费。",
    )
    return r


@pytest.mark.parametrize(("version", "year"), [("2019", 2020), ("2021", 2023)])
def test_good_reports_pass(version, year):
    assert [f for f in check(good(version, year)) if f.severity != "info"] == []


def test_balance_finding_names_column_cells_and_difference():
    r = good("2019", 2020)
    r.table3["carried_forward"]["natural_person"] = 0
    r.table3["carried_forward"]["total"] = 0
    balance = check(r)[0]
    assert balance.severity == "error"
    assert balance.message == "自然人列：一+二=4，三（七）+四=3，相差1"
    assert balance.cells == (
        "table3.new_received.natural_person",
        "table3.carried_over.natural_person",
        "table3.total_processed.natural_person",
        "table3.carried_forward.natural_person",
    )
    assert [f.rule for f in check(r)] == ["table3.balance", "table3.balance"]  # 自然人 and 总计 columns


def test_row_total_and_results_total():
    r = good("2021", 2022)
    r.table3["other_unpaid_fee"]["research"] = 2  # total of the row and results of the column now off
    assert sorted(f.rule for f in check(r)) == ["table3.results_total", "table3.row_total"]
    row_total = next(f for f in check(r) if f.rule == "table3.row_total")
    assert "六类申请人之和=2，总计=0，相差2" in row_total.message
    results = next(f for f in check(r) if f.rule == "table3.results_total")
    assert results.message == "科研机构列：各办理结果之和=2，三（七）总计=0，相差2"


def test_table4_total():
    r = good("2019", 2019)
    r.table4["litigation_after_reconsideration"].update(corrected=1, total=2)
    finding, narrative = check(r)
    # the text says no lawsuit was filed, the table now says 2: that is a second, separate finding
    assert narrative.rule == "narrative.number_mismatch"
    assert narrative.message == "正文“未被提起行政诉讼”称行政诉讼 0 件，表四为 2 件，相差2"
    assert finding.rule == "table4.total"
    assert finding.message == "行政诉讼（复议后起诉）：维持+纠正+其他+尚未审结=1，总计=2，相差1"
    assert finding.cells[-1] == "table4.litigation_after_reconsideration.total"


def test_format_mismatch_both_ways():
    assert [f.rule for f in check(good("2019", 2021))] == ["structure.format_mismatch"]
    assert [f.rule for f in check(good("2021", 2020))] == ["structure.format_mismatch"]


def test_invalid_cells():
    r = good("2019", 2020)
    r.table3["disclosed"]["research"] = Decimal("1.5")
    r.table2["licensing"]["change"] = -3  # signed: allowed
    r.table2["penalty"]["decisions"] = "若干"
    r.table4["reconsideration"]["other"] = -1
    invalid = [f for f in check(r) if f.rule == "cell.invalid"]
    assert [f.cells[0] for f in invalid] == [
        "table2.penalty.decisions",
        "table3.disclosed.research",
        "table4.reconsideration.other",
    ]
    assert "“若干”不是数字" in invalid[0].message
    assert "1.5 不是整数" in invalid[1].message
    # no arithmetic rule is computed with an unreadable cell
    assert not [f for f in check(r) if f.rule in ("table3.row_total", "table3.results_total", "table4.total")]


def test_missing_sections_and_cells():
    r = good("2021", 2021)
    r.sections["problems"] = None
    for cells in r.table4.values():
        for key in cells:
            cells[key] = None
    r.table3["withheld_query_matter"]["total"] = None
    findings = check(r)
    assert [(f.rule, f.cells) for f in findings if f.rule == "structure.missing_section"] == [
        ("structure.missing_section", ("section.4",)),
        ("structure.missing_section", ("section.5",)),
    ]
    (missing,) = [f for f in findings if f.rule == "structure.missing_cells"]
    assert missing.cells == ("table3.withheld_query_matter.total",)
    assert missing.message == "表三有 1 个单元格无数据：“（三）不予公开8.属于行政查询事项”的总计"
    # the row with a blank total is not summed, so no row_total finding for it
    assert not [f for f in findings if f.rule == "table3.row_total"]


def test_narrative_against_tables():
    r = good("2019", 2020)
    r.sections["overview"] = "全年收到政府信息公开申请6件，办结4件，被申请行政复议2件，被提起行政诉讼1件。"
    mismatches = [f for f in check(r) if f.rule == "narrative.number_mismatch"]
    assert [f.cells[0] for f in mismatches] == [
        "table3.new_received.total",
        "table4.reconsideration.total",
        "table4.litigation_direct.total",
    ]
    assert mismatches[0].message == "正文“收到政府信息公开申请6件”称收到申请 6 件，表三为 4 件，相差2"
    # 5 = 4 new + 1 carried over: what “收到” often counts, not a mismatch
    r.sections["overview"] = "全年收到政府信息公开申请5件，办结4件。"
    assert [f for f in check(r) if f.rule == "narrative.number_mismatch"] == []


def test_narrative_stated_total_against_its_parts():
    r = good("2019", 2020)
    r.sections["overview"] = "全年发布信息共 100 条，其中网站 60 条，微信 30 条。" + r.sections["overview"]
    (finding,) = check(r)
    assert finding.rule == "narrative.number_mismatch"
    assert "60+30=90条" in finding.message and "100条" in finding.message


def test_seed_figures_pass_including_its_stated_sums():
    r = Report.from_json((FIXTURES / "reports" / "silizhen_2020.json").read_text(encoding="utf-8"))
    findings = check(r)
    assert [(f.rule, f.severity) for f in findings] == [("table2.amount_unit", "info")]
    r.table2["procurement"]["amount"] = 0
    r.sections["overview"] = r.sections["overview"].replace("村居信息 1137 条", "村居信息 1136 条")
    (finding,) = check(r)
    assert finding.rule == "narrative.number_mismatch"
    assert "87+38+30+1136=1291条" in finding.message and "1292条" in finding.message


def test_carry_over_against_previous_year():
    last = good("2019", 2020)
    this = good("2021", 2021)
    this.table3["carried_over"].update(natural_person=1, total=1)
    assert [f for f in check(this, last) if f.severity != "info"] == []
    last.table3["carried_forward"].update(natural_person=2, total=2)
    findings = [f for f in check(this, last) if f.rule == "cross_year.carry_over"]
    assert [f.cells for f in findings] == [
        ("table3.carried_over.natural_person",),
        ("table3.carried_over.total",),
    ]
    assert findings[0].message == "自然人列：本年“二、上年结转”=1，上年报告“四、结转下年度继续办理”=2，相差1"


def test_in_force_across_2021_years_is_a_warning():
    last, this = good("2021", 2021), good("2021", 2022)
    last.table2["normative_documents"].update(in_force=10)
    this.table2["normative_documents"].update(made=2, repealed=1, in_force=12)
    (finding,) = [f for f in check(this, last) if f.rule == "cross_year.in_force"]
    assert finding.severity == "warning"
    assert "上年现行有效10+本年制发2−本年废止1=11，本年现行有效为12，相差1" in finding.message


def test_fee_rows_need_a_fee_mention():
    r = good("2021", 2022)
    r.table3["new_received"].update(natural_person=4, total=5)
    r.table3["other_unpaid_fee"].update(natural_person=1, total=1)
    r.table3["total_processed"].update(natural_person=4, total=5)
    r.sections["overview"] = r.sections["overview"].replace("申请4件，办结4件", "申请5件，办结5件")
    r.sections["other"] = "无。"
    assert [f.rule for f in check(r)] == ["section6.fee"]

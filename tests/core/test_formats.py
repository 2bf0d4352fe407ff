"""The two template versions as data."""

import pytest

from gongkai.core import ReportFormatError, format_for_year, get_format
from gongkai.core.formats import TABLE3_NON_RESULT_ROWS


@pytest.mark.parametrize(("version", "result_rows"), [("2019", 20), ("2021", 22)])
def test_table3_results_group_spans_the_template_rowspan(version, result_rows):
    rows = get_format(version).table3.rows
    # 三、本年度办理结果 spans the result rows plus （七）总计: rowspan 20 (2019) / 22 (2021)
    spanned = [r for r in rows if r.key not in TABLE3_NON_RESULT_ROWS or r.key == "total_processed"]
    assert len(spanned) == result_rows


def test_2021_splits_other_into_three_and_drops_procurement():
    f19, f21 = get_format("2019"), get_format("2021")
    assert [r.key for r in f19.table3.rows if r.key.startswith("other")] == ["other"]
    assert [r.key for r in f21.table3.rows if r.key.startswith("other")] == [
        "other_no_correction",
        "other_unpaid_fee",
        "other_misc",
    ]
    assert [b.header for b in f19.table2.blocks][-1] == "第二十条第（九）项"
    assert "procurement" not in {r.key for r in f21.table2.rows}
    assert f21.table2.row("normative_documents").label == "行政规范性文件"
    assert f21.table2.column("amount").unit == "万元"


def test_labels_follow_the_template():
    f = get_format("2019")
    assert f.table3.column("social_welfare").label == "社会公益组织"
    assert "社会组织" in f.table3.column("social_welfare").aliases
    assert f.table3.row("withheld_security_stability").full_label == "3.危及“三安全一稳定”"
    assert f.table3.row("withheld_security_stability").group == "（三）不予公开"
    assert f.table3.row("carried_forward").full_label == "四、结转下年度继续办理"
    assert [s.heading for s in f.sections][3] == "四、政府信息公开行政复议、行政诉讼情况"
    assert len(f.table4.cell_keys) == 15


def test_format_by_year():
    assert format_for_year(2019).version == "2019"
    assert format_for_year(2020).version == "2019"
    assert format_for_year(2021).version == "2021"
    assert format_for_year(2035).version == "2021"
    with pytest.raises(ReportFormatError):
        format_for_year(2018)
    with pytest.raises(ReportFormatError, match="未知的年报格式"):
        get_format("2020")

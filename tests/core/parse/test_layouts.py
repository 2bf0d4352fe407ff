"""Table layouts seen in published reports beyond the template's own drawing."""

from gongkai.core.parse import parse_text

HEAD = "<html><body><h1>青山镇人民政府2020年政府信息公开工作年度报告</h1><p>一、总体情况：本年度工作平稳推进。</p>"
TAIL = "<p>五、存在的主要问题及改进情况</p><p>问题。</p><p>六、其他需要报告的事项</p><p>无。</p></body></html>"


def _table(rows: list[list[str]]) -> str:
    return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"


def test_eight_column_table3_with_subtotal_column_drops_the_subtotal():
    rows = [
        ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "小计", "总计"],
        ["一、本年新收政府信息公开申请数量", "5", "1", "0", "2", "0", "0", "3", "8"],
    ]
    html = HEAD + "<p>三、收到和处理政府信息公开申请情况</p>" + _table(rows) + TAIL
    report = parse_text(html, "html").report
    assert list(report.table3["new_received"].values()) == [5, 1, 0, 2, 0, 0, 8]


def test_table4_drawn_as_three_rows_of_five():
    rows = [
        ["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        ["行政复议", "1", "0", "0", "0", "1"],
        ["行政诉讼 未经复议直接起诉", "0", "1", "0", "0", "1"],
        ["复议后起诉", "0", "0", "0", "2", "2"],
    ]
    html = HEAD + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + _table(rows) + TAIL
    report = parse_text(html, "html").report
    assert list(report.table4["reconsideration"].values()) == [1, 0, 0, 0, 1]
    assert list(report.table4["litigation_direct"].values()) == [0, 1, 0, 0, 1]
    assert list(report.table4["litigation_after_reconsideration"].values()) == [0, 0, 0, 2, 2]


def test_group_and_row_in_one_cell_and_run_in_heading():
    rows = [
        ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        ["（三）不予公开 1.属于国家秘密", "1", "0", "0", "0", "0", "0", "1"],
    ]
    html = HEAD + "<p>三、收到和处理政府信息公开申请情况</p>" + _table(rows) + TAIL
    report = parse_text(html, "html").report
    assert list(report.table3["withheld_state_secret"].values()) == [1, 0, 0, 0, 0, 0, 1]
    assert report.sections["overview"] == "本年度工作平稳推进。"


def test_values_replicated_over_a_merged_cell_are_not_placed():
    # 2021 table 2: one value under a heading that spans three columns, written three times.
    rows = [
        ["第二十条第（五）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", "5", "5", "5"],
    ]
    html = HEAD.replace("2020", "2021") + "<p>二、主动公开政府信息情况</p>" + _table(rows) + TAIL
    result = parse_text(html, "html")
    assert result.report.table2["licensing"]["decisions"] is None
    assert any(f.rule == "structure.unplaced_values" for f in result.findings)


def test_heji_for_zongji_is_read_with_a_variant_finding_for_table3_only():
    rows = [
        ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "合计"],
        ["一、本年新收政府信息公开申请数量", "5", "1", "0", "2", "0", "0", "8"],
        ["（七）合计", "5", "1", "0", "2", "0", "0", "8"],
    ]
    html = HEAD + "<p>三、收到和处理政府信息公开申请情况</p>" + _table(rows) + TAIL
    result = parse_text(html, "html")
    assert result.report.table3["new_received"]["total"] == 8
    assert result.report.table3["total_processed"]["total"] == 8
    variants = [f.message for f in result.findings if f.rule == "structure.label_variant"]
    assert any("表三列标题“合计”" in m for m in variants)
    assert not any("表四" in m for m in variants)

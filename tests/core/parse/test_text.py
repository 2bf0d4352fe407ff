"""Text and markdown: pipe tables, one cell per line, wrapped labels, null marks, never guessing."""

import pytest

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse import parse_text

HEAD = "青山镇人民政府2021年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度工作平稳推进。\n\n"
T4 = (
    "四、政府信息公开行政复议、行政诉讼情况\n\n| 行政复议 |\n|---|\n"
    + "| "
    + " | ".join(["1", "0", "0", "0", "1"] * 3)
    + " |\n\n"
)
TAIL = "五、存在的主要问题及改进情况\n\n问题不少。\n\n六、其他需要报告的事项\n\n无。\n"


def _t3_md(rows: list[str]) -> str:
    header = "| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n"
    return "三、收到和处理政府信息公开申请情况\n\n" + header + "\n".join(rows) + "\n\n"


def test_pipe_table_blank_and_slash_cells_are_null_not_zero():
    text = HEAD + _t3_md(["| 一、本年新收政府信息公开申请数量 | 3 | / | — |  | 0 | 1,200 | 1204 |"]) + T4 + TAIL
    report = parse_text(text, "markdown").report
    assert report.table3["new_received"] == {
        "natural_person": 3,
        "commercial": None,
        "research": None,
        "social_welfare": None,
        "legal_service": 0,
        "other_org": 1200,
        "total": 1204,
    }
    assert report.format == "2021" and report.year == 2021 and report.organization == "青山镇人民政府"


def test_row_with_fewer_values_than_columns_is_not_placed():
    text = HEAD + _t3_md(["| 一、本年新收政府信息公开申请数量 | 3 | 1 | 4 |"]) + T4 + TAIL
    result = parse_text(text, "markdown")
    assert set(result.report.table3["new_received"].values()) == {None}
    assert any(f.rule == "structure.unplaced_values" for f in result.findings)


def test_one_cell_per_line_with_wrapped_labels():
    cells = "\n".join(
        [
            "三、收到和处理政府信息公开申请情况",
            "自然人",
            "商业",
            "企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ]
        + ["一、本年新收政府信息", "公开申请数量", "5", "1", "0", "0", "0", "0", "6"]
        + ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"]
    )
    report = parse_text(HEAD + cells + "\n\n" + TAIL, "text").report
    assert list(report.table3["new_received"].values()) == [5, 1, 0, 0, 0, 0, 6]
    assert list(report.table3["carried_over"].values()) == [0] * 7
    assert set(report.table3["disclosed"].values()) == {None}


def test_space_separated_rows_as_pdftotext_writes_them():
    lines = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 5 1 0 0 0 0 6\n四、结转下年度继续办理 1 0 0 0 0 0 1\n"
    report = parse_text(HEAD + lines + "\n" + TAIL, "text").report
    assert list(report.table3["new_received"].values()) == [5, 1, 0, 0, 0, 0, 6]
    assert list(report.table3["carried_forward"].values()) == [1, 0, 0, 0, 0, 0, 1]


def test_extra_provincial_row_is_ignored_with_a_finding():
    t2 = (
        "二、主动公开政府信息情况\n\n| 第二十条第（一）项 | | | |\n|---|---|---|---|\n"
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n"
        "| 其他主动公开文件 | 9 | 9 | 9 |\n| 行政规范性文件 | 2 | 1 | 7 |\n\n"
    )
    result = parse_text(HEAD + t2 + T4 + TAIL, "markdown")
    assert result.report.table2["normative_documents"] == {"made": 2, "repealed": 1, "in_force": 7}
    extra = [f for f in result.findings if f.rule == "structure.extra_row"]
    assert len(extra) == 1 and "其他主动公开文件" in extra[0].message


def test_bare_other_after_header_is_not_taken_for_a_row():
    # 2021: 3.其他 is a row, but a bare 其他 right after the header is the column heading.
    cells = "\n".join(["三、收到和处理政府信息公开申请情况", "法律服务机构", "其他", "总计", *["1"] * 7])
    result = parse_text(HEAD + cells + "\n\n" + T4 + TAIL, "text")
    assert set(result.report.table3["other_misc"].values()) == {None}


def test_not_a_report_is_refused():
    with pytest.raises(UnreadableInputError, match="不是政府信息公开工作年度报告"):
        parse_text("关于召开会议的通知\n\n请各单位准时参加。\n", "text")
    with pytest.raises(UnreadableInputError):
        parse_text("   \n", "text")


def test_table_of_contents_is_not_taken_for_the_sections():
    toc = "目录\n\n" + "\n".join(
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
    )
    text = HEAD.replace("一、总体情况", toc + "\n\n一、总体情况") + T4 + TAIL
    sections = parse_text(text, "markdown").report.sections
    assert sections == {"overview": "本年度工作平稳推进。", "problems": "问题不少。", "other": "无。"}


def test_money_with_its_unit_keeps_the_number_and_names_the_unit():
    t2 = (
        "二、主动公开政府信息情况\n\n| 第二十条第（九）项 | | |\n|---|---|---|\n"
        "| 信息内容 | 采购项目数量 | 采购总金额 |\n| 政府集中采购 | 3 | 95.3938万元 |\n\n"
    )
    result = parse_text(HEAD.replace("2021", "2020") + t2 + T4 + TAIL, "markdown")
    assert result.report.format == "2019"
    assert str(result.report.table2["procurement"]["amount"]) == "95.3938"
    unit = [f for f in result.findings if f.rule == "cell.unit"]
    assert unit and "万元" in unit[0].message and unit[0].cells == ("table2.procurement.amount",)


def test_title_from_the_file_name_when_the_text_has_none(tmp_path):
    from gongkai.core.parse import parse_path

    body = (HEAD + T4 + TAIL).split("\n", 1)[1]
    path = tmp_path / "南湖镇人民政府2021年政府信息公开工作年度报告.md"
    path.write_text(body, encoding="utf-8")
    report = parse_path(path).report
    assert (report.organization, report.year) == ("南湖镇人民政府", 2021)

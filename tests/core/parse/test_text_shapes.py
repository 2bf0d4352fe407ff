"""Text shapes and heading/title variants of real copies, each read (or refused) with the right reason."""

import pytest

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.findings import Finding
from gongkai.core.parse import parse_text, qualify
from gongkai.core.parse.assemble import find_period_year, find_title
from gongkai.core.parse.labels import match_heading
from gongkai.core.parse.normalize import to_simplified


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("一、2019年政府信息公开工作的总体情况", 1),
        ("四、政府信息公开行政法复议、行政诉讼情况", 4),
        ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", 4),
        ("五、存在的主要问题及整改措施", 5),
        ("五、存在的问题及改进措施", 5),
        ("二、主动公开政府政府情况", 2),
    ],
)
def test_heading_variants(heading, section):
    assert match_heading(heading) == (section, section)


@pytest.mark.parametrize("sub", ["（一）主动公开政府信息情况", "(三)主动公开政府信息情况", "（一）行政复议情况"])
def test_sub_headings_are_not_section_headings(sub):
    assert match_heading(sub) is None


def test_paren_heading_loses_to_the_top_level_one():
    text = "\n".join(
        [
            "某镇人民政府2023年政府信息公开工作年度报告",
            "一、总体情况",
            "（二）主动公开政府信息情况",
            "全年公开信息12条。",
            "二、主动公开政府信息情况",
            "规章 | 0 | 0 | 0 |",
            "五、存在的主要问题及改进情况",
            "问题。",
            "六、其他需要报告的事项",
            "无。",
        ]
    )
    result = parse_text(text)
    assert "全年公开信息12条" in result.report.sections["overview"]
    assert not [f for f in result.findings if f.rule == "structure.label_variant"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["关于2021年度政府信息公开工作的年度报告", "某某镇人民政府"], ("某某镇人民政府", 2021)),
        (["某某县自然资源局2019年度政府信息公开年度工作报告"], ("某某县自然资源局", 2019)),
        (["会仪镇人民政府2021年信息公开年度报告"], ("会仪镇人民政府", 2021)),
        (["根据条例，现公布区统计局2023年政府信息公开工作年度报告。"], ("区统计局", 2023)),
    ],
)
def test_title_variants(lines, expected):
    assert find_title(lines) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "本报告所列数据的统计期限为2024年1月1日至2024年12月31日。",
        "本报告所列数据的统计期限自2024-1-1起至2024-12-31止。",
        "本报告所列统计数据的期限自2024年1月1日起，至2024年12月31日止。",
        "本年度报告中所列数据统计期限从2024年1月1日到12月31日止。",
    ],
)
def test_year_from_the_statistics_period(sentence):
    assert find_period_year([sentence]) == 2024


def test_period_spanning_two_years_gives_no_year():
    assert find_period_year(["统计期限为2023年1月1日至2024年12月31日"]) is None


def test_traditional_text_is_mapped_and_pinyin_dropped():
    text, was = to_simplified("二、主動公開政府信息情況 數(shù)據(jù) 規章")
    assert was and text == "二、主动公开政府信息情况 数据 规章"
    assert to_simplified("二、主动公开政府信息情况") == ("二、主动公开政府信息情况", False)


def test_tab_separated_cells_read():
    rows = [
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t1\t0\t3",
        "行政规范性文件\t2\t1\t9",
    ]
    report = parse_text("\n".join(["某镇人民政府2022年政府信息公开工作年度报告", "一、总体情况", "正文。", *rows])).report
    assert report.table2["normative_documents"] == {"made": 2, "repealed": 1, "in_force": 9}


def test_not_a_report_only_for_files_that_are_not_one():
    with pytest.raises(UnreadableInputError, match="不是政府信息公开工作年度报告"):
        parse_text("关于召开安全生产会议的通知\n请各单位于周一上午参加会议。")


def test_a_markdown_row_that_lost_its_label_with_no_gap_to_fill_is_not_read():
    text = "\n".join(
        [
            "某镇人民政府2022年政府信息公开工作年度报告",
            "三、收到和处理政府信息公开申请情况",
            "| 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
            "| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "|  | 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
            "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        ]
    )
    result = parse_text(text, "markdown")
    assert any(f.rule == "structure.extra_row" and "没有行标签" in f.message for f in result.findings)
    assert result.report.table3["carried_over"]["total"] == 0


def test_qualify_marks_findings_on_uncertain_cells():
    parse_findings = [
        Finding("structure.label_variant", "warning", "按前后行读取", ("table3.disclosed.total",), confidence="uncertain")
    ]
    check_findings = [Finding("table3.row_total", "error", "不符", ("table3.disclosed.total",))]
    (qualified,) = qualify(check_findings, parse_findings)
    assert qualified.confidence == "uncertain" and "读取不确定" in qualified.message
    assert qualified.to_dict()["confidence"] == "uncertain"
    assert "confidence" not in check_findings[0].to_dict()  # the JSON shape stays compatible
    assert Finding.from_dict(qualified.to_dict()) == qualified

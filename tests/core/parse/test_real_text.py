"""Real published reports in the text and HTML shapes their copies take (``corpus/real/text``).

Every case reads to its truth file (no number invented, blanks kept blank), and after parsing and
checking raises exactly the error rules its truth file lists as the report's faults: every other
error would be a false one.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.core.findings import ERROR
from gongkai.core.load import load_report
from gongkai.core.parse import parse_path
from gongkai.core.report import Report
from tests.core.parse.corpus import CORPUS

REAL = CORPUS / "real" / "text"
CASES = sorted(p for p in REAL.rglob("*") if p.is_file() and not p.name.endswith(".golden.json"))


def _truth(path: Path) -> tuple[Report, list[str]]:
    data = json.loads(
        path.with_name(path.name.rsplit(".", 1)[0] + ".golden.json").read_text(encoding="utf-8"), parse_float=Decimal
    )
    return Report.from_dict(data["report"]), data["faults"]


def _ids(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_real_text_corpus_is_large_and_varied():
    assert len(CASES) >= 25
    assert len({p.parent.name for p in CASES}) >= 10
    index = (CORPUS / "real" / "INDEX.md").read_text(encoding="utf-8")
    assert "## text and HTML" in index
    for path in CASES:
        data = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".golden.json").read_text(encoding="utf-8"))
        assert data["source"].split(" ")[0] in index, path.name


@pytest.mark.parametrize("path", CASES, ids=_ids)
def test_real_case_reads_to_its_truth(path):
    truth, _faults = _truth(path)
    report = parse_path(path).report
    assert (report.format, report.year, report.organization) == (truth.format, truth.year, truth.organization)
    parsed, expected = dict(report.cells()), dict(truth.cells())
    assert [ref for ref, v in expected.items() if v is None and parsed[ref] is not None] == []  # none invented
    assert {ref: (expected[ref], parsed[ref]) for ref in expected if parsed[ref] != expected[ref]} == {}
    for key, text in truth.sections.items():
        assert "".join((report.sections[key] or "").split()) == "".join(text.split()), key


@pytest.mark.parametrize("path", CASES, ids=_ids)
def test_real_case_errors_are_its_faults_only(path):
    _truth_report, faults = _truth(path)
    errors = {f.rule for f in load_report(path).check() if f.severity == ERROR}
    assert errors == set(faults)


def _findings(path: Path) -> list:
    return load_report(path).check()


def _rules(path: Path) -> set[str]:
    return {f.rule for f in _findings(path)}


def test_traditional_characters_are_read_and_said():
    findings = _findings(REAL / "traditional" / "quanxi_2020.md")
    assert findings[0].rule == "structure.traditional"
    report = parse_path(REAL / "traditional" / "quanxi_2020.md").report
    assert report.organization == "衡南县泉溪镇"  # 衡南縣泉溪鎮 in the source


def test_single_number_for_seven_columns_is_refused_with_reason():
    findings = [f for f in _findings(REAL / "traditional" / "fenghuang_2021.txt") if f.rule == "structure.unplaced_values"]
    assert findings and "无法确定各数值所属的列，未读取" in findings[0].message
    # the section is there: its numbers were not read, it is not reported missing
    rules = _rules(REAL / "traditional" / "fenghuang_2021.txt")
    assert "structure.missing_section" not in rules and "structure.tables_unread" in rules


def test_cells_ended_by_bar_keep_blank_cells_in_their_columns():
    report = parse_path(REAL / "bar_per_line" / "tongjiju_2023.txt").report
    assert report.table3["new_received"]["total"] == 0
    assert report.table3["new_received"]["natural_person"] is None
    assert report.table2["regulations"] == {"made": None, "repealed": None, "in_force": None}  # printed “/”
    blank = [f for f in _findings(REAL / "bar_per_line" / "tongjiju_2023.txt") if f.rule == "structure.blank_cells"]
    assert blank and "不是缺行" in blank[0].message
    assert "structure.missing_rows" not in _rules(REAL / "bar_per_line" / "tongjiju_2023.txt")


def test_bar_on_its_own_line_and_pipe_rows_without_leading_bar():
    assert parse_path(REAL / "bar_own_line" / "nileke_2023.txt").report.table2["regulations"]["in_force"] == 6
    report = parse_path(REAL / "pipe_no_leading" / "erlang_2022.txt").report
    assert report.table2["normative_documents"] == {"made": 4, "repealed": 0, "in_force": 4}


def test_html_nbsp_blank_cells_keep_table4_columns():
    path = REAL / "html_nbsp" / "yingbinlu_2021.html"
    report = parse_path(path).report
    assert report.table4["reconsideration"] == {"upheld": None, "corrected": None, "other": None, "pending": 1, "total": 1}
    rules = _rules(path)
    assert "structure.extra_row" not in rules and "structure.missing_section" not in rules


def test_run_together_cells_are_not_split_and_say_why():
    path = REAL / "run_together" / "xinan_2021.txt"
    found = [f for f in _findings(path) if f.rule == "structure.run_together"]
    assert any("规章000" in f.message and "未读取" in f.message for f in found)
    assert parse_path(path).placed_cells == 0


def test_blank_tables_of_the_other_template_give_format_mismatch():
    path = REAL / "template_mismatch" / "xizhen_2022_blank.txt"
    report = parse_path(path).report
    assert report.format == "2019" and report.year == 2022
    assert "structure.format_mismatch" in _rules(path) and "structure.blank_cells" in _rules(path)


def test_2019_single_other_row_in_a_2021_report_is_named():
    path = REAL / "single_other_row" / "wuqi_2023.txt"
    (finding,) = [f for f in _findings(path) if f.rule == "structure.template_deviation"]
    assert "（六）其他处理" in finding.message and "1–3" in finding.message
    assert "structure.extra_row" not in _rules(path)


def test_row_that_lost_its_label_is_placed_by_its_neighbours_and_says_it_is_unsure():
    path = REAL / "markdown_lost_labels" / "changchun_2023.md"
    (finding,) = [f for f in _findings(path) if f.rule == "structure.label_variant" and "没有行标签" in f.message]
    assert finding.confidence == "uncertain" and "2.其他法律行政法规禁止公开" in finding.message
    assert parse_path(path).report.table3["withheld_prohibited"]["total"] == 0


def test_title_variants_and_year_from_the_statistics_period():
    report = parse_path(REAL / "cell_lines" / "xinjiu_2021.txt").report  # 关于2021年度… with the body above
    assert (report.organization, report.year) == ("盐边县新九镇人民政府", 2021)
    report = parse_path(REAL / "pipe_no_leading" / "liangcheng_2020.txt").report  # year only in the period
    assert report.year == 2020
    assert parse_path(REAL / "bar_per_line" / "huiyi_2021.txt").report.organization == "会仪镇人民政府"


def test_sub_headings_are_not_sections():
    path = REAL / "pipe_no_leading" / "hunanzhen_2021.txt"  # （三）主动公开政府信息情况 inside section 一
    report = parse_path(path).report
    assert "（三）主动公开政府信息情况" in report.sections["overview"]
    assert not [f for f in _findings(path) if f.rule in ("structure.label_variant", "structure.missing_section")]


def test_report_whose_tables_were_not_recognised_is_a_report():
    path = REAL / "tables_unread" / "jinshan_2019.txt"  # the tables were images on the page
    (finding,) = [f for f in _findings(path) if f.rule == "structure.tables_unread"]
    assert "一、二、三、四、五、六" in finding.message
    assert parse_path(path).report.sections["problems"]


def test_values_printed_apart_from_their_labels_are_read():
    path = REAL / "values_apart" / "hejiang_2023.md"
    report = parse_path(path).report
    assert report.table3["new_received"]["total"] == 0 and report.table3["carried_forward"]["natural_person"] == 0
    assert not [f for f in _findings(path) if f.severity != "info"]

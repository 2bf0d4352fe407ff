"""Adding up several bodies' reports (``gongkai.core.totals``) and ``gongkai report total``."""

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from gongkai.core import Report
from gongkai.core.totals import TotalError, total_reports
from tests.conftest import FIXTURES, SEED

CORPUS = FIXTURES / "corpus"


def _report(org, year=2021, fmt="2021", start=1):
    """A report whose every count cell holds a distinct small number, money a decimal."""
    report = Report.blank(fmt, year, org, fill=0)
    for n, (ref, _) in enumerate(report.cells(), start=start):
        report.set_cell(ref, n)
    if fmt == "2021":
        report.set_cell("table2.fees.amount", Decimal("1.0005"))
    else:
        report.set_cell("table2.procurement.amount", "32.2526")
    return report


def test_every_cell_is_the_exact_sum():
    a, b, c = _report("甲镇人民政府"), _report("乙镇人民政府", start=100), _report("丙街道办事处", start=7)
    result = total_reports([a, b, c], organization="某县（三个机关合计）", year=2021)
    total = result.report
    assert (total.organization, total.year, total.format) == ("某县（三个机关合计）", 2021, "2021")
    for ref, value in total.cells():
        expected = a.cell(ref) + b.cell(ref) + c.cell(ref)
        assert value == expected, ref
    assert total.cell("table2.fees.amount") == Decimal("3.0015")
    assert isinstance(total.cell("table3.new_received.total"), int)
    assert total.sections == {"overview": None, "problems": None, "other": None}
    assert [f.rule for f in result.findings] == ["total.sources"]
    assert result.sources == ["甲镇人民政府", "乙镇人民政府", "丙街道办事处"]
    assert result.incomplete_cells == []


def test_money_sums_are_exact_decimals_not_floats():
    reports = [_report(f"{n}乡人民政府") for n in "一二三四五六七八九十"]
    for report in reports:
        report.set_cell("table2.fees.amount", Decimal("0.1"))
    total = total_reports(reports, organization="合计").report
    assert total.cell("table2.fees.amount") == Decimal("1.0")
    assert '"amount": 1.0' in total.to_json()


def test_a_missing_cell_leaves_the_sum_empty_and_is_named():
    a, b = _report("甲镇人民政府"), _report("乙镇人民政府")
    b.set_cell("table3.carried_over.commercial", None)
    b.set_cell("table4.reconsideration.total", None)
    result = total_reports([a, b], organization="合计")
    assert result.report.cell("table3.carried_over.commercial") is None
    assert result.report.cell("table4.reconsideration.total") is None
    assert result.report.cell("table3.carried_over.total") == a.cell("table3.carried_over.total") * 2
    missing = [f for f in result.findings if f.rule == "total.missing_cells"]
    assert len(missing) == 1
    assert missing[0].severity == "warning"
    assert missing[0].cells == ("table3.carried_over.commercial", "table4.reconsideration.total")
    assert "乙镇人民政府" in missing[0].message and "2 个单元格" in missing[0].message
    assert result.incomplete_cells == ["table3.carried_over.commercial", "table4.reconsideration.total"]


def test_an_invalid_figure_is_not_added():
    a, b = _report("甲镇人民政府"), _report("乙镇人民政府")
    a.set_cell("table3.disclosed.research", "三")
    b.set_cell("table3.disclosed.legal_service", Decimal("1.5"))
    b.set_cell("table2.fees.amount", Decimal("-2"))
    result = total_reports([a, b], organization="合计")
    for ref in ("table3.disclosed.research", "table3.disclosed.legal_service", "table2.fees.amount"):
        assert result.report.cell(ref) is None
    invalid = {f.message.split(" ")[0]: f.cells for f in result.findings if f.rule == "total.invalid_cells"}
    assert invalid == {
        "甲镇人民政府": ("table3.disclosed.research",),
        "乙镇人民政府": ("table2.fees.amount", "table3.disclosed.legal_service"),
    }


def test_2019_format_keeps_the_procurement_amount_and_says_its_unit_is_unprinted():
    a, b = _report("甲镇人民政府", 2020, "2019"), _report("乙镇人民政府", 2020, "2019")
    a.set_cell("table2.licensing.change", -3)
    result = total_reports([a, b], organization="合计")
    assert result.report.cell("table2.procurement.amount") == Decimal("64.5052")
    assert result.report.cell("table2.licensing.change") == -3 + b.cell("table2.licensing.change")
    assert "total.amount_unit" in [f.rule for f in result.findings]


@pytest.mark.parametrize(
    ("reports", "message"),
    [
        ([], "没有可合计的报告"),
        ([_report("甲", 2021, "2021"), _report("乙", 2020, "2019")], "年报格式不一致"),
        ([_report("甲", 2021), _report("乙", 2022)], "年度不一致（2021、2022）"),
        ([_report("甲", None)], "未识别出年度"),
        ([_report("甲"), _report("甲")], "出现两次"),
    ],
)
def test_reports_that_cannot_be_added_are_refused(reports, message):
    with pytest.raises(TotalError, match=message):
        total_reports(reports, organization="合计")


def test_the_year_asked_for_must_be_the_reports_year():
    with pytest.raises(TotalError, match="2021 年度的，与要求合计的 2022 年度不符"):
        total_reports([_report("甲")], organization="合计", year=2022)


def test_the_seed_adds_with_its_lost_rows_left_empty():
    from gongkai.core.load import load_report

    seed = load_report(SEED).report
    other = _report("乙镇人民政府", 2020, "2019")
    result = total_reports([seed, other], organization="合计")
    assert result.report.cell("table2.procurement.projects") == 6 + other.cell("table2.procurement.projects")
    assert result.report.cell("table3.withheld_third_party.total") is None
    assert result.report.cell("table4.reconsideration.total") == other.cell("table4.reconsideration.total")
    (missing,) = [f for f in result.findings if f.rule == "total.missing_cells"]
    assert "思礼镇人民政府" in missing.message
    assert "table3.withheld_third_party.total" in missing.cells


# ------------------------------------------------------------------ the command


def gongkai(*args):
    return subprocess.run([sys.executable, "-m", "gongkai", *map(str, args)], capture_output=True, text=True)


def _write(tmp_path, report, name):
    path = tmp_path / name
    path.write_text(report.to_json(), encoding="utf-8")
    return path


def test_command_json_of_parsed_files(tmp_path):
    files = [CORPUS / "html" / "01_2021_2021.html", CORPUS / "docx" / "04_2023_2021.docx"]
    out = gongkai("report", "total", *files, "--organization", "合计", "--json")
    assert out.returncode == 2 and "年度不一致" in out.stderr and "Traceback" not in out.stderr
    files = [CORPUS / "html" / "01_2021_2021.html", CORPUS / "markdown" / "05_renumbered_extra_row.md"]
    out = gongkai("report", "total", *files, "--organization", "某区（合计）", "--year", "2021", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["report"]["organization"] == "某区（合计）"
    assert data["sources"] == ["城关街道办事处", "江北区教育局"]
    first = Report.from_json((CORPUS / "html" / "01_2021_2021.golden.json").read_text(encoding="utf-8"))
    second = Report.from_json((CORPUS / "markdown" / "05_renumbered_extra_row.golden.json").read_text(encoding="utf-8"))
    total = Report.from_json(out.stdout)
    for ref, value in total.cells():
        expected = None if first.cell(ref) is None or second.cell(ref) is None else first.cell(ref) + second.cell(ref)
        assert value == expected, ref


def test_command_exit_1_when_cells_are_left_empty_and_renders_xlsx(tmp_path):
    a, b = _report("甲镇人民政府"), _report("乙镇人民政府")
    b.set_cell("table3.new_received.total", None)
    out_file = tmp_path / "total.xlsx"
    out = gongkai(
        "report", "total", _write(tmp_path, a, "a.json"), _write(tmp_path, b, "b.json"),
        "--organization", "合计", "--to", "xlsx", "-o", out_file,
    )  # fmt: skip
    assert out.returncode == 1
    assert "total.missing_cells" in out.stderr and "table3.new_received.total" in out.stderr
    from openpyxl import load_workbook

    book = load_workbook(out_file)
    values = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert a.cell("table3.carried_over.total") * 2 in values


def test_command_bad_input_exits_2_with_one_line(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("", encoding="utf-8")
    out = gongkai("report", "total", empty, "--organization", "合计")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "空文件" in out.stderr
    a = _write(tmp_path, _report("甲", 2021, "2021"), "a.json")
    b = _write(tmp_path, _report("乙", 2020, "2019"), "b.json")
    out = gongkai("report", "total", a, b, "--organization", "合计")
    assert out.returncode == 2 and "格式不一致" in out.stderr
    out = gongkai("report", "total", a, "--organization", "合计", "--to", "pdf")
    assert out.returncode == 2 and "-o" in out.stderr
    out = gongkai("report", "total", a)
    assert out.returncode == 2 and "--organization" in out.stderr


def test_command_prints_markdown_by_default(tmp_path):
    out = gongkai("report", "total", _write(tmp_path, _report("甲镇人民政府"), "a.json"), "--organization", "某县合计")
    assert out.returncode == 0
    assert out.stdout.startswith("# 某县合计2021年政府信息公开工作年度报告")
    assert "合计了 1 份报告：甲镇人民政府" in out.stderr

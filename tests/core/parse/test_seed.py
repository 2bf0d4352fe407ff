"""The seed (a damaged PDF text extraction of 思礼镇 2020) comes out as worked out by hand.

Table 3 of the seed: rows 一 and 二 carry a label and seven numbers, which go to the seven
columns in order (the header is shifted: 总计 sits one cell right of the last number, above an
empty cell). Rows （一）（二）（三）1（三）2 carry six numbers for seven columns: which one is
missing cannot be known, so they stay empty with a finding. Everything after （三）2 is lost.
"""

from decimal import Decimal

from gongkai.core.checks import check
from gongkai.core.cli import run
from gongkai.core.parse import parse_path
from tests.conftest import SEED

LOST_OR_UNPLACED = [
    "disclosed",
    "partially_disclosed",
    "withheld_state_secret",
    "withheld_prohibited",
    "withheld_security_stability",
    "other",
    "total_processed",
    "carried_forward",
]


def test_seed_metadata_and_table2():
    result = parse_path(SEED)
    report = result.report
    assert (report.format, report.year, report.organization) == ("2019", 2020, "思礼镇人民政府")
    assert report.table2["procurement"] == {"projects": 6, "amount": Decimal("32.2526")}
    assert all(v == 0 for row, cells in report.table2.items() if row != "procurement" for v in cells.values())


def test_seed_table3_keeps_what_the_text_has_and_nothing_else():
    report = parse_path(SEED).report
    assert list(report.table3["new_received"].values()) == [0] * 7
    assert list(report.table3["carried_over"].values()) == [0] * 7
    for row in LOST_OR_UNPLACED:
        assert set(report.table3[row].values()) == {None}, row


def test_seed_table4_fifteen_zeros_without_its_heading():
    report = parse_path(SEED).report
    assert [v for cells in report.table4.values() for v in cells.values()] == [0] * 15


def test_seed_sections():
    sections = parse_path(SEED).report.sections
    assert sections["overview"].startswith("2020 年我镇在各类公开平台发布消息共 1300 余条")
    assert sections["overview"].endswith("实效性。")
    assert sections["problems"].startswith("1、加强宣传和引导。")
    assert sections["other"] == "2020 年末收取信息公开处理费用。"


def test_seed_findings():
    findings = parse_path(SEED).findings
    by_rule = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    assert [f.cells for f in by_rule["structure.missing_section"]] == [("section.4",)]
    assert any("社会组织" in f.message and "社会公益组织" in f.message for f in by_rule["structure.label_variant"])
    unplaced = {f.cells[0].split(".")[1] for f in by_rule["structure.unplaced_values"]}
    assert unplaced == {"disclosed", "partially_disclosed", "withheld_state_secret", "withheld_prohibited"}
    lost = {c.split(".")[1] for f in by_rule["structure.missing_rows"] for c in f.cells}
    assert "total_processed" in lost and "carried_forward" in lost and "new_received" not in lost


def test_seed_check_exits_1_and_reports_missing_cells(capsys):
    result = parse_path(SEED)
    rules = {f.rule for f in check(result.report)}
    assert "structure.missing_cells" in rules
    assert run(["report", "check", str(SEED)]) == 1
    out = capsys.readouterr().out
    assert "思礼镇人民政府" in out and "section.4" in out

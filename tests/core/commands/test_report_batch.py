"""``gongkai report batch``: one row per report, unreadable files listed, carry-over between years."""

import json
import shutil

from openpyxl import load_workbook

from gongkai.core.cli import run
from gongkai.core.commands.report_batch import run_batch
from gongkai.core.report import Report
from tests.core.parse.corpus import CORPUS


def _folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("markdown/00_2020_2019.md", "pdf/01_2021_2021.pdf", "bad/truncated.docx", "bad/empty.txt"):
        shutil.copy(CORPUS / name, folder / name.replace("/", "_"))
    return folder


def test_batch_json_lists_reports_and_unreadable_files(tmp_path, capsys):
    folder = _folder(tmp_path)
    out = tmp_path / "results.json"
    assert run(["report", "batch", str(folder), "-o", str(out), "--no-progress"]) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(r["organization"] for r in data["reports"]) == ["城关街道办事处", "青石镇人民政府"]
    assert sorted(u["file"] for u in data["unreadable"]) == ["bad_empty.txt", "bad_truncated.docx"]
    row = next(r for r in data["reports"] if r["source_kind"] == "pdf")
    assert row["year"] == 2021 and row["format"] == "2021" and row["errors"] == 0
    assert "无法读取 2 个文件" in capsys.readouterr().out


def test_batch_xlsx_has_report_finding_and_unreadable_sheets(tmp_path):
    folder = _folder(tmp_path)
    out = tmp_path / "results.xlsx"
    run(["report", "batch", str(folder), "-o", str(out), "--no-progress"])
    book = load_workbook(out)
    assert book.sheetnames == ["报告", "发现", "无法读取"]
    assert book["报告"].max_row == 3 and book["无法读取"].max_row == 3


def test_two_years_of_one_body_are_checked_for_carry_over(tmp_path):
    last = Report.from_json((CORPUS / "markdown" / "00_2020_2019.golden.json").read_text(encoding="utf-8"))
    this = Report.blank("2021", 2021, last.organization, fill=0)
    this.table3["carried_over"]["natural_person"] = (last.table3["carried_forward"]["natural_person"] or 0) + 2
    (tmp_path / "2020.md").write_text((CORPUS / "markdown" / "00_2020_2019.md").read_text(encoding="utf-8"))
    (tmp_path / "2021.json").write_text(this.to_json(), encoding="utf-8")
    result = run_batch(tmp_path, progress=False)
    row = next(r for r in result.rows if r.year == 2021)
    assert row.previous == "2020.md"
    carry = [f for f in row.findings if f.rule == "cross_year.carry_over"]
    assert carry and carry[0].cells == ("table3.carried_over.natural_person",)


def test_batch_on_a_file_is_refused(tmp_path, capsys):
    assert run(["report", "batch", str(CORPUS / "seed" / "silizhen_2020.txt")]) == 2
    assert "不是目录" in capsys.readouterr().err

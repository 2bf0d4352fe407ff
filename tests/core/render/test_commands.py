"""``gongkai report render`` and ``gongkai report template`` run as a user runs them."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook

from gongkai.core.render import render
from gongkai.core.report import Report

from .conftest import SEED_JSON


def _run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gongkai", "report", *args], capture_output=True, cwd=cwd)


def _seed() -> Report:
    return Report.from_json(SEED_JSON.read_bytes())


def test_render_html_and_md(tmp_path):
    out = tmp_path / "seed.html"
    result = _run("render", str(SEED_JSON), "--to", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert out.read_bytes() == render(_seed(), "html")
    md = tmp_path / "seed.md"
    assert _run("render", str(SEED_JSON), "-o", str(md)).returncode == 0  # kind from the extension
    assert md.read_bytes() == render(_seed(), "md")


def test_render_to_stdout():
    result = _run("render", str(SEED_JSON), "--to", "md", "-o", "-")
    assert result.returncode == 0
    assert result.stdout == render(_seed(), "md")


def test_render_binary_outputs(tmp_path):
    for kind in ("docx", "xlsx"):
        out = tmp_path / f"report.{kind}"
        assert _run("render", str(SEED_JSON), "--to", kind, "-o", str(out)).returncode == 0
        assert zipfile.is_zipfile(out)
    pdf = tmp_path / "report.pdf"
    assert _run("render", str(SEED_JSON), "--to", "pdf", "-o", str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_template_is_blank(tmp_path):
    out = tmp_path / "blank.xlsx"
    result = _run("template", "--format", "2021", "--to", "xlsx", "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    book = load_workbook(out)
    assert book.sheetnames == ["正文", "表二", "表三", "表四"]
    table3 = book["表三"]
    figures = [c.value for row in table3.iter_rows(min_row=5, min_col=4) for c in row]
    assert len(figures) == 25 * 7 and all(v is None for v in figures)
    md = tmp_path / "blank.md"
    assert _run("template", "--format", "2019", "-o", str(md)).returncode == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# （机关名称）××××年政府信息公开工作年度报告")
    assert "| 政府集中采购 |  |  |  |" in text
    assert "（六）其他处理 |  | " in text  # 2019: one row, no sub-rows


def test_template_with_title_and_pdf(tmp_path):
    out = tmp_path / "t.pdf"
    result = _run("template", "--format", "2021", "--organization", "某镇人民政府", "--year", "2024", "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    import pdfplumber

    with pdfplumber.open(io.BytesIO(out.read_bytes())) as pdf:
        assert "某镇人民政府" in pdf.pages[0].extract_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("render", "missing.json", "--to", "md", "-o", "out.md"), "文件不存在"),
        (("render", "__SEED__", "--to", "md", "-o", "no/such/dir/out.md"), "输出目录不存在"),
        (("render", "__SEED__", "-o", "out.unknown"), "请用 --to 指定"),
        (("render", "__SEED__", "--to", "rtf", "-o", "out.rtf"), "invalid choice"),
        (("render", "__BAD__", "--to", "md", "-o", "out.md"), "不是有效的 JSON"),
        (("render", "__SEED__", "--to", "md", "-o", "."), "是一个目录"),
        (("template", "--format", "2020", "-o", "t.md"), "invalid choice"),
        (("template", "--format", "2021"), "required"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, args, message):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    args = tuple(str(SEED_JSON) if a == "__SEED__" else str(bad) if a == "__BAD__" else a for a in args)
    result = _run(*args, cwd=tmp_path)
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert message in stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.md").exists()

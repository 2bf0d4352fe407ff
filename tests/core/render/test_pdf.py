"""PDF output (WeasyPrint): A4 pages, CJK fonts embedded, labels and figures extractable."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pdfplumber
import pytest

from gongkai.core.render import render


@pytest.fixture(scope="module")
def seed_pdf():
    from gongkai.core.report import Report

    from .conftest import SEED_JSON

    return render(Report.from_json(SEED_JSON.read_bytes()), "pdf")


def _text(data: bytes) -> tuple[str, list]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        sizes = [(round(p.width), round(p.height)) for p in pdf.pages]
        return "\n".join(p.extract_text() or "" for p in pdf.pages), sizes


def test_labels_and_figures_are_extractable(seed_pdf):
    text, sizes = _text(seed_pdf)
    assert all(size == (595, 842) for size in sizes)  # A4 in points
    assert "思礼镇人民政府" in text
    assert "2020年政府信息公开工作年度报告" in text
    for label in (
        "一、总体情况",
        "第二十条第（九）项",
        "采购总金额",
        "申请人情况",
        "法人或其他组织",
        "一、本年新收政府信息公开申请数量",
        "四、结转下年度继续办理",
        "未经复议直接起诉",
        "五、存在的主要问题及改进情况",
    ):
        assert label in text, label
    assert re.search(r"政府集中采购\s+6\s+32\.2526", text)
    assert "— 1 —" in text


def test_fonts_are_embedded(seed_pdf, tmp_path):
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) not installed")
    path = tmp_path / "seed.pdf"
    path.write_bytes(seed_pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, "no fonts"
    assert any("CJK" in row[0] for row in rows)
    # columns: name type... encoding emb sub uni object ID; 'emb' is the 5th field from the end
    assert all(row[-5] == "yes" for row in rows)


def test_blank_cells_print_nothing(report_2021):
    text, _ = _text(render(report_2021, "pdf"))
    lines = text.splitlines()
    assert "行政强制" in lines  # the row label alone: its blank figure prints nothing
    assert any(re.fullmatch(r"行政处罚\s+46", line) for line in lines)
    assert any(re.fullmatch(r"行政事业性收费\s+1\.25", line) for line in lines)

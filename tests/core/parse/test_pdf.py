"""PDF: text PDFs through PDFium chars and pdfplumber's lattice; encrypted and scanned files refused."""

import pytest

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse import ocr as ocr_module
from gongkai.core.parse import parse_path
from gongkai.core.parse import pdf as pdf_module
from gongkai.core.parse.blocks import Grid, Para
from tests.core.parse.corpus import CORPUS


def test_text_pdf_blocks_in_reading_order():
    blocks = pdf_module.read_pdf((CORPUS / "pdf" / "00_2020_2019.pdf").read_bytes()).blocks
    kinds = ["grid" if isinstance(b, Grid) else b.text[:6] for b in blocks if isinstance(b, Grid) or "、" in b.text[:3]]
    assert kinds.index("二、主动公开") < kinds.index("grid") < kinds.index("三、收到和处")
    assert isinstance(blocks[0], Para) and "年度报告" in blocks[0].text


def test_table_split_over_pages_is_joined():
    report = parse_path(CORPUS / "pdf" / "00_2020_2019.pdf").report
    assert all(v is not None for cells in report.table3.values() for v in cells.values())


def test_encrypted_pdf_is_refused():
    with pytest.raises(UnreadableInputError, match="加密"):
        parse_path(CORPUS / "bad" / "encrypted.pdf")


def test_scanned_pdf_without_tesseract_says_what_to_install(monkeypatch):
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    with pytest.raises(UnreadableInputError, match="tesseract"):
        parse_path(CORPUS / "bad" / "scanned.pdf")


def test_white_page_background_is_not_a_table_and_paragraphs_join_across_lines():
    from weasyprint import HTML

    text = "本年度，我镇坚持以公开为常态、不公开为例外，" * 12 + "全面推进政务公开。"
    page = (
        "<html><head><style>html{background:#fff} body{font-family:'Noto Serif CJK SC';font-size:14pt}"
        "p{text-indent:2em;text-align:justify}</style></head><body>"
        "<p>某镇人民政府2021年政府信息公开工作年度报告</p><p>一、总体情况</p>"
        f"<p>{text}</p><p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>"
    )
    blocks = pdf_module.read_pdf(HTML(string=page).write_pdf()).blocks
    assert not any(isinstance(b, Grid) for b in blocks)
    assert [b.text for b in blocks if isinstance(b, Para)][2] == text


@pytest.mark.skipif(ocr_module.shutil.which("tesseract") is None, reason="tesseract (optional OCR) not installed")
def test_scanned_pdf_goes_through_ocr_and_says_so(tmp_path):
    import pypdfium2 as pdfium
    from weasyprint import HTML

    page = (
        "<html><head><style>@page{size:150mm 120mm;margin:5mm} body{font-family:'Noto Sans CJK SC';font-size:13pt}"
        "</style></head><body><p>青山镇人民政府2021年政府信息公开工作年度报告</p><p>一、总体情况</p>"
        "<p>本年度工作平稳。</p><p>五、存在的主要问题及改进情况</p><p>宣传不够。</p>"
        "<p>六、其他需要报告的事项</p><p>无。</p></body></html>"
    )
    text_pdf = pdfium.PdfDocument(HTML(string=page).write_pdf())
    image = text_pdf[0].render(scale=300 / 72).to_pil().convert("L")
    scan = tmp_path / "scan.pdf"
    image.save(scan, resolution=300)
    text_pdf.close()
    result = parse_path(scan)
    assert result.source_kind == "pdf-ocr"
    assert result.findings[0].rule == "structure.ocr"
    assert (result.report.organization, result.report.year) == ("青山镇人民政府", 2021)
    assert result.report.sections["other"] == "无。"


def _line(words: list[tuple[float, float, str]], top: float) -> tuple[tuple[float, float, float, str], list]:
    return (words[0][0], words[-1][1], top, "  ".join(w[2] for w in words)), words


def test_a_borderless_row_with_blank_cells_takes_the_columns_its_numbers_stand_under():
    from gongkai.core.parse.layout import _aligned_rows

    header = [(60, 108, "信息内容"), (170, 242, "本年制发件数"), (290, 362, "本年废止件数"), (410, 482, "现行有效件数")]
    rows = [
        _line(header, 100),
        _line([(70, 94, "规章"), (201, 207, "0")], 120),  # one 0 under 本年制发件数, two blank cells
        _line([(60, 144, "行政规范性文件"), (201, 207, "3"), (442, 448, "5")], 140),
    ]
    lines, words = [r[0] for r in rows], [r[1] for r in rows]
    assert _aligned_rows(lines, words) == {
        0: "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        1: "规章 | 0 |  |  |",
        2: "行政规范性文件 | 3 |  | 5 |",
    }
    # A number standing between two headings is not placed by guessing: nothing changes.
    words[2] = [(60, 144, "行政规范性文件"), (201, 207, "3"), (262, 268, "5")]
    assert _aligned_rows(lines, words) == {}
    # Rows with a number for every column are left to the layout-text reader as before.
    words[1] = [(70, 94, "规章"), (201, 207, "0"), (322, 328, "0"), (442, 448, "0")]
    words[2] = [(60, 144, "行政规范性文件"), (201, 207, "3"), (322, 328, "0"), (442, 448, "5")]
    assert _aligned_rows(lines, words) == {}

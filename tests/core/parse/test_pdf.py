"""PDF: text PDFs through PDFium chars and pdfplumber's lattice; encrypted and scanned files refused."""

import pytest

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse import parse_path
from gongkai.core.parse import pdf as pdf_module
from gongkai.core.parse.blocks import Grid, Para
from tests.core.parse.corpus import CORPUS


def test_text_pdf_blocks_in_reading_order():
    blocks, _ = pdf_module.read_pdf((CORPUS / "pdf" / "00_2020_2019.pdf").read_bytes())
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
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    with pytest.raises(UnreadableInputError, match="tesseract"):
        parse_path(CORPUS / "bad" / "scanned.pdf")

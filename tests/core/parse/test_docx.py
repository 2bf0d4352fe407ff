"""DOCX: merged cells read from gridSpan/vMerge."""

import io

import pytest
from docx import Document

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.blocks import Grid
from gongkai.core.parse.docx import read_docx
from tests.core.parse.corpus import CORPUS


def _doc_with_merges() -> bytes:
    document = Document()
    document.add_paragraph("标题")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "组"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "跨两列"
    table.cell(1, 1).text = "1"
    table.cell(1, 2).text = "2"
    table.cell(2, 0).text = "行"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_merged_cells_continue_as_none():
    blocks = read_docx(_doc_with_merges())
    grid = next(b for b in blocks if isinstance(b, Grid))
    assert grid.rows == [["组", "跨两列", None], [None, "1", "2"], ["行", "", ""]]


def test_split_table_in_corpus_reads_as_two_grids():
    blocks = read_docx((CORPUS / "docx" / "02_2022_2021.docx").read_bytes())
    assert sum(isinstance(b, Grid) for b in blocks) == 4


def test_truncated_docx_is_refused():
    with pytest.raises(UnreadableInputError, match="DOCX"):
        read_docx(_doc_with_merges()[:500], "x.docx")

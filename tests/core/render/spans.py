"""Read merged cells back from rendered files, to compare them with the layout grid."""

from __future__ import annotations

from docx.oxml.ns import qn


def docx_table_spans(table) -> set[tuple[int, int, int, int, str]]:
    """``(row, col, rowspan, colspan, text)`` of every cell of a python-docx table, from its XML."""
    anchors: dict[tuple[int, int], list] = {}
    open_columns: dict[int, tuple[int, int]] = {}
    for r, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            tc_pr = tc.tcPr
            span = 1
            vmerge = None
            if tc_pr is not None:
                grid_span = tc_pr.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = int(grid_span.get(qn("w:val")))
                v = tc_pr.find(qn("w:vMerge"))
                if v is not None:
                    vmerge = v.get(qn("w:val")) or "continue"
            if vmerge == "continue":
                anchors[open_columns[col]][2] += 1
            else:
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                anchors[(r, col)] = [r, col, 1, span, text]
                open_columns[col] = (r, col)
            col += span
    return {tuple(v) for v in anchors.values()}


def grid_spans(grid) -> set[tuple[int, int, int, int, str]]:
    """The same tuples from a layout grid."""
    return {(c.row, c.col, c.rowspan, c.colspan, c.text) for c in grid.cells()}

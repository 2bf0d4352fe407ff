"""HTML: rowspan/colspan grids, page chrome, layout tables, encodings."""

from lxml import html as lxml_html

from gongkai.core.parse import parse_path, parse_text
from gongkai.core.parse.html import read_html, table_grid
from tests.core.parse.corpus import CORPUS


def test_spans_expand_into_a_grid_with_continuations():
    table = lxml_html.fragment_fromstring(
        "<table><tr><td rowspan='2'>A</td><td colspan='2'>B</td></tr><tr><td>c</td><td>d</td></tr></table>"
    )
    assert table_grid(table) == [["A", "B", None], [None, "c", "d"]]


def test_chrome_is_left_out_and_layout_tables_are_walked_into():
    blocks, hints = read_html((CORPUS / "html" / "00_2020_2019.html").read_text(encoding="utf-8"))
    texts = [getattr(b, "text", "") for b in blocks]
    assert not any("当前位置" in t or "网站标识码" in t or "政务服务" in t for t in texts)
    assert any("青石镇人民政府2020年政府信息公开工作年度报告" in h for h in hints)
    grids = [b for b in blocks if hasattr(b, "rows")]
    assert len(grids) == 3  # tables 2, 3, 4; the sidebar table is not data
    assert parse_path(CORPUS / "html" / "00_2020_2019.html").report.sections["other"] == "本年度未收取信息处理费。"


def test_wrapped_header_cell_and_gbk_page(tmp_path):
    page = (CORPUS / "html" / "01_2021_2021.html").read_text(encoding="utf-8")
    assert "商业<br/>企业" in page
    path = tmp_path / "gbk.html"
    path.write_bytes(page.replace("charset='utf-8'", "charset='gbk'").encode("gb18030"))
    assert parse_path(path).report.to_dict() == parse_text(page, "html").report.to_dict()


def test_page_wrapped_in_a_form_is_read():
    # ASP.NET WebForms pages wrap the whole body in <form>.
    page = (CORPUS / "html" / "05_2021_2021.html").read_text(encoding="utf-8")
    wrapped = page.replace("<body>", "<body><form id='form1' method='post'>").replace("</body>", "</form></body>")
    assert parse_text(wrapped, "html").report.to_dict() == parse_text(page, "html").report.to_dict()

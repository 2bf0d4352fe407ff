"""Word documents as item bodies (gongkai.core.wordimport): real DOCX files written by python-docx and by
LibreOffice, the structures offices use (headings, bold/italic, nested lists, merged table cells, links,
images, embedded files), and hostile files refused with one Chinese line."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.limits import ParseLimits
from gongkai.core.wordimport import MAX_COLUMNS, docx_to_html, import_docx
from tests.conftest import FIXTURES
from tests.core.hostile.files import gridspan_docx, zip_bomb_docx

WORD = FIXTURES / "word"

EXPECTED_NOTICE = (
    "<h2>关于做好春耕生产工作的通知</h2><p>各村（社区）：</p>"
    "<p>为做好今年春耕生产，<strong>现将有关事项通知如下</strong>，请<em>认真贯彻落实</em>。</p>"
    "<h3>一、工作目标</h3><ul><li>确保粮食播种面积稳定。</li><li>确保农资供应充足。</li></ul>"
    "<h3>二、工作步骤</h3><ol><li>摸底调查。</li><li>组织实施。</li><li>总结验收。</li></ol>"
    '<h3>三、资金安排</h3><table><thead><tr><th scope="col">项目</th><th scope="col">金额（万元）</th>'
    '<th scope="col">备注</th></tr></thead><tbody><tr><td>种子补贴</td><td>12.5</td><td>按户发放</td></tr>'
    '<tr><td>农机补贴</td><td>8</td><td rowspan="2">另行通知</td></tr><tr><td colspan="2">合计 20.5</td></tr>'
    '</tbody></table><p>附图：</p><p>［图：见附件“{stem}-图1.png”］</p><p style="text-align:right">思礼镇人民政府</p>'
)


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["notice-python-docx.docx", "notice-libreoffice.docx"])
def test_real_documents_keep_headings_formatting_lists_and_tables(name):
    data = (WORD / name).read_bytes()
    document = docx_to_html(data, name)
    stem = name.removesuffix(".docx")
    assert document.html == EXPECTED_NOTICE.format(stem=stem)
    assert document.title == "关于做好春耕生产工作的通知"
    assert [(f.name, f.content_type) for f in document.files] == [(f"{stem}-图1.png", "image/png")]
    assert document.files[0].data.startswith(b"\x89PNG\r\n\x1a\n")
    assert document.counts["tables"] == 1 and document.counts["lists"] == 2 and document.counts["headings"] == 4


def test_the_libreoffice_file_really_is_libreoffice_s():
    with zipfile.ZipFile(WORD / "notice-libreoffice.docx") as archive:
        assert b"LibreOffice" in archive.read("docProps/app.xml")
    with zipfile.ZipFile(WORD / "notice-python-docx.docx") as archive:
        assert b"LibreOffice" not in archive.read("docProps/app.xml")


def test_nested_lists_and_mixed_kinds():
    document = Document()
    document.add_paragraph("甲", style="List Number")
    document.add_paragraph("甲一", style="List Bullet 2")
    document.add_paragraph("甲二", style="List Bullet 2")
    document.add_paragraph("乙", style="List Number")
    document.add_paragraph("正文")
    document.add_paragraph("丙", style="List Bullet")
    html = docx_to_html(_bytes(document)).html
    assert html == ("<ol><li>甲<ul><li>甲一</li><li>甲二</li></ul></li><li>乙</li></ol><p>正文</p><ul><li>丙</li></ul>")


def test_runs_underline_strike_super_sub_breaks_and_escaping():
    document = Document()
    p = document.add_paragraph()
    p.add_run("下划").underline = True
    p.add_run("删除").font.strike = True
    p.add_run("m")
    p.add_run("2").font.superscript = True
    p.add_run("H")
    p.add_run("2").font.subscript = True
    run = p.add_run("<script>alert(1)</script>&")
    run.add_break()
    p.add_run("第二行")
    off = p.add_run("不加粗")
    off.bold = False
    html = docx_to_html(_bytes(document)).html
    assert html == (
        "<p><u>下划</u><s>删除</s>m<sup>2</sup>H<sub>2</sub>&lt;script&gt;alert(1)&lt;/script&gt;&amp;<br>第二行不加粗</p>"
    )


def test_hyperlinks_are_kept_with_their_target():
    document = Document()
    p = document.add_paragraph("详见")
    rid = document.part.relate_to("https://www.gov.cn/zhengce/", RT.HYPERLINK, is_external=True)
    p._p.append(
        parse_xml(
            '<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            f'r:id="{rid}"><w:r><w:t>中国政府网</w:t></w:r></w:hyperlink>'
        )
    )
    assert docx_to_html(_bytes(document)).html == '<p>详见<a href="https://www.gov.cn/zhengce/">中国政府网</a></p>'


def test_embedded_files_are_handed_back():
    """An Excel sheet embedded as an OLE object (Word's 插入 → 对象) is handed back as a file."""
    document = Document()
    document.add_paragraph("预算表如下：")
    sheet = b"PK\x03\x04" + b"\x00" * 60  # the bytes are not opened here
    part = Part(
        PackURI("/word/embeddings/Microsoft_Excel_Worksheet.xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        sheet,
        document.part.package,
    )
    rid = document.part.relate_to(part, RT.PACKAGE)
    p = document.add_paragraph()
    p._p.append(
        parse_xml(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<w:object><o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" r:id="{rid}"/></w:object></w:r>'
        )
    )
    result = docx_to_html(_bytes(document), "预算.docx")
    assert result.html == "<p>预算表如下：</p><p>［附件：“预算-附件1-Microsoft_Excel_Worksheet.xlsx”］</p>"
    assert [(f.name, f.data) for f in result.files] == [("预算-附件1-Microsoft_Excel_Worksheet.xlsx", sheet)]


def test_a_span_past_the_grid_is_clamped(tmp_path):
    path = gridspan_docx(tmp_path / "span.docx", span=5)  # a 3-column table whose first cell claims 5
    html = docx_to_html(path.read_bytes(), "span.docx").html
    assert '<td colspan="3"></td></tr>' in html


def test_huge_gridspan_is_refused(tmp_path):
    path = gridspan_docx(tmp_path / "gridspan.docx")
    with pytest.raises(UnreadableInputError) as caught:
        import_docx(path.read_bytes(), "gridspan.docx")
    assert str(caught.value) == (
        f"gridspan.docx：表格声称有 300000002 列（w:gridSpan 跨列），超过 {MAX_COLUMNS} 列的上限，疑似恶意文件，拒绝导入"
    )


def test_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    path = zip_bomb_docx(tmp_path / "bomb.docx", megabytes=20)
    with pytest.raises(UnreadableInputError) as caught:
        import_docx(path.read_bytes(), "bomb.docx")
    assert "压缩炸弹" in str(caught.value) and str(caught.value).startswith("bomb.docx：")


def test_too_many_entries_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(30):
            archive.writestr(f"word/media/{n}.png", b"x")
    with pytest.raises(UnreadableInputError, match="超过 20 个的上限"):
        docx_to_html(out.getvalue(), "many.docx", ParseLimits(max_entries=20))


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n", b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .doc", b"PK\x03\x04 truncated"],
    ids=["pdf", "empty", "doc", "truncated"],
)
def test_what_is_not_a_docx_gets_one_chinese_line(data):
    with pytest.raises(UnreadableInputError) as caught:
        import_docx(data, "通知.docx")
    assert str(caught.value).startswith("通知.docx：") and "\n" not in str(caught.value)


def test_another_zip_is_not_a_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UnreadableInputError, match="不是有效的 Word"):
        import_docx(out.getvalue(), "x.docx")


def test_the_sandbox_stops_a_parse_that_takes_too_much_memory():
    document = Document()
    for _ in range(2000):
        document.add_paragraph("年报" * 200)
    limits = ParseLimits(memory_mb=8)  # far too little for python-docx on this file
    with pytest.raises(UnreadableInputError) as caught:
        import_docx(_bytes(document), "big.docx", limits)
    assert "big.docx：" in str(caught.value)


def test_the_sandboxed_import_returns_the_same_result():
    data = (WORD / "notice-python-docx.docx").read_bytes()
    assert import_docx(data, "notice-python-docx.docx") == docx_to_html(data, "notice-python-docx.docx")

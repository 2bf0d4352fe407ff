"""Server-drawn charts: clean SVG (no script, no comment, no outside reference), PNG for DOCX, tables."""

from __future__ import annotations

import base64
import io
import re
from decimal import Decimal

import pytest
from lxml import etree
from PIL import Image

from gongkai.core.charts import ChartTable, Figure, data_uri, png_images, svg

SVG_NS = "{http://www.w3.org/2000/svg}"

MONTHS = ChartTable(
    ("政府网站", "政务微信公众号"),
    tuple((f"{m}月", (m * 3, m)) for m in range(1, 13)),
    row_header="月份",
    total=True,
)


def _texts(svg_text: str) -> list[str]:
    root = etree.fromstring(svg_text.encode())
    return [t.text for t in root.iter(f"{SVG_NS}text") if t.text]


@pytest.mark.parametrize("kind", ["bar", "stacked", "hbar", "line", "pie"])
def test_svg_has_no_script_comment_or_outside_reference(kind):
    text = svg(Figure("months", "每月发布信息数", MONTHS, kind))
    root = etree.fromstring(text.encode())
    assert root.tag == f"{SVG_NS}svg" and root.get("role") == "img"
    assert list(root.iter(f"{SVG_NS}script")) == []
    assert "<!--" not in text and "<script" not in text
    # only the XML namespaces name a URL; nothing is fetched
    urls = set(re.findall(r"https?://[^\"' )]+", text))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert "每月发布信息数" in _texts(text)


def test_bars_print_the_table_values_and_labels():
    table = ChartTable(("件数",), (("予以公开", (5,)), ("部分公开", (3,)), ("不予公开", (0,))))
    texts = _texts(svg(Figure("results", "办理结果", table, "hbar"), title=False))
    assert {"予以公开", "部分公开", "不予公开"} <= set(texts)
    assert {"5", "3"} <= set(texts)
    assert "办理结果" not in texts  # title=False: the page prints the title as the caption
    # whole-number ticks for counts, never 0.2, 0.4 …
    assert not any(re.fullmatch(r"\d+\.\d+", t) for t in texts)


def test_money_keeps_decimals_and_total_row():
    table = ChartTable(
        ("金额",), (("集中采购", (Decimal("32.2526"),)), ("收费", (Decimal("1.5"),))), unit="万元", total=True
    )
    assert table.total_row() == (Decimal("33.7526"),)
    assert table.printed_rows()[-1] == ("合计", (Decimal("33.7526"),))
    assert "32.2526" in _texts(svg(Figure("money", "金额", table)))


def test_a_row_must_match_the_columns():
    with pytest.raises(ValueError, match="2 columns"):
        ChartTable(("a", "b"), (("x", (1,)),))
    with pytest.raises(ValueError, match="unknown chart kind"):
        Figure("k", "t", MONTHS, "radar")


def test_data_uri_round_trips():
    text = svg(Figure("months", "每月", MONTHS))
    uri = data_uri(text)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == text


def test_png_images_rasterise_every_chart_offline():
    figures = [Figure("a", "每月发布信息数", MONTHS, "stacked"), Figure("b", "渠道", MONTHS, "pie")]
    pngs = png_images([svg(f) for f in figures])
    assert len(pngs) == 2
    for data in pngs:
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG" and image.size == (1600, 800)
        # something was drawn: not a blank page
        darkest, lightest = image.convert("L").getextrema()
        assert darkest < 100 and lightest == 255
    assert png_images([]) == []

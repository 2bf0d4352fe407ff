"""Markdown output: golden renders, and every table a well-formed pipe table."""

from __future__ import annotations

import re

from gongkai.core.render import render
from gongkai.core.render.markdown import render_text

from .conftest import assert_golden


def test_seed_golden(seed_report):
    assert_golden("silizhen_2020.md", render_text(seed_report))


def test_2021_golden(report_2021):
    assert_golden("example_2021.md", render_text(report_2021))


def test_render_returns_utf8_bytes(seed_report):
    assert render(seed_report, "md") == render_text(seed_report).encode("utf-8")


def _tables(text: str) -> list[list[str]]:
    tables, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def test_tables_are_parseable_pipe_tables(report_2021):
    text = render_text(report_2021)
    tables = _tables(text)
    assert len(tables) == 3
    for lines in tables:
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in lines}
        assert len(widths) == 1, "every row of a table has the same number of cells"
        assert re.fullmatch(r"\|(---\|)+", lines[1])
    table3 = tables[1]
    cells = [cell.strip() for cell in table3[3].strip("|").split("|")]
    assert cells == ["", "", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_blank_and_zero(report_2021):
    text = render_text(report_2021)
    assert "| 行政强制 |  |  |  |" in text
    assert "|  |  | 8.属于行政查询事项 |  |  |  |  |  |  |  |" in text
    assert "|  |  | 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in text
    assert "| 行政事业性收费 | 1.25 |  |  |" in text


def test_paragraphs_that_look_like_lists_stay_paragraphs(report_2021):
    text = render_text(report_2021)
    assert "\n1.公开内容还不够全面。\n" in text  # no space after the dot: not a list
    assert "\n2\\. 下一步将完善公开目录。\n" in text
    assert "\n（一）主动公开。" in text

"""Hostile files are harmless: each is refused (or read) quickly with one Chinese line, never a traceback,
never gigabytes of memory (issue 8: a 2.9 MB DOCX zip bomb drove a worker past 8 GB, a 39 KB DOCX with
gridSpan="300000000" took 4.6 GB, a 5,000-page PDF ran past 30 s, a corrupt PDF printed a PdfiumError
traceback, deeply nested JSON died with RecursionError).

The CLI runs in a subprocess held to 4 GB of address space and 120 s (a safety net for this machine, so a
regression fails the test instead of freezing the suite).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse import parse_path
from gongkai.core.parse.limits import ParseLimits, check_zip

from .hostile import files

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def _gongkai(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_cap,
        env={**os.environ, "PYTHONPATH": SRC, **(env or {})},
    )


def _one_chinese_line(out: subprocess.CompletedProcess) -> str:
    assert out.returncode == 2, (out.returncode, out.stderr[-2000:])
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


def test_zip_bomb_docx_is_refused_before_it_is_opened(tmp_path):
    bomb = files.zip_bomb_docx(tmp_path / "年报.docx")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    line = _one_chinese_line(_gongkai("report", "parse", str(bomb)))
    assert "年报.docx：解压后共 301 MB，超过 200 MB 的上限" in line and "压缩炸弹" in line


def test_a_highly_compressed_entry_is_refused_by_ratio(tmp_path):
    bomb = files.zip_bomb_docx(tmp_path / "b.docx", megabytes=20)
    with pytest.raises(UnreadableInputError, match=r"压缩比为 \d+:1，超过 100:1 的上限"):
        check_zip(bomb.read_bytes(), "b.docx", ParseLimits())


def test_too_many_zip_entries_are_refused(tmp_path):
    import zipfile

    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(30):
            archive.writestr(f"word/x{n}.xml", "<x/>")
    with pytest.raises(UnreadableInputError, match="压缩包内有 30 个文件，超过 20 个的上限"):
        check_zip(path.read_bytes(), "many.docx", ParseLimits(max_entries=20))


def test_huge_grid_span_is_clamped_to_the_table_width(tmp_path):
    from gongkai.core.parse.blocks import Grid
    from gongkai.core.parse.docx import read_docx

    path = files.gridspan_docx(tmp_path / "span.docx")
    grids = [b for b in read_docx(path.read_bytes(), "span.docx") if isinstance(b, Grid)]
    # the first cell's span is clamped to the grid's 3 columns; its row's 2 other cells follow it
    assert [len(row) for row in grids[0].rows] == [5, 3]
    line = _one_chinese_line(_gongkai("report", "parse", str(path)))
    assert line.startswith("gongkai: span.docx：不是政府信息公开工作年度报告")


def test_html_spans_are_clamped_to_the_table_size(tmp_path):
    from gongkai.core.parse.blocks import Grid
    from gongkai.core.parse.html import read_html

    path = files.spans_html(tmp_path / "spans.html")
    blocks, _ = read_html(path.read_text())
    grid = next(b for b in blocks if isinstance(b, Grid))
    # rowspan reaches no further than the 3 rows, colspan no wider than the widest row's 40 cells (before
    # the clamp each cell reached 200 × 200 and a row held 16,000 positions)
    assert len(grid.rows) == 3
    assert max(len(row) for row in grid.rows) <= 3 * 40 * 40


def test_pdf_over_the_page_limit_is_refused(tmp_path):
    path = files.many_pages_pdf(tmp_path / "厚.pdf")
    line = _one_chinese_line(_gongkai("report", "parse", str(path)))
    assert "厚.pdf：PDF 有 5000 页，超过 300 页的上限" in line
    line = _one_chinese_line(_gongkai("report", "check", str(path), env={"GONGKAI_PARSE_MAX_PAGES": "100"}))
    assert "PDF 有 5000 页，超过 100 页的上限" in line


def test_corrupt_pdf_gives_one_line_and_exit_2(tmp_path):
    path = files.corrupt_pdf(tmp_path / "坏.pdf")
    line = _one_chinese_line(_gongkai("report", "parse", str(path)))
    assert line == "gongkai: 坏.pdf：PDF 文件已损坏，第 1 页无法读取"
    with pytest.raises(UnreadableInputError, match="第 1 页无法读取"):
        parse_path(path)


def test_deeply_nested_json_gives_one_line_and_exit_2(tmp_path):
    path = files.nested_json(tmp_path / "deep.json")
    line = _one_chinese_line(_gongkai("report", "check", str(path)))
    assert line == "gongkai: deep.json：JSON 嵌套层数过深，不是年度报告数据"


def test_memory_limit_stops_a_parse_that_passed_the_file_checks(tmp_path):
    bomb = files.zip_bomb_docx(tmp_path / "bomb.docx")
    env = {"GONGKAI_PARSE_MAX_UNZIPPED": str(10 << 30), "GONGKAI_PARSE_MAX_RATIO": "100000", "GONGKAI_PARSE_MEMORY_MB": "400"}
    line = _one_chinese_line(_gongkai("report", "parse", str(bomb), env=env))
    assert line == "gongkai: bomb.docx：读取时需要的内存超过 400 MB 的上限（文件过大或结构异常），已停止读取"


def test_time_limit_stops_a_slow_parse(tmp_path):
    path = files.many_pages_pdf(tmp_path / "slow.pdf", pages=2000)
    env = {"GONGKAI_PARSE_MAX_PAGES": "100000", "GONGKAI_PARSE_TIMEOUT": "2"}
    line = _one_chinese_line(_gongkai("report", "parse", str(path), env=env))
    assert line == "gongkai: slow.pdf：读取超过 2 秒仍未完成（文件过大或结构异常），已停止读取"

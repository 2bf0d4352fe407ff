"""What the renderers print, the parser reads back: every table cell, blanks kept apart from 0.

Skipped when the parser (``gongkai.core.parse``) is not installed.
"""

from __future__ import annotations

import pytest

from gongkai.core.render import render

parse = pytest.importorskip("gongkai.core.parse")


@pytest.mark.parametrize("kind", ["md", "html", "docx", "pdf"])
@pytest.mark.parametrize("which", ["seed_report", "report_2021"])
def test_cells_survive_render_and_parse(which, kind, request, tmp_path):
    report = request.getfixturevalue(which)
    path = tmp_path / f"report.{kind}"
    path.write_bytes(render(report, kind))
    parsed = parse.parse_path(path).report
    assert parsed.format == report.format
    assert dict(parsed.cells()) == dict(report.cells())

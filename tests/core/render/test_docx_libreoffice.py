"""The DOCX opens in a real word processor: LibreOffice converts it to a PDF with the report in it.

Optional: skipped when LibreOffice (``soffice``) is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from gongkai.core.render import render

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FONTS_CONF = Path(__file__).resolve().parents[3] / "src" / "gongkai" / "core" / "render" / "fonts.conf"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed")
def test_libreoffice_prints_the_docx(seed_report, tmp_path):
    source = tmp_path / "seed.docx"
    source.write_bytes(render(seed_report, "docx"))
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": str(tmp_path)}
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        env=env,
        timeout=240,
    )
    with pdfplumber.open(tmp_path / "seed.pdf") as pdf:
        sizes = {(round(p.width), round(p.height)) for p in pdf.pages}
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        fonts = {c["fontname"] for p in pdf.pages for c in p.chars}
    assert sizes == {(595, 842)}
    assert "2020 年政府信息公开工作年度报告" in text or "2020年政府信息公开工作年度报告" in text
    assert "三、收到和处理政府信息公开申请情况" in text
    assert re.search(r"政府集中采购\s+6\s+32\.2526", text)
    assert re.search(r"—\s*1\s*—", text)  # the PAGE field was evaluated
    assert re.search(r"—\s*2\s*—", text)
    assert any("Serif" in f and "CJK" in f for f in fonts)  # 仿宋 substituted by a serif CJK face

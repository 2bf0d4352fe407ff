"""LibreOffice and Tesseract run under the sandbox's limits: a real .doc and a real scanned PDF are read
inside it with the default limits; a hung converter is stopped by the time limit with a Chinese reason and
never outlives the parse; each helper gets its own address-space limit."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse import helpers
from gongkai.core.parse.limits import ParseLimits
from gongkai.core.sandbox import parse_file

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "real" / "files"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


@needs_soffice
def test_real_doc_is_read_in_the_sandbox_with_default_limits():
    result = parse_file(REAL / "doc" / "yangling_2023.doc", ParseLimits())
    assert result.source_kind == "doc"
    assert result.report is not None and result.report.year == 2023
    cells = dict(result.report.cells())
    assert any(v is not None for v in cells.values())


@needs_tesseract
def test_real_scan_is_read_in_the_sandbox_with_default_limits():
    result = parse_file(REAL / "scan" / "kuankuo_2023.pdf", ParseLimits())
    assert result.source_kind == "pdf-ocr"
    assert any(f.rule == "structure.ocr" for f in result.findings)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.fixture
def hung_soffice(tmp_path, monkeypatch):
    """A `soffice` on PATH that records its pid and address-space limit, then hangs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(f"#!/bin/sh\nulimit -v > {tmp_path}/limit\necho $$ > {tmp_path}/pid\nexec sleep 600\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    doc = tmp_path / "hung.doc"
    doc.write_bytes((REAL / "doc" / "dazhai_2021.doc").read_bytes())

    def pid() -> int:
        for _ in range(50):
            if (tmp_path / "pid").exists() and (tmp_path / "pid").read_text().strip():
                return int((tmp_path / "pid").read_text())
            time.sleep(0.1)
        raise AssertionError("the fake soffice never started")

    return doc, pid, tmp_path


def _gone(pid: int) -> bool:
    for _ in range(30):
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def test_hung_conversion_is_stopped_before_the_parse_time_limit(hung_soffice):
    doc, pid, tmp = hung_soffice
    started = time.monotonic()
    with pytest.raises(UnreadableInputError) as info:
        parse_file(doc, ParseLimits(timeout=4, helper_memory_mb=700))
    message = str(info.value)
    assert message.startswith("hung.doc：LibreOffice 转换 .doc 文件超过") and "仍未完成" in message
    assert "\n" not in message
    assert time.monotonic() - started < 6
    assert _gone(pid())
    assert (tmp / "limit").read_text().strip() == str(700 * 1024)  # its own limit, not the parse's


def test_helper_never_outlives_a_parse_the_sandbox_kills(hung_soffice, monkeypatch):
    doc, pid, _ = hung_soffice
    monkeypatch.setattr(helpers, "time_left", lambda limit: 600)  # the helper would wait past the parse
    with pytest.raises(UnreadableInputError, match="读取超过 3 秒仍未完成"):
        parse_file(doc, ParseLimits(timeout=3))
    assert _gone(pid())


@needs_soffice
def test_converter_out_of_memory_says_so(tmp_path):
    doc = tmp_path / "big.doc"
    doc.write_bytes((REAL / "doc" / "dazhai_2021.doc").read_bytes())
    with pytest.raises(UnreadableInputError, match="内存上限 400 MB 可能不够"):
        parse_file(doc, ParseLimits(helper_memory_mb=400))


def test_time_left_outside_the_sandbox_is_the_helper_limit():
    assert helpers.time_left(120) == 120

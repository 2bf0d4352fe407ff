"""Legacy .doc / .wps files: converted by LibreOffice when installed, a clear message when not."""

import shutil
import subprocess

import pytest

from gongkai.core.cli import run
from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse import legacy, parse_path
from tests.core.parse.corpus import CORPUS, golden

DOCX = CORPUS / "docx" / "01_2021_2021.docx"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


@pytest.fixture(scope="module")
def word97(tmp_path_factory):
    """A Word 97-2003 file LibreOffice writes from a corpus DOCX."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    tmp = tmp_path_factory.mktemp("doc")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp}/p", "--headless", "--convert-to", "doc", "--outdir", str(tmp), str(DOCX)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp / "01_2021_2021.doc").read_bytes()


@needs_soffice
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_doc_and_wps_are_converted_and_read(tmp_path, word97, suffix):
    path = tmp_path / f"report{suffix}"
    path.write_bytes(word97)
    result = parse_path(path)
    truth = golden(DOCX)
    assert result.source_kind == suffix[1:]
    assert (result.report.organization, result.report.year) == (truth.organization, truth.year)
    got = dict(result.report.cells())
    assert [(ref, v, got.get(ref)) for ref, v in truth.cells() if got.get(ref) != v] == []


def test_without_libreoffice_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)
    path = tmp_path / "old.wps"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(UnreadableInputError, match="libreoffice-writer") as info:
        parse_path(path)
    assert "WPS" in str(info.value) and "\n" not in str(info.value)
    assert run(["report", "parse", str(path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


@needs_soffice
def test_damaged_doc_is_refused(tmp_path):
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(UnreadableInputError, match="无法转换|不是政府信息公开"):
        parse_path(path)


@needs_soffice
def test_conversion_time_limit(tmp_path, monkeypatch, word97):
    monkeypatch.setattr(legacy, "TIMEOUT", 0.01)
    path = tmp_path / "slow.doc"
    path.write_bytes(word97)
    with pytest.raises(UnreadableInputError, match="LibreOffice 转换 .doc 文件超过 0.01 秒仍未完成"):
        parse_path(path)


def test_spreadsheet_ole_is_not_a_report(tmp_path):
    path = tmp_path / "table.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(UnreadableInputError, match="不是年度报告"):
        parse_path(path)

"""OFD (GB/T 33190): text and tables from the XML package; damaged and hostile packages refused."""

import io
import zipfile

import pytest

from gongkai.core.cli import run
from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse import parse_path, sniff_kind, ziplimits
from gongkai.core.parse.ofd import _deltas, read_ofd
from tests.core.parse.corpus import CORPUS, golden
from tests.core.parse.ofd_writer import NS, pdf_to_ofd

PDF = CORPUS / "pdf" / "00_2020_2019.pdf"


def _cells_wrong(report, truth):
    got = dict(report.cells())
    return [(ref, value, got.get(ref)) for ref, value in truth.cells() if got.get(ref) != value]


@pytest.mark.parametrize(
    "options", [{}, {"ctm": True}, {"per_char": True, "use_g": True}], ids=["runs", "ctm", "per-char-g"]
)
def test_ofd_reads_every_cell_title_and_sections(tmp_path, options):
    path = tmp_path / "report.ofd"
    path.write_bytes(pdf_to_ofd(PDF.read_bytes(), **options))
    result = parse_path(path)
    truth = golden(PDF)
    assert result.source_kind == "ofd"
    assert (result.report.organization, result.report.year, result.report.format) == (
        truth.organization,
        truth.year,
        truth.format,
    )
    assert _cells_wrong(result.report, truth) == []
    assert result.report.sections["problems"].startswith("一是公开内容还不够全面")


def test_ofd_is_sniffed_from_the_package_not_the_suffix(tmp_path):
    data = pdf_to_ofd(PDF.read_bytes())
    path = tmp_path / "report.zip"
    path.write_bytes(data)
    assert sniff_kind(path, data[:4096], data) == "ofd"
    assert parse_path(path).source_kind == "ofd"


def test_delta_x_g_runs():
    assert _deltas("g 3 2.5 1 g 2 4") == [2.5, 2.5, 2.5, 1.0, 4.0, 4.0]
    assert _deltas(None) == []


def _package(files: dict[str, bytes | str], **kwargs) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in files.items():
            z.writestr(name, body.encode() if isinstance(body, str) else body, **kwargs)
    return buffer.getvalue()


OFD_XML = (
    f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'
)
DOCUMENT = (
    f'<ofd:Document xmlns:ofd="{NS}"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
    "</ofd:Pages></ofd:Document>"
)


def _bad_cases() -> dict[str, tuple[bytes, str]]:
    image_page = (
        f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer><ofd:ImageObject Boundary="0 0 210 297" ResourceID="9"/>'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    )
    entity = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody><ofd:DocRoot>&b;</ofd:DocRoot></ofd:DocBody></ofd:OFD>'
    )
    return {
        "truncated": (pdf_to_ofd(PDF.read_bytes())[:3000], "损坏或不完整"),
        "no_ofd_xml": (_package({"Doc_0/Document.xml": DOCUMENT}), "docx|DOCX|OFD"),
        "broken_xml": (_package({"OFD.xml": OFD_XML, "Doc_0/Document.xml": "<ofd:Document"}), "不是有效的 XML"),
        "missing_page": (_package({"OFD.xml": OFD_XML, "Doc_0/Document.xml": DOCUMENT}), "缺少"),
        "no_doc_root": (_package({"OFD.xml": f'<ofd:OFD xmlns:ofd="{NS}"/>'}), "DocRoot"),
        "image_only": (
            _package({"OFD.xml": OFD_XML, "Doc_0/Document.xml": DOCUMENT, "Doc_0/Pages/Page_0/Content.xml": image_page}),
            "扫描件",
        ),
        "entities": (_package({"OFD.xml": entity}), "DocRoot|缺少|XML"),
        "bomb": (
            _package({"OFD.xml": OFD_XML, "Doc_0/Document.xml": DOCUMENT, "Doc_0/Res/big.bin": b"\0" * (8 << 20)}),
            "压缩炸弹",
        ),
    }


@pytest.mark.parametrize("case", list(_bad_cases()), ids=str)
def test_bad_ofd_is_refused_with_one_chinese_line(tmp_path, case, capsys):
    data, reason = _bad_cases()[case]
    path = tmp_path / f"{case}.ofd"
    path.write_bytes(data)
    with pytest.raises(UnreadableInputError, match=reason) as info:
        parse_path(path)
    assert "\n" not in str(info.value) and path.name in str(info.value)
    assert run(["report", "parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gongkai: ") and err.count("\n") == 1


def test_too_many_entries_and_encrypted_entries(monkeypatch):
    monkeypatch.setattr(ziplimits, "MAX_ENTRIES", 10)
    many = _package({f"Doc_0/Res/{n}.xml": "<a/>" for n in range(11)} | {"OFD.xml": OFD_XML})
    with pytest.raises(UnreadableInputError, match="文件过多"):
        read_ofd(many, "many.ofd")
    data = bytearray(_package({"OFD.xml": OFD_XML}))
    # Set the "encrypted" flag bit in the local header and the central directory entry.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 1
    with pytest.raises(UnreadableInputError, match="加密"):
        read_ofd(bytes(data), "locked.ofd")


def test_declared_total_size_is_checked_before_inflating(monkeypatch):
    monkeypatch.setattr(ziplimits, "MAX_TOTAL_SIZE", 1000)
    data = _package({"OFD.xml": OFD_XML, "Doc_0/Document.xml": DOCUMENT + " " * 2000})
    with pytest.raises(UnreadableInputError, match="过大"):
        read_ofd(data, "large.ofd")

"""Real reports in the file shapes supervisors meet (issue 10): every number right, none invented,
no false error; scans read through OCR with every number marked and unsure ones left empty."""

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.core.checks import absent_refs, check
from gongkai.core.parse import parse_path
from gongkai.core.parse.blocks import Grid
from gongkai.core.parse.layout import join_page
from gongkai.core.report import Report
from tests.core.parse.corpus import CORPUS

REAL = CORPUS / "real" / "files"
CASES = sorted(p for p in REAL.glob("*/*") if not p.name.endswith(".golden.json") and p.parent.name != "scan")
needs_soffice = shutil.which("soffice") is None


def _truth(path: Path) -> dict:
    data = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".golden.json").read_text(), parse_float=Decimal)
    data["report"] = Report.from_dict(data["report"])
    return data


def _errors(result) -> set[str]:  # noqa: ANN001
    findings = [*result.findings, *check(result.report, absent=absent_refs(result.findings))]
    return {f.rule for f in findings if f.severity == "error"}


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_file_case(path):
    if path.suffix in (".doc", ".wps") and needs_soffice:
        pytest.skip("LibreOffice not installed")
    truth = _truth(path)
    result = parse_path(path)
    report = result.report
    assert report.format == truth["report"].format
    got = dict(report.cells())
    invented = [ref for ref, value in truth["report"].cells() if value is None and got.get(ref) is not None]
    wrong = [(ref, value, got.get(ref)) for ref, value in truth["report"].cells() if got.get(ref) != value]
    assert invented == []
    assert wrong == []  # xiaocun_2021_plain: the single 0 under 规章's three columns placed by where it stands
    assert _errors(result) == set(truth["faults"])
    assert (report.organization, report.year) == (truth["report"].organization, truth["report"].year)


def test_flipbook_pages_say_once_what_they_lack():
    first = parse_path(REAL / "flipbook" / "hebao_2020_p1.pdf")
    second = parse_path(REAL / "flipbook" / "taiping_2022_p2.pdf")
    for result in (first, second):
        rules = [f.rule for f in result.findings]
        assert rules.count("structure.partial") == 1
        assert "structure.missing_rows" not in rules and "structure.missing_section" not in rules
        checked = check(result.report, absent=absent_refs(result.findings))
        assert not [f for f in checked if f.rule in ("structure.missing_section", "structure.missing_cells")]
    partial = next(f for f in second.findings if f.rule == "structure.partial")
    assert "缺少标题、一、总体情况" in partial.message and "section.3" in partial.cells
    # Without the file's own finding, the checker would report the absent parts as missing.
    assert any(f.rule == "structure.missing_section" for f in check(second.report))


def test_complete_report_is_not_partial():
    result = parse_path(REAL / "lo_pdf" / "taiping_2022.pdf")
    assert "structure.partial" not in {f.rule for f in result.findings}


def test_row_split_by_a_page_break_is_joined():
    """LibreOffice prints the rest of a wrapped row label at the top of the next page."""
    before = Grid([["（三）", "1.属于", "3", "0", "3"], [None, "2.其他", "1", "0", "1"]])
    before.rows = before.rows[:1]
    page = [Grid([["不予公开", "国家秘密", "", "", ""], [None, "2.其他法律行政法规禁止公开", "4", "0", "4"]])]
    blocks = [before]
    join_page(blocks, page)
    assert blocks[0].rows == [["（三）不予公开", "1.属于国家秘密", "3", "0", "3"]]
    assert blocks[1].rows == [[None, "2.其他法律行政法规禁止公开", "4", "0", "4"]]
    # A repeated header row is not a continuation.
    header = [Grid([["信息内容", "自然人", "商业企业", "总计", ""]])]
    blocks = [Grid([["（三）", "1.属于", "3", "0", "3"]])]
    join_page(blocks, header)
    assert len(blocks) == 2


@pytest.mark.parametrize(
    "options",
    [
        {"borders": False, "vertical_groups": True},
        {"borders": False, "vertical_t4": True},
        {"borders": False, "vertical_groups": True, "vertical_t4": True},
        {"vertical_groups": True, "vertical_t4": True},
    ],
    ids=["wps-groups", "wps-t4", "wps-both", "ruled-both"],
)
def test_vertical_labels_with_varied_figures(tmp_path, options):
    """Generated figures (all different) in the WPS layouts: no row lost, every number in its cell."""
    import sys

    sys.path.insert(0, str(CORPUS))
    sys.path.insert(0, str(CORPUS / "real"))
    from make_corpus import truth
    from make_files import weasy_pdf

    for n, (version, year) in enumerate((("2021", 2022), ("2019", 2020))):
        report = truth(version, year, "柳河县交通运输局", seed=2 + n)
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(weasy_pdf(report, **options))
        parsed = parse_path(path).report
        got = dict(parsed.cells())
        assert [(r, v, got.get(r)) for r, v in report.cells() if got.get(r) != v] == []


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
@pytest.mark.parametrize(("name", "least"), [("kuankuo_2023", 199), ("longyou_2023_scan", 200)])
def test_scanned_report_ocr_marks_every_number_and_invents_none(name, least):
    path = REAL / "scan" / f"{name}.pdf"
    truth = _truth(path)["report"]
    result = parse_path(path)
    assert result.source_kind == "pdf-ocr"
    got = dict(result.report.cells())
    cells = list(truth.cells())
    assert not [r for r, v in cells if got.get(r) is not None and got.get(r) != v]  # no wrong or invented number
    read = [r for r, v in cells if got.get(r) is not None]
    assert len(read) >= least  # ruling lines only: 271 of 397 cells; cell by cell with two readings agreeing: all (both cases)
    ocr = next(f for f in result.findings if f.rule == "structure.ocr")
    assert set(ocr.cells) == set(read)
    for finding in result.findings:
        if finding.rule == "cell.ocr_unsure":  # table cells left empty, or figures of the text only
            assert all(got.get(r) is None for r in finding.cells)
            assert bool(finding.cells) == ("正文" not in finding.message)
        if finding.rule == "structure.label_variant":  # rows placed by their neighbours are marked
            assert finding.confidence == "uncertain" and finding.cells
    # What OCR could not read is not reported as missing from the report.
    from gongkai.core.load import load_report

    assert [f.rule for f in load_report(path).check() if f.severity == "error"] == []


def test_vertical_headings_do_not_swallow_the_text_below_them():
    # 肖村乡 2021 (WPS, borderless): table 4's headings stand one character per line just above
    # 五、存在的主要问题及改进情况. The stacks are left out of the text; the heading and the paragraph
    # under it keep every character (the 、 and 主 at a stack's x belong to their words).
    result = parse_path(REAL / "wps_vertical" / "xiaocun_2021_plain.pdf")
    assert result.report.sections["problems"] == (
        "一是主动公开的内容还不够丰富；二是政策解读的形式较为单一。下一步将加强业务培训，严格信息发布审核。"
    )
    checked = check(result.report, absent=absent_refs(result.findings))
    missing = {ref for f in [*result.findings, *checked] if f.rule == "structure.missing_section" for ref in f.cells}
    assert missing == {"section.3", "section.4"}  # printed with every cell blank, as in the source


def test_rows_printed_as_bare_labels_are_blank_not_absent():
    # The same report prints 行政规范性文件, 行政强制, 行政事业性收费 and table 3's last rows with no
    # value; in page text they come out as lines of labels, not grid rows. Present with blank cells
    # (said as likely), never "来源中没有这些行"; their cells stay empty.
    result = parse_path(REAL / "wps_vertical" / "xiaocun_2021_plain.pdf")
    assert not [f for f in result.findings if f.rule == "structure.missing_rows"]
    likely = [f for f in result.findings if f.rule == "structure.blank_cells" and f.confidence == "likely"]
    refs = {ref for f in likely for ref in f.cells}
    assert {"table2.coercion.decisions", "table2.fees.amount", "table2.normative_documents.in_force"} <= refs
    assert {"table3.other_unpaid_fee.total", "table3.other_misc.total", "table3.carried_forward.total"} <= refs
    cells = dict(result.report.cells())
    assert all(cells[ref] is None for ref in refs)
    assert cells["table2.licensing.decisions"] == 270  # the rows read from the grid are untouched


@pytest.mark.parametrize("name", ["jingwei_2022.pdf", "qijiazi_2023.pdf"])
def test_a_label_wrapped_onto_the_next_line_is_whole(name):
    # WPS wraps table 3's long （六） labels: "…其政府信息公开" / "申请", and "…其政府" / "信息公开申请"
    # printed before the next row's own 3.其他. The label is whole, so no "标签不完整" note.
    result = parse_path(REAL / "wps_vertical" / name)
    assert not [f for f in result.findings if f.rule == "structure.label_variant"]
    cells = dict(result.report.cells())
    assert cells["table3.other_no_correction.total"] == 0 and cells["table3.other_unpaid_fee.total"] == 0

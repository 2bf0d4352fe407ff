"""Read published annual reports (政府信息公开工作年度报告) into data, deterministically.

Inputs: text and markdown (pipe tables, one cell per line, damaged PDF extractions), HTML
(rowspan/colspan, page chrome), DOCX (merged cells), PDF (text layer through pdfplumber; a
scanned PDF through OCR when ``tesseract`` is installed), OFD (GB/T 33190, :mod:`.ofd`) and
legacy ``.doc`` / ``.wps`` (converted by LibreOffice when installed, :mod:`.legacy`). Every reader turns its input into
paragraphs and table grids (:mod:`.blocks`); :mod:`.assemble` places them into the template.

The parser never invents a number: a value it cannot place stays ``None`` and it says why in a
finding. Findings it gives (the checker adds the rest, e.g. ``structure.missing_cells``):

* ``structure.missing_section`` — a section heading is absent but its table was found by content;
* ``structure.label_variant`` — a row/column label or heading number differs from the template;
* ``structure.unplaced_values`` — a row's values could not be matched to columns;
* ``structure.missing_rows`` — rows of a table absent from the source (the table was cut off);
* ``structure.extra_row`` — a row the template does not have (e.g. a provincial addition);
* ``structure.duplicate_row`` — a row printed twice with different values;
* ``cell.unit`` — a money cell carried its unit (``95.3938万元``); the number is kept, the unit named;
* ``structure.ocr`` — the text came from OCR of a scanned PDF: figures may be misread (names every
  cell read by OCR);
* ``cell.ocr_unsure`` — numbers OCR was not sure of, left ``None`` (names their cells);
* ``structure.title`` — the organization or year could not be read from the title;
* ``structure.format_unknown`` — neither labels nor year decide the template version;
* ``structure.partial`` — a PDF/OFD holds one stretch of a report only (a flip-book page): the
  parts it lacks are named once and nowhere else (:mod:`.partial`);
* ``structure.blank_cells`` — rows printed with every cell blank (present, unlike missing rows);
* ``structure.run_together`` — a label and its numbers run together (``规章000``): not split;
* ``structure.template_deviation`` — a 2021 report printing the 2019 single row （六）其他处理;
* ``structure.traditional`` — the report is in Traditional characters, read as Simplified;
* ``structure.tables_unread`` — a report whose tables were not recognised (the sections read are named).

Findings about readings that are not certain carry ``confidence`` (``uncertain``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.findings import INFO, WARNING, Finding
from gongkai.core.parse.assemble import assemble
from gongkai.core.parse.blocks import Block, Grid, Para
from gongkai.core.parse.limits import ParseLimits, check_zip
from gongkai.core.parse.normalize import to_simplified
from gongkai.core.report import Report

__all__ = ["PARSE_RULES", "SOURCE_KINDS", "ParseResult", "parse_path", "parse_text", "qualify", "sniff_kind"]

#: Rule ids only the parser gives, with what they mean.
PARSE_RULES: dict[str, str] = {
    "structure.missing_section": "章节标题缺失（表格已按内容识别）",
    "structure.label_variant": "标签或标题编号与模板不同",
    "structure.unplaced_values": "一行的数值无法对应到列，未读取",
    "structure.missing_rows": "表格的行在来源中不存在（表格残缺）",
    "structure.extra_row": "模板以外的行，已忽略",
    "structure.duplicate_row": "同一行出现两次且数值不同",
    "cell.unit": "金额单元格带有单位，保留数值并注明单位",
    "structure.ocr": "扫描版 PDF 经 OCR 识别，数字可能有误",
    "structure.title": "未能从标题识别机关或年度",
    "structure.format_unknown": "无法确定年报格式",
    "structure.partial": "文件只含年度报告的一部分（如翻页版的单页），缺少的部分未检查",
    "cell.ocr_unsure": "扫描件中 OCR 没有把握的数字，未读取（保留为空）",
    "structure.blank_cells": "表格印有该行但单元格全部为空（不是缺行）",
    "structure.run_together": "行标签与数字连在一起，无法分列，未读取",
    "structure.template_deviation": "表格的行与所用格式不符（如 2021 年格式印 2019 年的（六）其他处理）",
    "structure.traditional": "原文为繁体字，按简体读取",
    "structure.tables_unread": "是年报但表格未能识别",
}

SOURCE_KINDS = ("text", "markdown", "html", "docx", "pdf", "ofd", "doc", "wps")


@dataclass
class ParseResult:
    """A parsed report, what the parser found, and the kind of source it was read from."""

    report: Report
    findings: list[Finding] = field(default_factory=list)
    source_kind: str = "text"
    placed_cells: int = 0
    #: Cells whose reading is not certain: findings naming them say so (:func:`qualify`).
    uncertain: set[str] = field(default_factory=set)


_SECTION_NAMES = "一二三四五六"


def _result(
    blocks: list[Block], kind: str, name: str, title_hints: list[str] | None = None, *, paged: bool = False
) -> ParseResult:
    # The file name is the last place a title is looked for (“某镇2020年政府信息公开工作年度报告.pdf”).
    hints = [*(title_hints or []), name.rsplit(".", 1)[0]]
    assembly = assemble(blocks, hints)
    findings = assembly.findings
    if assembly.placed_cells == 0 and assembly.rows_seen == 0:
        titled = assembly.report.year is not None and any(
            isinstance(b, Para) and "政府信息公开" in b.text and "报告" in b.text for b in blocks[:40]
        )
        if len(assembly.headings) < 3 and not (titled and assembly.headings):
            raise UnreadableInputError(f"{name}：不是政府信息公开工作年度报告（没有找到年报的章节和表格）")
        read = "、".join(_SECTION_NAMES[n - 1] for n in sorted(assembly.headings)) or "无"
        findings = [
            Finding(
                "structure.tables_unread",
                WARNING,
                f"这是政府信息公开工作年度报告，但其中的表格未能识别（找到的部分标题：{read}），表二至表四没有读到数值",
                ("section.2", "section.3", "section.4"),
            ),
            *findings,
        ]
    if paged:
        # A page-based file may be one page of a flip-book: only part of a report.
        from gongkai.core.parse.assemble import find_title
        from gongkai.core.parse.partial import mark_partial

        intro = [b.text for b in blocks[:12] if isinstance(b, Para)]
        title = find_title([*intro, *("".join(intro[i : i + 2]) for i in range(len(intro) - 1))])
        findings = mark_partial(assembly.report, findings, title_found=title != (None, None))
    result = ParseResult(assembly.report, findings, kind, assembly.placed_cells)
    result.uncertain = assembly.uncertain
    return result


def parse_text(text: str, source_kind: str = "text", *, name: str = "输入") -> ParseResult:
    """Parse a report given as text: ``text`` / ``markdown`` (same reader) or ``html``.

    Raises:
        UnreadableInputError: the text is empty or is not an annual report.
    """
    if not text.strip():
        raise UnreadableInputError(f"{name}：内容为空")
    if source_kind not in ("text", "markdown", "html"):
        raise UnreadableInputError(f"{name}：不支持的文本类型 {source_kind}")
    text, traditional = to_simplified(text)
    if source_kind == "html":
        from gongkai.core.parse.html import read_html

        blocks, hints = read_html(text)
        result = _result(blocks, "html", name, hints)
    else:
        from gongkai.core.parse.text import read_text

        result = _result(read_text(text), source_kind, name)
    if traditional:
        result.findings.insert(
            0, Finding("structure.traditional", INFO, "原文为繁体字，标签、标题和机关名称已按简体读取", ())
        )
    return result


_UNREAD_RULES = ("structure.unplaced_values", "structure.run_together", "structure.tables_unread")
_SECTION_OF_TABLE = {"table2": "section.2", "table3": "section.3", "table4": "section.4"}


def _unread_sections(parse_findings: list[Finding]) -> set[str]:
    """Table sections the source has but whose numbers the parser could not read."""
    unread: set[str] = set()
    for finding in parse_findings:
        if finding.rule in _UNREAD_RULES:
            for cell in finding.cells:
                unread.add(_SECTION_OF_TABLE.get(cell.split(".", 1)[0], cell))
    return unread


def qualify(findings: list[Finding], parsed: ParseResult | list[Finding]) -> list[Finding]:
    """*findings* (the checker's, on a parsed report) as a supervisor should read them, given the
    parse result or the parser's findings (what the review app stores):

    * ``confidence`` set where a cell they name was read uncertainly (OCR, a row placed by its
      neighbours), and the message says so;
    * a "section missing (table empty)" error for a table the source does print but whose numbers
      could not be read (run together, unplaced, not recognised) becomes ``structure.tables_unread``
      (warning): the report is not missing that section, the reader could not read it.
    """
    parse_findings = parsed.findings if isinstance(parsed, ParseResult) else parsed
    ocr = any(f.rule == "structure.ocr" for f in parse_findings)
    uncertain = {c for f in parse_findings if f.confidence == "uncertain" for c in f.cells}
    if isinstance(parsed, ParseResult):
        uncertain |= parsed.uncertain
    unread = _unread_sections(parse_findings)
    if unread:
        kept = []
        for finding in findings:
            if finding.rule == "structure.missing_section" and finding.cells and finding.cells[0] in unread:
                section = finding.cells[0]
                if any(f.rule == "structure.tables_unread" and section in f.cells for f in [*kept, *parse_findings]):
                    continue
                heading = finding.message.split("“", 1)[-1].split("”", 1)[0]
                finding = Finding(
                    "structure.tables_unread",
                    WARNING,
                    f"原文有“{heading}”部分，但其中的数值未能读取（原因见其他解析发现），不是缺少该部分",
                    finding.cells,
                    confidence="uncertain",
                )
            kept.append(finding)
        findings = kept
    if not uncertain and not ocr:
        return findings
    out = []
    for finding in findings:
        if finding.confidence is None and (ocr or any(c in uncertain for c in finding.cells)):
            finding = replace(
                finding, confidence="uncertain", message=finding.message + "（所涉数值读取不确定，请对照原件核对）"
            )
        out.append(finding)
    return out


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_PDF = b"%PDF"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


def sniff_kind(path: Path, head: bytes, data: bytes | None = None) -> str:
    """The reader for *path* from its first bytes and its suffix (and a zip's entry names)."""
    suffix = path.suffix.lower()
    if head.startswith(_PDF):
        return "pdf"
    if head.startswith(_ZIP):
        if suffix == ".ofd" or (data is not None and _zip_is_ofd(data)):
            return "ofd"
        return "docx"
    if head.startswith(_OLE):
        if suffix in (".xls", ".ppt", ".et", ".dps"):
            raise UnreadableInputError(f"{path.name}：是表格或演示文稿（{suffix}），不是年度报告文档")
        return "legacy"
    if suffix in (".pdf", ".docx", ".ofd", ".doc", ".wps"):
        what = suffix[1:].upper()
        raise UnreadableInputError(f"{path.name}：不是有效的 {what} 文件（文件头不对，可能已损坏）")
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix == ".md":
        return "markdown"
    lowered = head[:2048].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in lowered:
        return "html"
    return "text"


def _zip_is_ofd(data: bytes) -> bool:
    import io
    import zipfile

    from gongkai.core.parse.ofd import is_ofd

    try:
        return is_ofd(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        return False


def _ocr_findings(result: ParseResult, read, name: str) -> list[Finding]:  # noqa: ANN001 - PdfRead
    """Every number of a scan is marked as read by OCR; the numbers OCR was unsure of are named."""
    read_cells = tuple(ref for ref, value in result.report.cells() if value is not None)
    findings = [
        Finding(
            "structure.ocr",
            WARNING,
            f"{name} 是扫描版 PDF，文字和 {len(read_cells)} 个数字由 OCR 识别，可能有误，请对照原件核对",
            read_cells,
        )
    ]
    report = result.report
    for table in report.fmt.tables:
        data = report.table(table.key)
        if all(data[r][c] is None for r, c in table.cell_keys):
            # An empty table in a scan is a table OCR could not read, not a missing section.
            findings.append(
                Finding(
                    "structure.tables_unread",
                    WARNING,
                    f"扫描件中表{'二三四'[table.section - 2]}的数值未能由 OCR 识别（不是缺少该部分），请对照原件核对",
                    (f"section.{table.section}",),
                    confidence="uncertain",
                )
            )
    if read.ordered:
        rows = {row.full_label: (table.key, row) for table in report.fmt.tables for row in table.rows}
        placed = [rows[label] for label in read.ordered if label in rows]
        findings.append(
            Finding(
                "structure.label_variant",
                WARNING,
                f"扫描件中 {len(read.ordered)} 行的行标签 OCR 未能识别，按其前后行的位置读取为"
                + "、".join(f"“{label}”" for label in read.ordered[:4])
                + (f" 等 {len(read.ordered)} 行" if len(read.ordered) > 4 else "")
                + "（读取不确定，请对照原件核对）",
                tuple(f"{table}.{row.key}.{c}" for table, row in placed for c in row.columns),
                confidence="uncertain",
            )
        )
    if read.unsure:
        from gongkai.core.parse.ocr import UNSURE

        # Where the unsure numbers are: the cells that a reading with a digit in their place fills.
        probe = [
            Grid([[("0" if c == UNSURE else c) for c in row] for row in b.rows], b.positioned) if isinstance(b, Grid) else b
            for b in read.blocks
        ]
        filled = dict(assemble(probe, []).report.cells())
        cells = tuple(ref for ref, value in result.report.cells() if value is None and filled.get(ref) is not None)
        findings.append(
            Finding(
                "cell.ocr_unsure",
                WARNING,
                (
                    f"OCR 对 {read.unsure} 个数字没有把握，未读取（保留为空），涉及 {len(cells)} 个单元格，请对照原件填写"
                    if cells
                    # Numbers of the text (a date, "2件结转"), not of the tables: no cell is left empty.
                    else f"OCR 对正文中 {read.unsure} 个数字没有把握，未读取，表格数值不受影响，请对照原件核对正文"
                ),
                cells,
            )
        )
    return findings


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise UnreadableInputError(f"{name}：是二进制文件，不是文本、HTML、DOCX 或 PDF 年度报告")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = len(_CONTROLS.findall(text, 0, 4096))
        if controls > 8:
            break
        return text
    raise UnreadableInputError(f"{name}：无法识别的文件内容（不是 UTF-8 或 GB18030 文本）")


def parse_path(path: str | Path, *, limits: ParseLimits | None = None) -> ParseResult:
    """Parse the report in *path* (``.txt`` ``.md`` ``.html`` ``.docx`` ``.pdf`` ``.ofd`` ``.doc`` ``.wps``; content decides).

    *limits* (default: :meth:`ParseLimits.from_env`) bound what the file may make the readers do: a
    DOCX is checked for a zip bomb before it is opened, a PDF's pages are counted first. Memory and time
    are bounded only when the parse runs in a child process (:func:`gongkai.core.sandbox.parse_file`).

    Raises:
        UnreadableInputError: the file is missing, empty, binary, damaged, encrypted, too large, or
            not an annual report — always with a one-line Chinese message.
    """
    try:
        return _parse_path(Path(path), limits or ParseLimits.from_env())
    except (UnreadableInputError, MemoryError):
        raise  # MemoryError: the sandbox's memory limit (gongkai.core.sandbox) reports it
    except Exception as exc:  # noqa: BLE001 - e.g. PdfiumError, lxml errors, RecursionError
        # A file damaged in a way no reader anticipated: still one line, never a traceback.
        raise UnreadableInputError(f"{Path(path).name}：文件无法解析（{type(exc).__name__}）") from exc


def _parse_path(path: Path, limits: ParseLimits) -> ParseResult:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableInputError(f"文件不存在：{path}") from None
    except IsADirectoryError:
        raise UnreadableInputError(f"{path} 是目录，不是文件") from None
    except OSError as exc:
        raise UnreadableInputError(f"无法读取 {path}：{exc.strerror}") from None
    if not data.strip():
        raise UnreadableInputError(f"{path.name} 是空文件")
    kind = sniff_kind(path, data[:4096], data)
    if kind == "pdf":
        from gongkai.core.parse.pdf import read_pdf

        read = read_pdf(data, path.name, limits)
        result = _result(read.blocks, "pdf", path.name, read.hints, paged=True)
        if read.ocr:
            result.source_kind = "pdf-ocr"
            result.findings[:0] = _ocr_findings(result, read, path.name)
        return result
    if kind == "docx":
        from gongkai.core.parse.docx import read_docx

        check_zip(data, path.name, limits)
        return _result(read_docx(data, path.name), "docx", path.name)
    if kind == "ofd":
        from gongkai.core.parse.ofd import read_ofd

        check_zip(data, path.name, limits)
        return _result(read_ofd(data, path.name), "ofd", path.name, paged=True)
    if kind == "legacy":
        from gongkai.core.parse.legacy import read_legacy

        suffix = path.suffix.lower() if path.suffix.lower() in (".doc", ".wps") else ".doc"
        return _result(read_legacy(data, path.name, suffix, limits), suffix[1:], path.name)
    return parse_text(_decode(data, path.name), kind, name=path.name)

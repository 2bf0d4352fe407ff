"""The text of an item's attachment for the checks before publishing (三审三校): TXT, DOCX and text PDF.

Attachments are as untrusted as uploaded reports: the DOCX's zip directory is checked first
(:func:`gongkai.core.parse.limits.check_zip`), its text is streamed out of ``word/document.xml`` without
building tables (a ``gridSpan`` of 300,000,000 costs nothing here), and a PDF is read up to
``limits.max_pages`` pages. Run it through :func:`gongkai.core.sandbox.attachment_text_file` so that
memory and time are bounded too. A file that cannot be read raises :class:`UnreadableInputError` with one
Chinese line; a file read only in part says so in :attr:`AttachmentText.note`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.limits import ParseLimits, check_zip

__all__ = ["TEXT_LIMIT", "AttachmentText", "attachment_text"]

#: Characters of text checked per attachment (a page of a notice is ~1,000).
TEXT_LIMIT = 200_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_SUFFIXES = {".txt", ".csv"}


@dataclass(frozen=True)
class AttachmentText:
    """What could be read of an attachment, and what was left unchecked (a Chinese line, or ``""``)."""

    text: str
    note: str = ""


def _cut(parts: list[str], name: str) -> AttachmentText:
    text = "\n".join(parts)
    if len(text) > TEXT_LIMIT:
        return AttachmentText(text[:TEXT_LIMIT], f"{name}：文字超过 {TEXT_LIMIT} 字，只检查了前 {TEXT_LIMIT} 字，其余请人工核对")
    return AttachmentText(text)


def _docx(path: Path, name: str, limits: ParseLimits) -> AttachmentText:
    from lxml import etree

    data = path.read_bytes()
    check_zip(data, name, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
    except KeyError:
        raise UnreadableInputError(f"{name}：不是有效的 DOCX 文件（缺少正文部分），未能检查其中的文字") from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise UnreadableInputError(f"{name}：DOCX 文件已损坏或不完整，未能检查其中的文字") from None
    parts: list[str] = []
    size = 0
    try:
        for _, element in etree.iterparse(
            io.BytesIO(xml), events=("end",), tag=f"{_W}p", resolve_entities=False, no_network=True, huge_tree=False
        ):
            line = "".join(t.text or "" for t in element.iter(f"{_W}t"))
            element.clear(keep_tail=False)
            parts.append(line)
            size += len(line) + 1
            if size > TEXT_LIMIT:
                break
    except etree.LxmlError:
        raise UnreadableInputError(f"{name}：DOCX 正文结构异常，未能检查其中的文字") from None
    return _cut(parts, name)


def _pdf(path: Path, name: str, limits: ParseLimits) -> AttachmentText:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        raise UnreadableInputError(f"{name}：PDF 文件已损坏或已加密，未能检查其中的文字") from None
    try:
        pages = len(pdf)
        parts: list[str] = []
        size = 0
        for index in range(min(pages, limits.max_pages)):
            try:
                page = pdf[index]
                line = page.get_textpage().get_text_range()
            except pdfium.PdfiumError:
                raise UnreadableInputError(f"{name}：PDF 第 {index + 1} 页无法解析，未能检查其中的文字") from None
            parts.append(line)
            size += len(line) + 1
            if size > TEXT_LIMIT:
                return _cut(parts, name)
    finally:
        pdf.close()
    read = _cut(parts, name)
    if pages > limits.max_pages:
        return AttachmentText(
            read.text,
            f"{name}：PDF 有 {pages} 页，超过 {limits.max_pages} 页的上限，只检查了前 {limits.max_pages} 页，其余请人工核对",
        )
    return read


def attachment_text(path: str | Path, name: str, limits: ParseLimits | None = None) -> AttachmentText:
    """The text of the attachment at *path*, uploaded as *name* (its suffix picks the reader); other kinds of
    file (images, spreadsheets, archives) give empty text.

    Raises:
        UnreadableInputError: the file is damaged, a zip bomb, or otherwise cannot be read (one Chinese line).
    """
    path = Path(path)
    limits = limits or ParseLimits.from_env()
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        with path.open("rb") as handle:
            raw = handle.read(TEXT_LIMIT * 3 + 3)
        return _cut([raw.decode("utf-8", errors="replace")], name)
    if suffix == ".docx":
        return _docx(path, name, limits)
    if suffix == ".pdf":
        return _pdf(path, name, limits)
    return AttachmentText("")

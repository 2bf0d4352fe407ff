"""Legacy word-processor files (Word 97–2003 ``.doc``, WPS Office ``.wps``) through LibreOffice.

Both are OLE compound files. When ``soffice`` (LibreOffice) is installed the file is converted to
DOCX in a private temporary directory, with its own LibreOffice profile (so conversions running at
the same time do not share a lock), its own memory and time limits (:mod:`.helpers`), then read by
:mod:`.docx`. Without
LibreOffice the file is refused with a message saying what to install or how to save it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.blocks import Block
from gongkai.core.parse.helpers import run_helper
from gongkai.core.parse.limits import ParseLimits, check_zip

__all__ = ["TIMEOUT", "convert_to_docx", "read_legacy"]

#: Seconds a conversion may take (LibreOffice's first start in a fresh profile takes a few).
TIMEOUT = 120


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, name: str, suffix: str, limits: ParseLimits | None = None) -> bytes:
    """The DOCX LibreOffice makes of a ``.doc`` / ``.wps`` file.

    Raises:
        UnreadableInputError: LibreOffice is not installed, timed out, or could not convert.
    """
    what = "WPS 文字" if suffix == ".wps" else "Word 97-2003"
    soffice = _soffice()
    if soffice is None:
        raise UnreadableInputError(
            f"{name}：旧版 {what} 文件（{suffix}）需要 LibreOffice 转换后读取，本机未安装 LibreOffice"
            "（请管理员安装 libreoffice-writer，或将文件另存为 .docx 后再读取）"
        )
    with tempfile.TemporaryDirectory(prefix="gongkai-soffice-") as tmp:
        source = Path(tmp) / f"input{suffix}"
        source.write_bytes(data)
        out = Path(tmp) / "out"
        command = [
            soffice,
            f"-env:UserInstallation=file://{tmp}/profile",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ]
        result = run_helper(
            command,
            timeout=TIMEOUT,
            too_slow=f"{name}：LibreOffice 转换 {suffix} 文件超过 {{limit}} 秒仍未完成，已停止转换，未读取",
            limits=limits,
            env={**os.environ, "HOME": tmp},
            cwd=tmp,
        )
        target = out / "input.docx"
        if result.returncode < 0 or result.returncode in (134, 137, 139):  # died on a signal (abort, kill, segfault)
            limit = (limits or ParseLimits.from_env()).helper_memory_mb
            raise UnreadableInputError(
                f"{name}：LibreOffice 转换 {suffix} 文件时异常退出（内存上限 {limit} MB 可能不够，或文件结构异常），未读取"
            )
        if result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            raise UnreadableInputError(f"{name}：LibreOffice 无法转换此 {suffix} 文件（文件可能已损坏或加密）")
        return target.read_bytes()


def read_legacy(data: bytes, name: str, suffix: str, limits: ParseLimits | None = None) -> list[Block]:
    """Blocks of a ``.doc`` / ``.wps`` file, converted to DOCX by LibreOffice."""
    from gongkai.core.parse.docx import read_docx

    limits = limits or ParseLimits.from_env()
    docx = convert_to_docx(data, name, suffix, limits)
    check_zip(docx, name, limits)  # what the conversion made is held to the DOCX limits too
    return read_docx(docx, name)

"""Legacy word-processor files (Word 97–2003 ``.doc``, WPS Office ``.wps``) through LibreOffice.

Both are OLE compound files. When ``soffice`` (LibreOffice) is installed the file is converted to
DOCX in a private temporary directory, with its own LibreOffice profile (so conversions running at
the same time do not share a lock) and a time limit, then read by :mod:`.docx`. Without
LibreOffice the file is refused with a message saying what to install or how to save it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.blocks import Block

__all__ = ["TIMEOUT", "convert_to_docx", "read_legacy"]

#: Seconds a conversion may take (LibreOffice's first start in a fresh profile takes a few).
TIMEOUT = 120


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, name: str, suffix: str) -> bytes:
    """The DOCX LibreOffice makes of a ``.doc`` / ``.wps`` file.

    Raises:
        UnreadableInputError: LibreOffice is not installed, timed out, or could not convert.
    """
    what = "WPS 文字" if suffix == ".wps" else "Word 97-2003"
    soffice = _soffice()
    if soffice is None:
        raise UnreadableInputError(
            f"{name}：旧版 {what} 文件（{suffix}）需要 LibreOffice 转换后读取，本机未安装"
            "（安装 libreoffice-writer，或另存为 .docx 后再读取）"
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
        env = {**os.environ, "HOME": tmp}
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=tmp,
            start_new_session=True,
        )
        try:
            _, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise UnreadableInputError(f"{name}：LibreOffice 转换 {suffix} 文件超时（{TIMEOUT} 秒），未读取") from None
        target = out / "input.docx"
        if process.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            raise UnreadableInputError(f"{name}：LibreOffice 无法转换此 {suffix} 文件（文件可能已损坏或加密）")
        return target.read_bytes()


def read_legacy(data: bytes, name: str, suffix: str) -> list[Block]:
    """Blocks of a ``.doc`` / ``.wps`` file, converted to DOCX by LibreOffice."""
    from gongkai.core.parse.docx import read_docx

    return read_docx(convert_to_docx(data, name, suffix), name)

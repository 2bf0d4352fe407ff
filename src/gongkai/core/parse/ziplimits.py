"""Limits for zip packages read by the parser (OFD): refuse zip bombs before inflating anything.

A package is refused when it has too many entries, when the sizes its directory declares add up
to too much, when one entry inflates more than ``MAX_RATIO`` times its compressed size, or when an
entry is encrypted. Reading an entry is bounded again by the size actually inflated, so a directory
that lies about sizes does not help.
"""

from __future__ import annotations

import io
import zipfile

from gongkai.core.exceptions import UnreadableInputError

__all__ = ["MAX_ENTRIES", "MAX_ENTRY_SIZE", "MAX_RATIO", "MAX_TOTAL_SIZE", "SafeZip"]

MAX_ENTRIES = 5000
MAX_TOTAL_SIZE = 200 * 1024 * 1024
MAX_ENTRY_SIZE = 50 * 1024 * 1024
MAX_RATIO = 200


class SafeZip:
    """A zip archive opened after the checks above; :meth:`read` returns one entry's bytes."""

    def __init__(self, data: bytes, name: str, what: str) -> None:
        self.name, self.what = name, what
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, EOFError, ValueError, OSError):
            raise UnreadableInputError(f"{name}：{what} 文件已损坏或不完整（不是有效的 zip 包），无法打开") from None
        if len(infos) > MAX_ENTRIES:
            raise UnreadableInputError(f"{name}：{what} 包内文件过多（{len(infos)} 个，上限 {MAX_ENTRIES}），拒绝读取")
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_SIZE:
            raise UnreadableInputError(f"{name}：{what} 包解压后过大（{total // 1048576} MB），拒绝读取")
        for info in infos:
            if info.flag_bits & 0x1:
                raise UnreadableInputError(f"{name}：{what} 文件已加密（需要密码），无法读取")
            if info.file_size > MAX_ENTRY_SIZE or (
                info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise UnreadableInputError(f"{name}：{what} 包内文件压缩比异常（疑似压缩炸弹），拒绝读取")
        self.names = {i.filename.lstrip("/"): i.filename for i in infos}
        self.inflated = 0

    def has(self, path: str) -> bool:
        return path.lstrip("/") in self.names

    def read(self, path: str) -> bytes:
        """The bytes of entry *path*, inflated under the size limits."""
        key = path.lstrip("/")
        if key not in self.names:
            raise UnreadableInputError(f"{self.name}：{self.what} 包不完整（缺少 {key}）")
        info = self.zip.getinfo(self.names[key])
        try:
            with self.zip.open(info) as stream:
                data = stream.read(min(info.file_size, MAX_ENTRY_SIZE) + 1)
        except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError):
            raise UnreadableInputError(f"{self.name}：{self.what} 包内 {key} 已损坏，无法读取") from None
        self.inflated += len(data)
        if len(data) > info.file_size or self.inflated > MAX_TOTAL_SIZE:
            raise UnreadableInputError(f"{self.name}：{self.what} 包内文件大小与目录不符，拒绝读取")
        return data

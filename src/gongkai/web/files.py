"""Stored files through Django's storage API only (local disk or an S3-compatible store, see settings).

Code that needs a file on this machine's disk (a PDF library, a sandboxed reader) asks :func:`local_copy`, which
copies the stored file into a private temporary folder and removes it afterwards; nothing calls ``.path``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.core.files.storage import Storage

__all__ = ["iter_stored_files", "local_copy"]

_CHUNK = 1 << 20


@contextmanager
def local_copy(field_file, name: str | None = None) -> Iterator[Path]:  # noqa: ANN001
    """A path on this machine holding *field_file*'s bytes, named *name* (its base name by default)."""
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-file-"))
    try:
        base = PurePosixPath(name or field_file.name).name or "file"
        target = tmp / base
        with field_file.storage.open(field_file.name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, _CHUNK)
        yield target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def iter_stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in *storage* under *folder*, recursively, in a stable order."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(dirs):
        yield from iter_stored_files(storage, f"{folder}/{sub}" if folder else sub)

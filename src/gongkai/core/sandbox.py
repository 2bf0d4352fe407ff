"""Read untrusted report files in a child process with a memory limit, a CPU and wall-clock limit and a
lower priority, so that one hostile file (a zip bomb, a 300,000,000-column table, a 5,000-page PDF, a
parser bug) can neither take the caller's memory, nor hang it, nor slow other work on the machine.

:func:`parse_file` and :func:`load_file` are :func:`gongkai.core.parse.parse_path` and
:func:`gongkai.core.load.load_report` run that way. The child is forked (cheap, nothing to re-import),
lowers its priority (``nice``), sets ``RLIMIT_AS`` to what it inherited plus ``limits.memory_mb``,
``RLIMIT_CPU`` to ``limits.timeout`` seconds and no core dumps, reads the file and sends the result back
through a pipe. The parent waits at most ``limits.timeout`` seconds, then kills it. External programs the
reader starts (LibreOffice, Tesseract: :mod:`gongkai.core.parse.helpers`) get their own address-space limit
(``limits.helper_memory_mb``, within the hard limit set here), are stopped before the parse's time is up,
and are killed by the parent with the child whatever way the child ends. Every way it can end
badly becomes :class:`UnreadableInputError` with one Chinese line. Where ``fork`` or ``resource`` does not
exist (not Linux/macOS) the parse runs in-process with the file-level limits only.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from gongkai.core.exceptions import GongkaiError, UnreadableInputError
from gongkai.core.limits import MB, ParseLimits

__all__ = ["ParseLimits", "attachment_text_file", "load_file", "parse_file", "run_limited"]

T = TypeVar("T")

#: ``nice`` increment of the child: a parse gives way to the web server and everything else.
NICE = 10

TOO_MUCH_MEMORY = "{name}：读取时需要的内存超过 {limit} MB 的上限（文件过大或结构异常），已停止读取"
TOO_SLOW = "{name}：读取超过 {limit:g} 秒仍未完成（文件过大或结构异常），已停止读取"
CRASHED = "{name}：读取时解析程序异常退出（文件结构异常），无法识别为年度报告"


def _can_fork() -> bool:
    try:
        import resource  # noqa: F401
    except ImportError:  # pragma: no cover - Windows
        return False
    import multiprocessing  # here, not at import: only a parse needs it

    return "fork" in multiprocessing.get_all_start_methods()


def _vm_size() -> int:
    """This process's virtual memory size in bytes (0 when unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _limit_self(limits: ParseLimits) -> None:
    import resource

    try:
        os.nice(NICE)
    except OSError:
        pass
    memory = _vm_size() + limits.memory_mb * MB
    # The hard limit leaves room for a helper program's own limit (parse.helpers sets it before exec).
    resource.setrlimit(resource.RLIMIT_AS, (memory, max(memory, limits.helper_memory_mb * MB)))
    seconds = max(1, int(limits.timeout + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 2))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child(conn, func: Callable[..., Any], args: tuple, limits: ParseLimits, helpers) -> None:  # noqa: ANN001
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    os.setpgid(0, 0)  # its own process group: killing it also kills what it started
    try:
        from gongkai.core.parse.helpers import enter_sandbox

        enter_sandbox(time.monotonic() + limits.timeout, helpers)
        _limit_self(limits)
        outcome: tuple[str, Any] = ("ok", func(*args))
    except MemoryError:
        outcome = ("memory", None)
    except GongkaiError as exc:
        outcome = ("error", str(exc))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as one line
        outcome = ("crash", type(exc).__name__)
    try:
        conn.send(outcome)
    except MemoryError:
        os._exit(3)
    except Exception:  # noqa: BLE001 - e.g. a result that cannot be pickled
        conn.send(("crash", "result"))
    conn.close()


#: How many helper programs (each its own process group) a child may have running at once.
HELPER_SLOTS = 8


def _kill_group(pid: int | None) -> None:
    """Kill the child's process group (the child and anything it started); gone already is fine."""
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_limited(func: Callable[..., T], *args: Any, name: str, limits: ParseLimits | None = None) -> T:
    """Run ``func(*args)`` in a limited child process and return its result (which must pickle).

    *name* is the file name used in messages.

    Raises:
        UnreadableInputError: *func* raised a :class:`GongkaiError` (its message), ran out of memory or
            time, or the child died; one Chinese line each.
    """
    limits = limits or ParseLimits.from_env()
    if not _can_fork():  # pragma: no cover - not on Linux
        return func(*args)
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    helpers = ctx.Array("i", HELPER_SLOTS, lock=False)  # process groups of the child's helper programs
    process = ctx.Process(target=_child, args=(sender, func, args, limits, helpers), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.timeout):
            raise UnreadableInputError(TOO_SLOW.format(name=name, limit=limits.timeout))
        try:
            status, payload = receiver.recv()
        except (EOFError, OSError):
            process.join(5)
            code = process.exitcode
            if code == -signal.SIGXCPU:
                raise UnreadableInputError(TOO_SLOW.format(name=name, limit=limits.timeout)) from None
            if code in (3, -signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
                # 3: could not even report a MemoryError; a native library dies on a failed allocation
                raise UnreadableInputError(TOO_MUCH_MEMORY.format(name=name, limit=limits.memory_mb)) from None
            raise UnreadableInputError(CRASHED.format(name=name)) from None
    finally:
        receiver.close()
        _kill_group(process.pid)
        if process.is_alive():  # killed before it had made its own group
            process.kill()
        process.join()
        for group in list(helpers):  # a LibreOffice or Tesseract the child left running
            if group > 0:
                _kill_group(group)
    if status == "ok":
        return payload
    if status == "error":
        raise UnreadableInputError(payload)
    if status == "memory":
        raise UnreadableInputError(TOO_MUCH_MEMORY.format(name=name, limit=limits.memory_mb))
    raise UnreadableInputError(CRASHED.format(name=name))


def _warm(path: str | Path) -> None:
    """Import the reader *path* needs in the parent, so that every forked child starts with it loaded (a
    worker reading hundreds of files would otherwise import lxml, python-docx or PDFium once per file).
    Report JSON needs none."""
    import importlib

    try:
        with open(path, "rb") as handle:
            head = handle.read(2048)
    except OSError:
        return
    suffix = Path(path).suffix.lower()
    if suffix == ".json" or head.lstrip()[:1] in (b"{", b"["):
        return
    names = ["gongkai.core.parse"]
    if head.startswith(b"%PDF"):
        names += ["gongkai.core.parse.pdf", "pypdfium2"]
    elif head.startswith(b"PK"):  # DOCX or OFD
        names += ["gongkai.core.parse.docx", "docx", "gongkai.core.parse.ofd"]
    elif head.startswith(b"\xd0\xcf\x11\xe0"):  # .doc / .wps: LibreOffice makes a DOCX of it
        names += ["gongkai.core.parse.legacy", "gongkai.core.parse.docx", "docx"]
    elif suffix in (".html", ".htm", ".xhtml") or _looks_like_html(head):  # as parse.sniff_kind decides
        names += ["gongkai.core.parse.html"]
    else:  # text and markdown: no HTML reader (lxml) to load
        names += ["gongkai.core.parse.text"]
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:  # pragma: no cover - an optional reader not installed
            pass


def _looks_like_html(head: bytes) -> bool:
    lowered = head.lstrip().lower()
    return lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in lowered


def _parse(path: str, limits: ParseLimits):  # noqa: ANN202 - runs in the child
    from gongkai.core.parse import parse_path

    return parse_path(path, limits=limits)


def _load(path: str, limits: ParseLimits):  # noqa: ANN202 - runs in the child
    from gongkai.core.load import load_report

    return load_report(path, limits=limits)


def parse_file(path: str | Path, limits: ParseLimits | None = None):  # noqa: ANN201 - ParseResult
    """:func:`gongkai.core.parse.parse_path` in a limited child process (see the module)."""
    limits = limits or ParseLimits.from_env()
    _warm(path)
    return run_limited(_parse, str(path), limits, name=Path(path).name, limits=limits)


def load_file(path: str | Path, limits: ParseLimits | None = None):  # noqa: ANN201 - LoadedReport
    """:func:`gongkai.core.load.load_report` in a limited child process (see the module)."""
    limits = limits or ParseLimits.from_env()
    _warm(path)
    return run_limited(_load, str(path), limits, name=Path(path).name, limits=limits)


def _attachment(path: str, name: str, limits: ParseLimits):  # noqa: ANN202 - runs in the child
    from gongkai.core.parse.attachment import attachment_text

    return attachment_text(path, name, limits)


def attachment_text_file(path: str | Path, name: str, limits: ParseLimits | None = None):  # noqa: ANN201
    """:func:`gongkai.core.parse.attachment.attachment_text` (an item's attachment, for the checks before
    publishing) in a limited child process; *name* is the name it was uploaded under."""
    limits = limits or ParseLimits.from_env()
    import importlib

    suffix = Path(name).suffix.lower()
    for module in {".docx": ["lxml.etree"], ".pdf": ["pypdfium2"]}.get(suffix, []):
        importlib.import_module(module)  # once in the parent, not in every child
    importlib.import_module("gongkai.core.parse.attachment")
    return run_limited(_attachment, str(path), name, limits, name=name, limits=limits)

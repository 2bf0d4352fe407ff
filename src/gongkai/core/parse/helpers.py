"""External programs a reader starts (LibreOffice for ``.doc``/``.wps``, Tesseract for scanned PDFs), run
under limits of their own.

:func:`run_helper` starts the program in its own process group with its own address-space limit
(``ParseLimits.helper_memory_mb``: LibreOffice alone maps about 500 MB, more than a parse of a DOCX
needs, so it cannot live under the parse's own ``memory_mb``) and a wall-clock limit, and kills the
whole group (``soffice`` starts ``oosplash``, which starts ``soffice.bin``) when the time is up.

Inside the sandbox (:mod:`gongkai.core.sandbox`) the time limit is also cut to what is left of the
parse's own time, so the helper is stopped, with its own Chinese reason, before the sandbox stops the
parse; and the sandbox is told each helper's process group, so that a parse killed for any reason
(memory, CPU, time) never leaves a converter running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.limits import MB, ParseLimits

__all__ = ["HelperResult", "enter_sandbox", "run_helper", "time_left"]

#: Seconds a helper is given less than the parse has left, so that it is stopped first.
MARGIN = 2.0

#: Set in a sandboxed child by :func:`enter_sandbox`: when its time is up (``time.monotonic()``) and a
#: shared array of ints where the process groups of running helpers are written for the parent.
_deadline: float | None = None
_groups = None


@dataclass
class HelperResult:
    returncode: int
    stdout: str
    stderr: str


def enter_sandbox(deadline: float, groups) -> None:  # noqa: ANN001 - a multiprocessing Array of ints
    """Called by the sandbox in its child before the parse starts."""
    global _deadline, _groups
    _deadline, _groups = deadline, groups


def time_left(limit: float) -> float:
    """*limit* seconds, cut to the sandbox's remaining time less :data:`MARGIN` (at least 0.5 s)."""
    if _deadline is None:
        return limit
    return max(0.5, min(limit, _deadline - time.monotonic() - MARGIN))


def _track(pgid: int, running: bool) -> None:
    if _groups is None:
        return
    for n in range(len(_groups)):
        if running and _groups[n] == 0:
            _groups[n] = pgid
            return
        if not running and _groups[n] == pgid:
            _groups[n] = 0
            return


def _limiter(memory: int):  # noqa: ANN202
    def limit() -> None:  # runs in the helper between fork and exec
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        value = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (value, value))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return limit


def _kill(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_helper(
    command: Sequence[str],
    *,
    timeout: float,
    too_slow: str,
    limits: ParseLimits | None = None,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
) -> HelperResult:
    """Run *command* (its output as text) under its own memory and time limits.

    *too_slow* is the Chinese message raised when the time is up; ``{limit}`` in it becomes the
    seconds the helper was given.

    Raises:
        UnreadableInputError: the helper ran out of time (it and everything it started are killed).
    """
    limits = limits or ParseLimits.from_env()
    seconds = time_left(timeout)
    try:
        import resource  # noqa: F401

        preexec = _limiter(limits.helper_memory_mb * MB)
    except ImportError:  # pragma: no cover - not on Linux/macOS
        preexec = None
    process = subprocess.Popen(  # noqa: S603 - a fixed program, arguments are ours
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        start_new_session=True,
        preexec_fn=preexec,  # noqa: PLW1509 - only setrlimit, before exec
        text=True,
        errors="replace",
    )
    _track(process.pid, True)
    try:
        stdout, stderr = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill(process.pid)
        process.communicate()
        raise UnreadableInputError(too_slow.format(limit=f"{seconds:.3g}")) from None
    finally:
        _kill(process.pid)  # anything the helper left behind in its group
        _track(process.pid, False)
    return HelperResult(process.returncode, stdout, stderr)

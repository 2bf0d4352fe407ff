"""Server logs: a request id on every record, and one log file per day under the data directory.

Every request gets an id (``RequestIdMiddleware``); it is sent back as ``X-Request-ID``, printed on
the 500 page so that staff can quote it, and written on every log record made while the request
runs. Records go to stderr and to ``GONGKAI_DATA_DIR/logs/gongkai-YYYY-MM-DD.log``.

The file handler never renames a file: each day has its own file, opened in append mode, so that
several gunicorn workers can write to the same day's file without losing lines at midnight (a
``TimedRotatingFileHandler`` in each process would rename and delete the other processes' files).
Files older than the retention period (``GONGKAI_LOG_RETENTION_DAYS``, at least six months under
网络安全法 第二十一条) are deleted when a new day's file is opened.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import os
import re
from pathlib import Path

__all__ = ["DailyFileHandler", "RequestIdFilter", "current_request_id", "request_id_var"]

#: The id of the request this thread (or task) is serving; "-" outside a request.
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("gongkai_request_id", default="-")

_FILE_RE = re.compile(r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.log$")


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Put ``record.request_id`` on every record (the request's own id when the record carries it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        rid = getattr(request, "request_id", None) if request is not None else None
        record.request_id = rid or request_id_var.get()
        return True


class DailyFileHandler(logging.Handler):
    """Append records to ``<directory>/<stem>-YYYY-MM-DD.log``; keep ``retention_days`` days of files."""

    terminator = "\n"

    def __init__(self, directory: str | os.PathLike, stem: str = "gongkai", retention_days: int = 190) -> None:
        super().__init__()
        self.directory = Path(directory)
        self.stem = stem
        self.retention_days = int(retention_days)
        self._day: dt.date | None = None
        self._stream: int | None = None

    def path_for(self, day: dt.date) -> Path:
        return self.directory / f"{self.stem}-{day.isoformat()}.log"

    def _open(self, day: dt.date) -> None:
        if self._stream is not None:
            os.close(self._stream)
            self._stream = None
        self.directory.mkdir(parents=True, exist_ok=True)
        self._stream = os.open(self.path_for(day), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        self._day = day
        self.prune(today=day)

    def prune(self, *, today: dt.date | None = None) -> list[Path]:
        """Delete this handler's files older than the retention period; return what was deleted."""
        today = today or dt.date.today()
        oldest = today - dt.timedelta(days=self.retention_days)
        removed = []
        for path in self.directory.glob(f"{self.stem}-*.log"):
            match = _FILE_RE.match(path.name)
            if not match or match["stem"] != self.stem:
                continue
            try:
                day = dt.date.fromisoformat(match["day"])
            except ValueError:
                continue
            if day < oldest:
                try:
                    path.unlink()
                    removed.append(path)
                except OSError:
                    pass
        return removed

    def emit(self, record: logging.LogRecord) -> None:
        try:
            msg = self.format(record)
            day = dt.datetime.fromtimestamp(record.created).date()
            self.acquire()
            try:
                if self._stream is None or day != self._day:
                    self._open(day)
                # one write(2) per record on an O_APPEND descriptor: lines of several processes stay whole
                os.write(self._stream, (msg + self.terminator).encode("utf-8", "backslashreplace"))
            finally:
                self.release()
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        self.acquire()
        try:
            if self._stream is not None:
                os.close(self._stream)
                self._stream = None
        finally:
            self.release()
        super().close()

"""The single console script ``gongkai``.

``gongkai report …``, ``gongkai deadline …`` and ``gongkai fee …`` run the framework-free
core and never import Django. ``gongkai report generate`` reads the platform's records, so it
and every other subcommand (``demo``, ``migrate``, ``runserver``, …) go to Django's management
commands, with the Django import deferred until that point.
"""

from __future__ import annotations

import os
import sys

#: Subcommands served by the pure core (no Django import).
CORE_COMMANDS = ("report", "deadline", "fee")

#: ``report`` subcommands that need the platform's database.
DJANGO_REPORT_COMMANDS = {"generate": "report_generate"}


def main(argv: list[str] | None = None) -> int:
    """Run ``gongkai`` with *argv* (defaults to ``sys.argv[1:]``) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(args)
    except BrokenPipeError:
        # the reader went away (``gongkai report parse x.pdf --json | head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _dispatch(args: list[str]) -> int:
    if args and args[0] in CORE_COMMANDS:
        if args[0] == "report" and len(args) > 1 and args[1] in DJANGO_REPORT_COMMANDS:
            return _run_django([DJANGO_REPORT_COMMANDS[args[1]], *args[2:]])
        from gongkai.core.cli import run

        return run(args)
    if not args or args[0] in ("-h", "--help"):
        print(_USAGE)
        return 0
    return _run_django(args)


def _run_django(args: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["gongkai", *args])
    except SystemExit as exc:  # management commands exit through SystemExit
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


_USAGE = """用法 / usage: gongkai COMMAND …

Core (no database):
  gongkai report check FILE [--previous FILE] [--json]
  gongkai report parse FILE [--json]
  gongkai report render FILE --to md|html|docx|xlsx|pdf -o OUT
  gongkai report diff OLD NEW [--json]
  gongkai report template --format 2019|2021 [--to md|html|docx|xlsx] -o OUT
  gongkai report batch DIR [-o results.xlsx|results.json]
  gongkai deadline RECEIVED [--days 20] [--pause FROM..TO]... [--extend N] [--holidays FILE] [--json]
  gongkai fee (--pieces N | --pages N) [--json]

Platform (Django; DATABASE_URL or a local SQLite file):
  gongkai demo [--no-serve]        build the demo database and serve it (with one background worker)
  gongkai worker [--batch]         run queued background tasks (reading uploaded reports, reminders)
  gongkai report generate --org NAME --year YYYY [--format 2019|2021] [--json | --to FMT -o OUT]
  gongkai search reindex [--full]  rebuild the full-text search index (resumes after an interruption)
  gongkai audit verify [--json]    check the audit log's SM3 hash chain (exit 0 intact, 1 broken)
  gongkai rotate_data_key [--generate]           re-encrypt personal data with the current key
  gongkai erase_expired_personal_data [--dry-run]  erase personal data past the retention period
  gongkai migrate | runserver | createsuperuser | …   any Django management command
"""

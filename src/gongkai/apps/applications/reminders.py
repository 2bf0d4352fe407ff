"""Deadline reminders, folded into the notifications' daily run (one e-mail per person per run).

The applications due soon or overdue are lines of each person's 工作台 (the handler's cases; unassigned ones
for whoever assigns them), so :func:`gongkai.apps.notifications.services.notifications_send_due` already makes
their notices and puts them in the person's digest, respecting his e-mail choices. The old names stay as thin
wrappers, so that existing cron lines keep working: ``gongkai send_deadline_reminders [--enqueue]`` and the
task :func:`gongkai.apps.applications.tasks.send_deadline_reminders` do the same run as ``gongkai notify_due``;
running both the same day sends one digest per person.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["REMINDER_DAYS", "send_deadline_reminders"]

#: The 工作台's "due soon" window in working days, which the digest uses (the old ``--days`` default).
REMINDER_DAYS = 3


def send_deadline_reminders(*, today: dt.date | None = None, dry_run: bool = False):  # noqa: ANN201 - a DueRun
    """The notifications' daily run (notices and one digest per person), under the old name."""
    from gongkai.apps.notifications.services import notifications_send_due

    return notifications_send_due(today=today, dry_run=dry_run)

"""Background tasks of the applications (django-tasks, run by ``gongkai worker``).

``send_deadline_reminders`` is kept for schedulers that still enqueue it: it is the notifications' daily run
(``gongkai.apps.notifications.tasks.send_due_notifications``), one digest per person (see :mod:`.reminders`).
"""

from __future__ import annotations

from django_tasks import task


@task()
def send_deadline_reminders(today: str | None = None, days: int = 3) -> dict:
    """The notifications' daily run under the old name; *days* is accepted and unused (the 工作台's window)."""
    from gongkai.apps.notifications.tasks import send_due_notifications

    return send_due_notifications.call(today)

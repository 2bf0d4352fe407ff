"""Background tasks of the applications (django-tasks, run by ``gongkai worker``).

``send_deadline_reminders`` mails the handlers their applications due soon and overdue. Schedule it daily:
cron runs ``gongkai send_deadline_reminders --enqueue`` (the worker sends the mails) or the command without
``--enqueue`` (sends them in the cron process).
"""

from __future__ import annotations

from django_tasks import task


@task()
def send_deadline_reminders(today: str | None = None, days: int = 3) -> dict:
    import datetime as dt

    from .reminders import send_deadline_reminders as send

    run = send(today=dt.date.fromisoformat(today) if today else None, days=days)
    return run.to_dict()

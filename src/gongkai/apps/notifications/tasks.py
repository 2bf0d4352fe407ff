"""Background task of the notifications app (django-tasks, run by ``gongkai worker``).

``send_due_notifications`` is the daily run of :func:`.services.notifications_send_due`. Schedule it every
morning: cron runs ``gongkai notify_due --enqueue`` (the worker does it) or ``gongkai notify_due`` (the cron
process does it). Running it again the same day repeats nothing.
"""

from __future__ import annotations

from django_tasks import task


@task()
def send_due_notifications(today: str | None = None) -> dict:
    import datetime as dt

    from .services import notifications_send_due

    run = notifications_send_due(today=dt.date.fromisoformat(today) if today else None)
    return {
        "people": run.people,
        "due_soon": run.due_soon,
        "overdue": run.overdue,
        "digests": run.digests,
        "message": run.message,
    }

"""Background tasks of the standard catalogue (django-tasks, run by ``gongkai worker``).

``send_catalogue_reminders`` mails every owner their overdue and due-soon lines. Schedule it daily: cron runs
``gongkai catalogue remind --enqueue`` (the worker sends the mails) or ``gongkai catalogue remind`` (sends them
in the cron process). Running it twice on one day sends nothing more (one mail per owner, body and day).
"""

from __future__ import annotations

from django_tasks import task


@task()
def send_catalogue_reminders(organization_id: int | None = None, today: str | None = None) -> dict:
    import datetime as dt

    from gongkai.apps.organizations.models import Organization

    from .reminders import send_reminders

    org = Organization.objects.filter(pk=organization_id).first() if organization_id else None
    run = send_reminders(organization=org, today=dt.date.fromisoformat(today) if today else None)
    return {"bodies": run.bodies, "sent": run.sent, "lines": run.lines, "message": run.message}

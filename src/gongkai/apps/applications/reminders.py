"""Deadline reminders: mail each handler the applications due soon or overdue (one mail per recipient).

Recipients: the handler's e-mail, or the organization's for applications not yet assigned. Run daily, from
cron: ``gongkai send_deadline_reminders`` (sends in the cron process) or ``gongkai send_deadline_reminders
--enqueue`` (the task :func:`gongkai.apps.applications.tasks.send_deadline_reminders` runs on the worker).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.mail import send_mail
from django.utils import timezone

from gongkai.core.deadlines import add_working_days

from .calendar import holiday_calendar
from .choices import OPEN_STATUSES
from .models import Application

__all__ = ["ReminderRun", "send_deadline_reminders"]


@dataclass
class ReminderRun:
    applications: int = 0
    recipients: int = 0
    sent: int = 0
    skipped: int = 0
    dry_run_lines: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        return (
            f"提醒：{self.applications}件申请，{self.recipients}个收件人，"
            f"已发送{self.sent}封；{self.skipped}件因无邮箱未提醒。"
        )

    def to_dict(self) -> dict:
        return {
            "applications": self.applications,
            "recipients": self.recipients,
            "sent": self.sent,
            "skipped": self.skipped,
            "message": self.message,
        }


def send_deadline_reminders(*, today: dt.date | None = None, days: int = 3, dry_run: bool = False) -> ReminderRun:
    """Mail the applications due within *days* working days of *today* (and the overdue ones)."""
    today = today or timezone.localdate()
    limit = add_working_days(today, days, holiday_calendar()).due or today
    apps = (
        Application.objects.filter(status__in=OPEN_STATUSES, due_on__isnull=False, due_on__lte=limit)
        .select_related("organization", "handler")
        .order_by("due_on", "id")
    )
    by_recipient: dict[str, list[Application]] = defaultdict(list)
    run = ReminderRun()
    for app in apps:
        address = (app.handler.email if app.handler else "") or app.organization.email
        if not address:
            run.skipped += 1
            continue
        by_recipient[address].append(app)
    for address, items in by_recipient.items():
        lines = []
        for app in items:
            state = "已超期" if app.due_on < today else "即将到期"
            tag = "（暂定）" if app.due_provisional else ""
            lines.append(
                f"{state}：{app.tracking_number}，{app.organization.name}，答复期限 {app.due_on:%Y-%m-%d}{tag}，"
                f"{app.get_status_display()}"
            )
        overdue = sum(1 for a in items if a.due_on < today)
        subject = f"【政府信息公开】{len(items)}件申请即将到期或已超期（其中已超期{overdue}件）"
        body = "以下政府信息公开申请需要尽快答复：\n\n" + "\n".join(lines) + "\n\n本邮件由 gongkai 自动发送。"
        if dry_run:
            run.dry_run_lines.append(f"[dry-run] {address}: {subject}")
        else:
            send_mail(subject, body, None, [address])
            run.sent += 1
    run.applications = sum(len(v) for v in by_recipient.values())
    run.recipients = len(by_recipient)
    return run

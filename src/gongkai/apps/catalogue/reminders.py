"""Reminder e-mails to the owners of overdue and due-soon lines (Django's mail backend), once a day per owner."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.apps.organizations.models import Organization

from .models import Entry, ReminderSent
from .watch import WatchLine, watch_report

__all__ = ["ReminderRun", "send_reminders"]

REMINDED_STATES = ("overdue", "due_soon", "stale", "unset")


@dataclass
class ReminderRun:
    bodies: int = 0
    sent: int = 0
    lines: int = 0
    skipped_no_email: int = 0
    already_sent: int = 0

    @property
    def message(self) -> str:
        return (
            f"标准目录提醒：{self.bodies} 个机关，{self.lines} 条待办，已发送 {self.sent} 封；"
            f"{self.skipped_no_email} 人无邮箱未提醒，{self.already_sent} 人今日已提醒。"
        )


def _bodies(organization: Organization | None):
    if organization is not None:
        return [organization]
    ids = Entry.objects.values_list("organization_id", flat=True).distinct()
    return list(Organization.objects.filter(pk__in=ids, is_active=True).order_by("path"))


def send_reminders(*, organization: Organization | None = None, today: dt.date | None = None) -> ReminderRun:
    """Mail every owner the lines of the watch that are theirs: overdue, due soon, stale columns, 时限待设定."""
    today = today or timezone.localdate()
    run = ReminderRun()
    for org in _bodies(organization):
        run.bodies += 1
        report = watch_report(org, today=today, with_urls=False)
        per_user: dict[int, list[WatchLine]] = defaultdict(list)
        emails: dict[int, str] = {}
        for line in report.lines:
            if line.state not in REMINDED_STATES:
                continue
            for owner in line.owners:
                if owner.user_id is None:
                    continue
                if not owner.email:
                    run.skipped_no_email += 1
                    continue
                per_user[owner.user_id].append(line)
                emails[owner.user_id] = owner.email
        for user_id, lines in per_user.items():
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(organization=org, user_id=user_id, sent_on=today, lines=len(lines))
            except IntegrityError:
                run.already_sent += 1
                continue
            overdue = sum(1 for line in lines if line.state in ("overdue", "stale"))
            subject = f"【政务公开】{org.name}：{len(lines)} 项待办（已超期 {overdue} 项）"
            body = [f"{org.name}的基层政务公开标准目录和栏目更新，以下事项由您负责：", ""]
            for line in lines:
                due = f"，期限 {line.due:%Y-%m-%d}" if line.due else ""
                body.append(f"【{line.state_label}】{line.title}：{line.detail}{due}")
            body += ["", *report.risk_statements, "", "请登录政府信息公开工作平台“更新督查”页面处理。本邮件由 gongkai 自动发送。"]
            send_mail(subject, "\n".join(body), None, [emails[user_id]])
            run.sent += 1
            run.lines += len(lines)
    return run

"""``gongkai send_deadline_reminders``: e-mail each handler the applications due soon or overdue.

Meant for cron (e.g. every working morning). Recipients: the handler's e-mail, or the
organization's e-mail for applications not yet assigned. Uses Django's mail backend.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.apps.applications.calendar import holiday_calendar
from gongkai.apps.applications.choices import OPEN_STATUSES
from gongkai.apps.applications.models import Application
from gongkai.core.deadlines import add_working_days


class Command(BaseCommand):
    help = "向承办人发送即将到期和已超期的政府信息公开申请提醒邮件"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="提醒多少个工作日内到期的申请（默认 3）")
        parser.add_argument("--today", help="以该日期（YYYY-MM-DD）为今天，默认当天")
        parser.add_argument("--dry-run", action="store_true", help="只显示将发送的提醒，不发送")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today“{options['today']}”不是 YYYY-MM-DD 格式的日期") from None
        if options["days"] < 0:
            raise CommandError("--days 不能为负数")
        limit = add_working_days(today, options["days"], holiday_calendar()).due or today
        apps = (
            Application.objects.filter(status__in=OPEN_STATUSES, due_on__isnull=False, due_on__lte=limit)
            .select_related("organization", "handler")
            .order_by("due_on", "id")
        )
        by_recipient: dict[str, list[Application]] = defaultdict(list)
        skipped = 0
        for app in apps:
            address = (app.handler.email if app.handler else "") or app.organization.email
            if not address:
                skipped += 1
                continue
            by_recipient[address].append(app)
        sent = 0
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
            if options["dry_run"]:
                self.stdout.write(f"[dry-run] {address}: {subject}")
            else:
                send_mail(subject, body, None, [address])
                sent += 1
        self.stdout.write(
            f"提醒：{sum(len(v) for v in by_recipient.values())}件申请，{len(by_recipient)}个收件人，"
            f"已发送{sent}封；{skipped}件因无邮箱未提醒。"
        )

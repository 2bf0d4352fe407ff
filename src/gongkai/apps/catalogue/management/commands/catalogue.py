"""``gongkai catalogue watch|remind|seed``: the standard catalogue's freshness watch from the command line.

* ``gongkai catalogue watch --org SLUG [--json] [--today YYYY-MM-DD]`` prints what is overdue and due soon with
  owners and due dates, the stale and blank columns and the 单项否决 risk. Exit 0 when nothing is overdue, 1 when
  something is, 2 (one Chinese line) for an unknown body or bad input.
* ``gongkai catalogue remind [--org SLUG] [--enqueue]`` mails the owners (for cron, daily), or hands the job to
  the background worker (task ``send_catalogue_reminders``).
* ``gongkai catalogue seed --org SLUG`` adds the standard columns and catalogue entries to a body.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.apps.organizations.models import Organization


class Command(BaseCommand):
    help = "基层政务公开标准目录：更新督查（watch）、提醒责任人（remind）、建立目录（seed）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="watch|remind|seed")
        watch = sub.add_parser("watch", help="列出已超期、即将到期的事项和栏目及责任人")
        watch.add_argument("--org", required=True, help="机关网址标识（或全称）")
        watch.add_argument("--json", action="store_true", help="输出 JSON")
        watch.add_argument("--today", help="以该日期（YYYY-MM-DD）为今天")
        remind = sub.add_parser("remind", help="向责任人发送提醒邮件（每人每天一封）")
        remind.add_argument("--org", help="只提醒该机关；默认所有已建立标准目录的机关")
        remind.add_argument("--today", help="以该日期（YYYY-MM-DD）为今天")
        remind.add_argument("--enqueue", action="store_true", help="交给后台任务（gongkai worker）发送")
        seed = sub.add_parser("seed", help="为机关建立标准栏目和标准目录事项")
        seed.add_argument("--org", required=True, help="机关网址标识（或全称）")

    def _fail(self, message: str):
        self.stderr.write(message)
        sys.exit(2)

    def _org(self, text: str) -> Organization:
        org = Organization.objects.filter(slug=text).first() or Organization.objects.filter(name=text).first()
        if org is None:
            self._fail(f"没有找到机关“{text}”（请填写网址标识，如 silizhen）。")
        return org

    def _today(self, text: str | None) -> dt.date | None:
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self._fail(f"--today“{text}”不是 YYYY-MM-DD 格式的日期。")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "watch":
            return self._watch(options)
        if action == "remind":
            from gongkai.apps.catalogue.reminders import send_reminders

            org = self._org(options["org"]) if options.get("org") else None
            today = self._today(options.get("today"))
            if options.get("enqueue"):
                from gongkai.apps.catalogue.tasks import send_catalogue_reminders

                result = send_catalogue_reminders.enqueue(org.pk if org else None, today.isoformat() if today else None)
                self.stdout.write(f"已加入后台任务队列：{result.id}")
                return None
            run = send_reminders(organization=org, today=today)
            self.stdout.write(run.message)
            return None
        if action == "seed":
            from gongkai.apps.catalogue.services import catalogue_seed_body

            columns, entries = catalogue_seed_body(actor=None, organization=self._org(options["org"]))
            self.stdout.write(f"已建立标准公开目录栏目 {columns} 个、基层政务公开标准目录事项 {entries} 条。")
            return None
        raise CommandError(f"未知操作：{action}")

    def _watch(self, options):
        from gongkai.apps.catalogue.watch import watch_report

        org = self._org(options["org"])
        report = watch_report(org, today=self._today(options.get("today")), with_urls=False)
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{org.name} 更新督查（{report.today:%Y-%m-%d}）")
            for sentence in report.risk_statements:
                self.stdout.write(f"  {sentence}")
            for title, lines in (
                ("已超期", report.overdue),
                ("即将到期", report.due_soon),
                ("超期未更新和空白栏目", report.column_lines),
                ("待落实", report.flags),
            ):
                self.stdout.write(f"{title}：{len(lines)}")
                for line in lines:
                    due = f"  期限 {line.due:%Y-%m-%d}" if line.due else ""
                    self.stdout.write(f"  - {line.title}：{line.detail}{due}  责任人：{line.owner_text}")
        sys.stdout.flush()
        if report.has_overdue:
            sys.exit(1)
        return None

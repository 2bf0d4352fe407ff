"""``gongkai report generate --org NAME --year YYYY [--format 2019|2021] [--json | --to FMT -o OUT]``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.apps.annual.forms import GenerateForm
from gongkai.apps.annual.models import AnnualReport
from gongkai.apps.annual.records import build_report
from gongkai.apps.organizations.models import Organization
from gongkai.core import GongkaiError

OUTPUTS = ("md", "html", "docx", "xlsx", "pdf")


class Command(BaseCommand):
    help = "从本年度的记录生成政府信息公开工作年度报告（不写入数据库）"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机关名称（或网址标识）")
        parser.add_argument("--year", required=True, help="年度，如 2020")
        parser.add_argument(
            "--format", choices=("2019", "2021"), help="年报格式；默认按年度（2020 年及以前 2019 格式）"
        )
        out = parser.add_mutually_exclusive_group()
        out.add_argument("--json", action="store_true", help="输出年报 JSON")
        out.add_argument("--to", choices=OUTPUTS, help="输出文件格式")
        parser.add_argument("-o", "--output", help="输出文件（与 --to 一起用）")

    def handle(self, *args, **options):
        org = (
            Organization.objects.filter(name=options["org"]).first()
            or Organization.objects.filter(slug=options["org"]).first()
        )
        if org is None:
            raise CommandError(f"没有名为“{options['org']}”的机关")
        form = GenerateForm({"year": options["year"], "format": options["format"] or ""})
        if not form.is_valid():
            raise CommandError("；".join(form.errors.get("year", form.errors.get("format", []))))
        options["year"] = form.cleaned_data["year"]
        stored = AnnualReport.objects.filter(organization=org, year=options["year"]).first()
        sections = stored.report.sections if stored else {}
        try:
            report = build_report(
                org, options["year"], options["format"], problems=sections.get("problems"), other=sections.get("other")
            )
        except GongkaiError as exc:
            raise CommandError(str(exc)) from None
        if options["to"]:
            if not options["output"]:
                raise CommandError("--to 需要 -o 输出文件")
            from gongkai.core.render import render

            target = Path(options["output"])
            if not target.parent.exists():
                raise CommandError(f"输出目录不存在：{target.parent}")
            target.write_bytes(render(report, options["to"]))
            self.stderr.write(f"已写入 {target}")
            return
        if options["json"]:
            self.stdout.write(report.to_json())
            return
        from gongkai.core.render import render

        self.stdout.write(render(report, "md").decode("utf-8"), ending="")

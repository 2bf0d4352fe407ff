"""``gongkai org_create``: add an organization (机关), optionally with its standard catalogue.

``--catalogue`` sends :data:`~gongkai.apps.organizations.signals.organization_setup`; the catalogue app seeds the
columns and the 基层政务公开标准目录 in its receiver.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.apps.organizations.choices import OrganizationKind
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.services import organization_create
from gongkai.apps.organizations.signals import organization_setup


class Command(BaseCommand):
    help = "新建机关（如乡镇人民政府），可选建立乡镇标准公开目录。"

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="机关全称，如 思礼镇人民政府")
        parser.add_argument("--slug", required=True, help="网址标识（英文字母、数字、连字符）")
        parser.add_argument("--kind", required=True, choices=OrganizationKind.values, help="机关类型")
        parser.add_argument("--parent", default="", help="上级机关全称或标识（slug）")
        parser.add_argument("--code", default="", help="索引号前缀（统一社会信用代码等）")
        parser.add_argument("--catalogue", action="store_true", help="建立乡镇标准公开目录和政府网站渠道")

    def handle(self, *args, **opts):
        parent = None
        if opts["parent"]:
            # docs/platform.md passes the slug (--parent mouxian); the full name works too
            parent = (
                Organization.objects.filter(name=opts["parent"]).first()
                or Organization.objects.filter(slug=opts["parent"]).first()
            )
            if parent is None:
                raise CommandError(f"没有找到上级机关“{opts['parent']}”。")
        try:
            org = organization_create(
                actor=None, name=opts["name"], kind=opts["kind"], slug=opts["slug"], parent=parent, code=opts["code"]
            )
        except ValidationError as exc:
            raise CommandError("；".join(m for ms in exc.message_dict.values() for m in ms)) from None
        self.stdout.write(f"已创建机关：{org.name}（{org.slug}）")
        if opts["catalogue"]:
            # The work apps (catalogue) answer the signal; the organizations app does not import them.
            replies = organization_setup.send(sender=Organization, organization=org, actor=None)
            lines = [str(reply) for _receiver, reply in replies if reply]
            for line in lines or ["未安装标准目录应用，未建立公开目录。"]:
                self.stdout.write(line)

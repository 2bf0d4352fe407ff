"""``gongkai staff_create``: add a staff login with roles in one organization."""

from __future__ import annotations

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.apps.organizations.choices import Role
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.services import staff_user_create

NO_TERMINAL = "没有终端可以输入密码：请用 --password 指定初始密码（首次登录时须修改），没有创建账号。"


class Command(BaseCommand):
    help = "新建工作人员账号并分配角色（经办人 drafter、审核人 reviewer、领导 leader、系统管理员 sysadmin、安全管理员 secadmin、审计管理员 auditor）。"

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--full-name", default="", help="姓名")
        parser.add_argument("--org", required=True, help="机关全称或网址标识")
        parser.add_argument("--roles", required=True, help="逗号分隔，如 drafter,reviewer")
        parser.add_argument("--password", default="", help="不填则在终端交互输入")

    def handle(self, *args, **opts):
        org = (
            Organization.objects.filter(name=opts["org"]).first()
            or Organization.objects.filter(slug=opts["org"]).first()
        )
        if org is None:
            raise CommandError(f"没有找到机关“{opts['org']}”。")
        roles = [r.strip() for r in opts["roles"].split(",") if r.strip()]
        bad = [r for r in roles if r not in Role.values]
        if not roles or bad:
            raise CommandError(f"角色应为 {', '.join(Role.values)} 中的一个或多个。")
        password = opts["password"] or self._ask_password()
        try:
            user = staff_user_create(
                actor=None,
                username=opts["username"],
                password=password,
                full_name=opts["full_name"],
                organization=org,
                roles=roles,
            )
        except ValidationError as exc:
            raise CommandError("；".join(m for ms in exc.message_dict.values() for m in ms)) from None
        labels = "、".join(str(Role(r).label) for r in roles)
        self.stdout.write(f"已创建用户 {user.username}：{org.name} {labels}（首次登录须修改初始密码）")

    def _ask_password(self) -> str:
        """The password typed at the terminal; without one (cron, a pipe, ssh without -t) one line, exit 2."""
        if not sys.stdin.isatty():
            raise CommandError(NO_TERMINAL, returncode=2)
        try:
            return getpass.getpass("密码：")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("未输入密码，没有创建账号。", returncode=2) from None

"""``gongkai api_token issue|list|revoke``: the open API's tokens from the server's command line (audited)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.apps.api.models import ApiToken
from gongkai.apps.api.tokens import SCOPES, token_issue, token_revoke
from gongkai.apps.organizations.models import Organization


class Command(BaseCommand):
    help = "签发、列出、吊销开放接口的令牌（记入审计日志）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="签发令牌（令牌只显示一次）")
        issue.add_argument("--org", required=True, help="机关网址标识")
        issue.add_argument("--name", required=True)
        issue.add_argument("--kind", choices=["staff", "platform"], default="platform")
        issue.add_argument("--user", help="工作人员令牌的用户名")
        issue.add_argument("--scopes", required=True, help=f"逗号分隔：{','.join(SCOPES)}")
        issue.add_argument("--days", type=int, default=90)
        listing = sub.add_parser("list", help="列出令牌")
        listing.add_argument("--org", help="机关网址标识（含下级）")
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("prefix", help="令牌编号（gk_ 后、第二个下划线前的部分）")
        revoke.add_argument("--reason", default="")

    def handle(self, *args, **options):
        getattr(self, f"_{options['action']}")(options)

    def _org(self, slug: str) -> Organization:
        org = Organization.objects.filter(slug=slug).first()
        if org is None:
            raise CommandError(f"没有网址标识为 {slug} 的机关。")
        return org

    def _issue(self, options) -> None:
        org = self._org(options["org"])
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"没有用户 {options['user']}。")
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            token, secret = token_issue(
                actor=None,
                organization=org,
                name=options["name"],
                kind=options["kind"],
                scopes=scopes,
                days=options["days"],
                user=user,
            )
        except ValidationError as exc:
            raise CommandError("；".join(m for ms in exc.message_dict.values() for m in ms)) from None
        self.stdout.write(secret)
        self.stderr.write(
            f"已签发“{token.name}”（编号 {token.prefix}），有效期至 {token.expires_at:%Y-%m-%d}。令牌只显示这一次。"
        )

    def _list(self, options) -> None:
        rows = ApiToken.objects.select_related("organization").order_by("-created_at")
        if options.get("org"):
            rows = rows.filter(organization__path__startswith=self._org(options["org"]).path)
        for t in rows:
            state = "已吊销" if t.revoked_at else ("有效" if t.is_active else "已过期")
            self.stdout.write(
                f"{t.prefix}\t{t.organization.slug}\t{t.name}\t{t.kind}\t{','.join(t.scopes)}\t{t.expires_at:%Y-%m-%d}\t{state}"
            )

    def _revoke(self, options) -> None:
        token = ApiToken.objects.filter(prefix=options["prefix"]).first()
        if token is None:
            raise CommandError(f"没有编号为 {options['prefix']} 的令牌。")
        token_revoke(actor=None, token=token, reason=options["reason"])
        self.stderr.write(f"已吊销“{token.name}”（编号 {token.prefix}）。")

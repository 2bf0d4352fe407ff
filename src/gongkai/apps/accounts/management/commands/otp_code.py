"""``gongkai otp_code USER``: the current second-factor code of a demo account (for testers without a phone)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.apps.accounts.models import AccountState


class Command(BaseCommand):
    help = "显示演示账号当前的动态口令（只限 gongkai demo 建立的演示账号）。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **opts):
        user = get_user_model().objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"没有用户“{opts['username']}”。", returncode=2)
        if not AccountState.objects.filter(user=user, demo=True).exists():
            raise CommandError("只能显示演示账号的动态口令；正式账号请使用本人手机上的验证器应用。", returncode=2)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise CommandError(f"用户“{user.username}”没有绑定动态口令，登录时无需输入。", returncode=2)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")

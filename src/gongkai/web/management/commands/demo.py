"""``gongkai demo [--no-serve] [--no-worker]``: build (or rebuild) the demo database and serve it.

Beside the development server it starts one ``gongkai worker`` process (uploaded reports are read there), so
the README's one command runs everything; the worker is stopped when the server stops.
"""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from gongkai.web.demo import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "建立（或重建）演示数据库：思礼镇人民政府 2020 年等，并在 http://127.0.0.1:8000 提供服务"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只建库，不启动服务")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="服务地址，默认 127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程（另行运行 gongkai worker）")

    def handle(self, *args, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        db = connection.settings_dict
        self.stdout.write(f"数据库：{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        result = build_demo()
        self.stdout.write(self.style.SUCCESS(f"演示数据已建立。员工登录（密码均为 {DEMO_PASSWORD}）："))
        for username, org, roles in result.logins:
            self.stdout.write(f"  {username:<16} {org}  {roles}")
        if result.second_factor:
            self.stdout.write(
                "以下账号登录时还须输入动态口令（双因素认证）：把 otpauth 地址或其中的 secret 加入手机验证器应用，"
                "或运行 `gongkai otp_code 用户名` 得到当前口令："
            )
            for username, uri in result.second_factor:
                self.stdout.write(f"  {username:<16} {uri}")
        if options["no_serve"]:
            return
        self.stdout.write(f"门户：http://{options['addrport']}/    员工工作台：http://{options['addrport']}/staff/")
        worker = None if options["no_worker"] else start_worker()
        if worker is not None:
            self.stdout.write(f"后台任务：已启动 1 个 gongkai worker 进程（pid {worker.pid}），随服务一起停止。")
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            if worker is not None:
                stop_worker(worker)


def start_worker() -> subprocess.Popen:
    """One ``gongkai worker`` process with this process's settings (same database, same data directory)."""
    env = {**os.environ, "GONGKAI_DATA_DIR": str(settings.DATA_DIR)}
    return subprocess.Popen([sys.executable, "-m", "gongkai", "worker", "--no-startup-delay", "--verbosity", "0"], env=env)


def stop_worker(worker: subprocess.Popen, timeout: float = 30) -> None:
    """Ask *worker* to stop (it finishes the task under way), and kill it if it has not within *timeout*."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

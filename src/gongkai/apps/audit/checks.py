"""System checks of the audit log (``gongkai check --deploy``)."""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError, connection


@checks.register(checks.Tags.security, deploy=True)
def audit_triggers_installed(app_configs=None, **kwargs):
    """Warn when the append-only triggers are missing from the audit table."""
    from .triggers import TABLE, installed

    try:
        if TABLE not in connection.introspection.table_names() or installed(connection):
            return []
    except DatabaseError:
        return []
    return [
        checks.Warning(
            "审计日志表缺少禁止修改、删除的数据库触发器。",
            hint="运行 gongkai migrate（迁移完成后会重新安装触发器）。",
            id="gongkai.audit.W001",
        )
    ]

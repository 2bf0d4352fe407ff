"""System checks for the operator's settings (``gongkai check``, ``gongkai check --deploy``)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register

#: 网络安全法 第二十一条: network logs are kept for no less than six months.
MIN_LOG_RETENTION_DAYS = 180


@register()
def check_log_retention(app_configs=None, **kwargs):
    days = getattr(settings, "LOG_RETENTION_DAYS", None)
    if days is not None and days < MIN_LOG_RETENTION_DAYS:
        return [
            Warning(
                f"GONGKAI_LOG_RETENTION_DAYS={days}: 网络安全法第二十一条要求网络日志留存不少于六个月。",
                hint=f"Set GONGKAI_LOG_RETENTION_DAYS to at least {MIN_LOG_RETENTION_DAYS} (default 190).",
                id="gongkai.W001",
            )
        ]
    return []

"""The platform's site-wide pieces (settings checks, error pages, health check)."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gongkai.web"
    verbose_name = "平台"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the system checks)

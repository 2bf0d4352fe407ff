from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Public portal (政府信息公开专栏): 指南、制度、法定主动公开内容、年报 per organization."""

    name = "gongkai.apps.portal"
    label = "portal"
    verbose_name = "公开门户"

    def ready(self) -> None:
        from . import signals

        signals.connect()

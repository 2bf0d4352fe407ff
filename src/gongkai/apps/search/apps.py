from django.apps import AppConfig


class SearchConfig(AppConfig):
    """全文检索: one search index over published items, registers, annual reports and the catalogue."""

    name = "gongkai.apps.search"
    label = "search"
    verbose_name = "全文检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals

        signals.connect()

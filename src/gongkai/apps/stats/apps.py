from django.apps import AppConfig


class StatsConfig(AppConfig):
    """Statistics with charts (统计): per body and per county, pages, XLSX, PDF and DOCX."""

    name = "gongkai.apps.stats"
    label = "stats"
    verbose_name = "统计"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.apps.staff.navigation import NavEntry, register_nav

        register_nav(NavEntry("stats", "统计", "stats:index", "stats.view", 58))

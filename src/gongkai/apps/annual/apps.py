from django.apps import AppConfig


class AnnualConfig(AppConfig):
    """Annual reports (政府信息公开工作年度报告) generated from the year's records."""

    name = "gongkai.apps.annual"
    label = "annual"
    verbose_name = "年度报告"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.apps.staff.navigation import NavEntry, register_nav

        register_nav(NavEntry("reports", "年度报告", "annual:list", "reports.view", 60))

        from gongkai.apps.staff.waiting import register_waiting

        from .waiting import annual_waiting

        register_waiting("annual", annual_waiting)

from django.apps import AppConfig


class AnnualConfig(AppConfig):
    """Annual reports (政府信息公开工作年度报告) generated from the year's records."""

    name = "gongkai.apps.annual"
    label = "annual"
    verbose_name = "年度报告"
    default_auto_field = "django.db.models.BigAutoField"

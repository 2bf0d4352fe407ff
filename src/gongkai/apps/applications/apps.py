from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.apps.applications"
    label = "applications"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"

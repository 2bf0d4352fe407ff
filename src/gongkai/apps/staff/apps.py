from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "gongkai.apps.staff"
    label = "staff"
    verbose_name = "工作台"

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongkai.apps.audit"
    label = "audit"
    verbose_name = "审计日志"

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "gongkai.apps.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .triggers import install_after_migrate

        post_migrate.connect(install_after_migrate, dispatch_uid="gongkai.audit.triggers")

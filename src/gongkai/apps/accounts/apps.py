from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Account security (等保 身份鉴别): lockout, password rules, sessions, the second factor."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.apps.accounts"
    label = "accounts"
    verbose_name = "账号安全"

    def ready(self) -> None:
        from . import signals  # noqa: F401

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Notifications (消息提醒)."""

    name = "gongkai.apps.notifications"
    label = "notifications"
    verbose_name = "消息提醒"
    default_auto_field = "django.db.models.BigAutoField"

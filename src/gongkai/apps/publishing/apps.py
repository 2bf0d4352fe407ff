from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.apps.publishing"
    label = "publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.apps.staff.waiting import register_waiting

        from .waiting import publishing_waiting

        register_waiting("publishing", publishing_waiting)

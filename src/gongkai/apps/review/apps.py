from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """Checking the annual reports other bodies published (年报检查), for 政务公开办 and evaluators."""

    name = "gongkai.apps.review"
    label = "review"
    verbose_name = "年报检查"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.apps.staff.navigation import NavEntry, register_nav

        register_nav(NavEntry("review", "年报检查", "review:batches", "review.view", 65))

        from gongkai.apps.staff.waiting import register_waiting

        from .waiting import review_waiting

        register_waiting("review", review_waiting)

from importlib.util import find_spec

from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Disclosure applications (依申请公开)."""

    name = "gongkai.apps.applications"
    label = "applications"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the data key checks)

        if find_spec("gongkai.apps.staff") is None:
            return
        from gongkai.apps.staff.navigation import NavEntry, register_nav

        register_nav(
            NavEntry("applications", "依申请公开", "applications:staff_org", "applications.application.view", 50)
        )
        register_nav(NavEntry("letters", "答复文书", "applications:letter_list", "applications.letters.manage", 55))
        from gongkai.apps.staff.waiting import register_calendar, register_waiting

        from .calendar import holiday_calendar
        from .waiting import applications_waiting

        register_calendar(holiday_calendar)
        register_waiting("applications", applications_waiting)

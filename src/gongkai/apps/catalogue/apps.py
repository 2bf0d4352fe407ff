from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "gongkai.apps.catalogue"
    label = "catalogue"
    verbose_name = "基层政务公开标准目录"

    def ready(self) -> None:
        from gongkai.apps.staff.navigation import NavEntry, register_nav

        from . import signals

        signals.connect()
        register_nav(NavEntry("standard", "标准目录", "catalogue:entry_list", "catalogue.view", 32))
        register_nav(NavEntry("watch", "更新督查", "catalogue:watch", "catalogue.view", 33))

        from gongkai.apps.staff.waiting import register_waiting

        from .waiting import catalogue_waiting

        register_waiting("catalogue", catalogue_waiting)

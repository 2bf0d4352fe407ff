from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gongkai.apps.api"
    label = "api"
    verbose_name = "开放接口"

    def ready(self) -> None:
        from gongkai.apps.staff.navigation import NavEntry, register_nav

        register_nav(NavEntry("api_tokens", "接口令牌", "api_staff:tokens", "api.token.manage", 87))

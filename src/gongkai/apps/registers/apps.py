from django.apps import AppConfig, apps


class RegistersConfig(AppConfig):
    name = "gongkai.apps.registers"
    label = "registers"
    verbose_name = "第二十条登记"

    def ready(self) -> None:
        # The statutory sub-columns of the portal show the registers that feed them (条例第二十条).
        if apps.is_installed("gongkai.apps.portal"):
            from gongkai.apps.portal.columns import register_column_content

            from .public import PROVIDERS

            for code, provider in PROVIDERS.items():
                register_column_content(code, provider)

from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "gongkai.apps.registers"
    label = "registers"
    verbose_name = "第二十条登记"

from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "gongkai.apps.organizations"
    label = "organizations"
    verbose_name = "机关与人员"

"""Admin of organizations, their memberships (roles) and accounts: every change is audited."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from gongkai.apps.audit.admin_audit import AuditedModelAdmin

from .models import Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "parent", "slug", "code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "slug", "code")
    inlines = [MembershipInline]


_User = get_user_model()
for _model in (_User, Group):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(_User)
class AuditedUserAdmin(AuditedModelAdmin, UserAdmin):
    """Django's user admin, audited (the password hash never enters the audit row)."""


@admin.register(Group)
class AuditedGroupAdmin(AuditedModelAdmin, GroupAdmin):
    pass

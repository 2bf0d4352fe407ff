from django.contrib import admin

from .models import Membership, Organization


class MembershipInline(admin.TabularInline):
    """Roles are shown here but granted and revoked only on the members page, through the services, so the
    职责分离 rules and the audit log apply to every change."""

    model = Membership
    extra = 0
    can_delete = False
    readonly_fields = ("user", "role", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "slug", "code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "slug", "code")
    # Changed only on the settings page (organization_set_reply_approval), which audits it.
    readonly_fields = ("reply_approval_required",)
    inlines = [MembershipInline]

from django.contrib import admin

from .models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only view of the audit log."""

    list_display = ("timestamp", "actor_name", "action", "object_repr", "organization")
    list_filter = ("action",)
    search_fields = ("actor_name", "action", "object_repr", "reason")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

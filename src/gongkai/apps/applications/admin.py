"""Admin: read-mostly views of applications, cases and the editable holiday table (节假日表)."""

from django.contrib import admin

from gongkai.apps.audit.admin_audit import AuditedModelAdmin

from .models import Application, ApplicationEvent, Holiday, LawsuitCase, ReviewCase


@admin.register(Holiday)
class HolidayAdmin(AuditedModelAdmin):
    """Editable (the holiday table moves reply periods), every change audited."""

    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "date", "end_date", "deadline", "days", "party", "note", "approved_by", "actor")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the audited services (staff pages)."""

    list_display = ("tracking_number", "organization", "status", "received_on", "due_on", "decision")
    list_filter = ("status", "organization")
    search_fields = ("tracking_number",)
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewCase, LawsuitCase)
class RemedyCaseAdmin(AuditedModelAdmin):
    """Cases are recorded and concluded through the audited services (case page).

    A case entered by mistake would stay in table 4 of every later report, so a superuser may
    delete it here, and the delete writes an audit row with the whole case (and what the delete
    detaches, e.g. a 诉讼 case's link to it) in the same transaction. No one adds or edits here.
    """

    list_display = ("__str__", "organization", "filed_on", "result", "concluded_on")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_active and request.user.is_superuser)

"""Admin: read-mostly views of applications, cases and the editable holiday table (节假日表)."""

from django.contrib import admin

from .models import Application, ApplicationEvent, Holiday, LawsuitCase, ReviewCase


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
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
class RemedyCaseAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organization", "filed_on", "result", "concluded_on")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""Admin: read-mostly views of applications, cases and the editable holiday table (节假日表)."""

from django.contrib import admin

from gongkai.apps.audit.admin_audit import AuditedModelAdmin

from .models import PERSONAL_FIELDS, Application, ApplicationEvent, Holiday, LawsuitCase, ReviewCase


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


def _masked(name: str):
    field = Application._meta.get_field(name)

    def show(self, obj):
        return field.masked(getattr(obj, name))

    show.short_description = f"{field.verbose_name}（已脱敏）"
    show.__name__ = f"masked_{name}"
    return show


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the audited services (staff pages).

    Personal data is shown masked, as to anyone who is not the handling staff (the case page is
    the one place it is shown in full). The ID number blind index is not shown.
    """

    list_display = ("tracking_number", "organization", "status", "received_on", "due_on", "decision")
    list_filter = ("status", "organization")
    search_fields = ("tracking_number",)
    inlines = [EventInline]
    exclude = (*PERSONAL_FIELDS, "id_number_index")
    masked_applicant_name = _masked("applicant_name")
    masked_contact_person = _masked("contact_person")
    masked_id_number = _masked("id_number")
    masked_phone = _masked("phone")
    masked_email = _masked("email")
    masked_address = _masked("address")
    masked_postcode = _masked("postcode")
    readonly_fields = tuple(f"masked_{name}" for name in PERSONAL_FIELDS)

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

from django.contrib import admin

from .models import Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "slug", "code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "slug", "code")
    inlines = [MembershipInline]

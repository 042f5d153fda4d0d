"""Administration of people, places, organisations and desks."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cphelpdesk.directory.models import (
    CoordinationGroup,
    Country,
    Desk,
    FocalPoint,
    Member,
    Organisation,
    Region,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "iso3", "region", "desk"]
    list_filter = ["region", "desk"]
    search_fields = ["name", "iso2", "iso3"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "type", "scope", "is_verified"]
    list_filter = ["type", "scope", "is_verified"]
    search_fields = ["name", "acronym"]
    filter_horizontal = ["countries"]


@admin.register(CoordinationGroup)
class CoordinationGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "level", "type", "lead_organisation", "is_active"]
    list_filter = ["level", "type", "is_active", "country__region"]
    search_fields = ["name", "country__name"]
    autocomplete_fields = ["lead_organisation", "co_lead_organisations", "country"]


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "email", "time_zone", "lead"]
    filter_horizontal = ["officers"]
    autocomplete_fields = ["host_organisation", "lead"]


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["member", "region", "responsibility"]
    list_filter = ["region", "responsibility"]
    autocomplete_fields = ["member"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "organisation", "country", "approval", "is_active"]
    list_filter = ["approval", "is_active", "groups", "country__region"]
    search_fields = ["email", "full_name"]
    autocomplete_fields = ["organisation", "country"]
    filter_horizontal = ["groups"]
    readonly_fields = ["last_login", "date_joined", "approved_by", "approved_at"]
    # Passwords are never edited here: members reset them through the account pages.
    fieldsets = [
        (None, {"fields": ["email", "full_name", "position", "organisation", "country", "preferred_language"]}),
        (_("Membership"), {"fields": ["approval", "approved_by", "approved_at", "rejection_reason", "is_active"]}),
        (_("Roles"), {"fields": ["groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]

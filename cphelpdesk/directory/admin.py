"""Administration of people, places, organisations and desks."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cphelpdesk.directory import actions
from cphelpdesk.directory.models import (
    CoordinationGroup,
    Country,
    Desk,
    FocalPoint,
    GroupMembership,
    Member,
    Organisation,
    Region,
)
from cphelpdesk.directory.roles import Role


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


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    autocomplete_fields = ["member"]
    extra = 0


@admin.register(CoordinationGroup)
class CoordinationGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "level", "type", "lead_organisation", "is_active"]
    list_filter = ["level", "type", "is_active", "country__region"]
    search_fields = ["name", "country__name"]
    autocomplete_fields = ["lead_organisation", "co_lead_organisations", "country"]
    inlines = [GroupMembershipInline]


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


class MemberAdminForm(forms.ModelForm):
    """Roles are chosen by name and changed through `actions.set_roles`, which records who changed them."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Member
        fields = ["email", "full_name", "position", "organisation", "country", "preferred_language", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = sorted(self.instance.roles)


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    form = MemberAdminForm
    list_display = ["email", "full_name", "organisation", "country", "approval", "is_active"]
    list_filter = ["approval", "is_active", "groups", "country__region"]
    search_fields = ["email", "full_name"]
    autocomplete_fields = ["organisation", "country"]
    # Membership decisions belong to officers (with their audit trail and mail), not to the admin.
    readonly_fields = ["approval", "approved_by", "approved_at", "rejection_reason", "last_login", "date_joined"]
    # Passwords are never edited here: members reset them through the account pages.
    fieldsets = [
        (None, {"fields": ["email", "full_name", "position", "organisation", "country", "preferred_language"]}),
        (_("Membership"), {"fields": ["approval", "approved_by", "approved_at", "rejection_reason", "is_active"]}),
        (_("Roles"), {"fields": ["roles"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        actions.set_roles(actor=request.user, member=obj, roles=form.cleaned_data["roles"])

"""Administration of the SLA policy and desk holidays (query content is never in the admin)."""

from django.contrib import admin

from cphelpdesk.queries.models import Holiday, SLATarget


@admin.register(SLATarget)
class SLATargetAdmin(admin.ModelAdmin):
    list_display = ["sla_class", "measure", "amount", "unit"]
    list_filter = ["sla_class", "measure"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "desk"]
    list_filter = ["desk"]
    date_hierarchy = "date"

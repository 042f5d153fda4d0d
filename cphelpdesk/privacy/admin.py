"""Administration of the detector's custom patterns (administrators edit them, see directory.permissions)."""

from django.contrib import admin

from cphelpdesk.privacy.models import CustomPattern


@admin.register(CustomPattern)
class CustomPatternAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "regex", "active", "created"]
    list_filter = ["active", "kind"]
    search_fields = ["name", "kind", "regex"]
    readonly_fields = ["created"]

"""Administration of topics and glossary terms."""

from django.contrib import admin

from cphelpdesk.taxonomy.models import GlossaryTerm, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "sensitive"]
    list_filter = ["sensitive"]
    search_fields = ["code", "name", "name_fr", "name_es"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "expansion", "topic"]
    search_fields = ["term", "expansion", "expansion_fr", "expansion_es", "expansion_ar", "expansion_pt"]

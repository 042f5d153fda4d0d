"""Reads of the taxonomy."""

from django.db.models import QuerySet

from cphelpdesk.taxonomy.models import GlossaryTerm, Topic


def topic_tree() -> list[Topic]:
    """All topics, each parent followed by its children (codes sort that way)."""
    return list(Topic.objects.order_by("code"))


def glossary() -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.select_related("topic").order_by("term")

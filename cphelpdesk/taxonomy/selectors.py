"""Reads of the taxonomy."""

from django.db.models import QuerySet

from cphelpdesk.taxonomy.models import GlossaryTerm, Topic


def topic_tree() -> list[Topic]:
    """The top-level topics, each with `.subtopics` (recursively) set, in code order; one query."""
    topics = list(Topic.objects.order_by("code"))
    children: dict[int | None, list[Topic]] = {}
    for topic in topics:
        children.setdefault(topic.parent_id, []).append(topic)
    for topic in topics:
        topic.subtopics = children.get(topic.pk, [])
    return children.get(None, [])


def glossary() -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.select_related("topic").order_by("term")

"""Reads of the taxonomy."""

from django.db.models import QuerySet

from cphelpdesk.taxonomy.models import GlossaryTerm, Topic


def topic_tree() -> list[Topic]:
    """All topics in tree order (each parent followed by its children), each with `.level` set."""
    topics = list(Topic.objects.order_by("code"))
    children: dict[int | None, list[Topic]] = {}
    for topic in topics:
        children.setdefault(topic.parent_id, []).append(topic)
    ordered: list[Topic] = []

    def visit(parent_id, level):
        for topic in children.get(parent_id, []):
            topic.level = level
            ordered.append(topic)
            visit(topic.pk, level + 1)

    visit(None, 0)
    return ordered


def glossary() -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.select_related("topic").order_by("term")

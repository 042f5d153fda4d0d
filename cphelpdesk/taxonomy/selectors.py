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


def topic_groups(topics) -> list[tuple[Topic, list[Topic]]]:
    """Each top-level topic among `topics` with the others under it at any depth, in code order."""
    topics = sorted(topics, key=lambda topic: topic.code)
    parent_of = {topic.pk: topic.parent_id for topic in topics}
    groups: dict[int, list[Topic]] = {topic.pk: [] for topic in topics if topic.parent_id is None}

    def root_of(topic_id):
        while parent_of.get(topic_id) is not None:
            topic_id = parent_of[topic_id]
        return topic_id

    for topic in topics:
        if topic.parent_id is not None and root_of(topic.pk) in groups:
            groups[root_of(topic.pk)].append(topic)
    return [(topic, groups[topic.pk]) for topic in topics if topic.pk in groups]


def glossary() -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.select_related("topic").order_by("term")

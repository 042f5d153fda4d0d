"""Scopes never leak and facets count only what may be seen: both are applied inside the SQL."""

import pytest

from cphelpdesk.search.engine import Scope, search
from cphelpdesk.taxonomy.models import Topic
from tests.search.conftest import doc, found

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(indexed, filler):
    indexed(
        doc(1, "Public guide", "Case management guide", doc_type="guidance", year=2024, countries=["ML", "ne"],
            topics=["THEM.CM"], languages=["en", "fr"]),
        doc(2, "Public tool", "Case management tool", doc_type="tool", year=2023, countries=["ML"],
            topics=["THEM.CM", "IM"], language="fr"),
        doc(3, "Members' note", "Case management note", audience="members", doc_type="guidance", year=2024,
            countries=["CD"], topics=["THEM.CM"]),
        doc(4, "Staff memo", "Case management memo", audience="staff", doc_type="memo", year=2024, countries=["CD"]),
        doc(5, "Draft guide", "Case management draft", published=False, doc_type="guidance", year=2025),
        Document_query(6, "Query about case management", "How do we set up case management?"),
    )


def Document_query(object_id, title, body):
    from cphelpdesk.search.documents import Document

    return Document(kind="query", object_id=object_id, title=title, body=body, language="en", audience="staff")


PUBLIC = [Scope("resource", audiences=frozenset({"public"}))]
MEMBERS = [Scope("resource", audiences=frozenset({"public", "members"}))]


def test_audience_and_publication(library):
    assert sorted(found("case management", PUBLIC)) == [1, 2]
    assert sorted(found("case management", MEMBERS)) == [1, 2, 3]
    assert sorted(found("case management", [Scope("resource")])) == [1, 2, 3, 4]
    assert sorted(found("case management", [Scope("resource", published_only=False)])) == [1, 2, 3, 4, 5]
    assert found("case management", [Scope("resource", audiences=frozenset())]) == []
    assert found("case management", []) == []


def test_kinds_need_their_own_scope(library):
    results = search("case management", scopes=[*PUBLIC, Scope("query")], per_page=100)
    assert sorted((hit.kind, hit.object_id) for hit in results.hits) == [("query", 6), ("resource", 1),
                                                                          ("resource", 2)]
    assert [hit.kind for hit in search("case management", scopes=[Scope("query")]).hits] == ["query"]


def test_object_ids_restrict_to_a_queryset(indexed, filler):
    topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True)[:4])
    indexed(*(doc(pk, f"Case management {pk}", "case management", audience="staff") for pk in topics))
    allowed = Topic.objects.filter(pk__in=topics[:2])
    for object_ids in (allowed.values("pk"), allowed, allowed.values_list("pk", flat=True)):
        scopes = [Scope("resource", object_ids=object_ids)]
        results = search("case management", scopes=scopes)
        assert sorted(hit.object_id for hit in results.hits) == topics[:2]
        assert results.total == 2 and sum(count for _value, count in results.facets["language"]) == 2
    assert found("case management", [Scope("resource", object_ids=Topic.objects.none())]) == []
    assert search("", scopes=[Scope("resource", object_ids=allowed)]).total == 2


def test_facets_count_the_whole_permitted_match(library):
    results = search("case management", scopes=MEMBERS, per_page=1)
    assert results.total == 3 and len(results.hits) == 1
    assert results.facets["type"] == [("guidance", 2), ("tool", 1)]
    assert results.facets["country"] == [("ML", 2), ("CD", 1), ("NE", 1)]
    assert results.facets["year"] == [("2024", 2), ("2023", 1)]
    assert results.facets["topic"] == [("THEM.CM", 3), ("IM", 1)]
    assert results.facets["language"] == [("en", 2), ("fr", 2)]
    assert search("case management", scopes=MEMBERS, facets=False).facets == {
        "type": [], "topic": [], "country": [], "language": [], "year": []}


def test_filters_and_across_names_or_within(library):
    assert sorted(found("case management", MEMBERS, filters={"country": ["ML"]})) == [1, 2]
    assert sorted(found("case management", MEMBERS, filters={"country": "ml"})) == [1, 2]
    assert sorted(found("case management", MEMBERS, filters={"country": ["ML", "CD"]})) == [1, 2, 3]
    assert found("case management", MEMBERS, filters={"country": ["ML"], "type": ["tool"]}) == [2]
    assert found("case management", MEMBERS, filters={"country": ["ML"], "year": ["2025"]}) == []
    assert sorted(found("case management", MEMBERS, filters={"language": ["fr"]})) == [1, 2]
    assert sorted(found("case management", MEMBERS, filters={"country": []})) == [1, 2, 3]
    filtered = search("case management", scopes=MEMBERS, filters={"type": ["guidance"]})
    assert filtered.total == 2
    assert filtered.facets["country"] == [("CD", 1), ("ML", 1), ("NE", 1)]
    with pytest.raises(ValueError, match="unknown facet"):
        search("case management", scopes=MEMBERS, filters={"colour": ["red"]})


def test_browsing_with_filters(library):
    results = search("", scopes=MEMBERS, filters={"type": ["guidance"]})
    assert sorted(hit.object_id for hit in results.hits) == [1, 3] and results.total == 2
    assert results.facets["year"] == [("2024", 2)]


def test_totals_past_the_cap_say_so(indexed, monkeypatch):
    from cphelpdesk.search import engine

    monkeypatch.setattr(engine, "COUNT_CAP", 5)
    indexed(*(doc(number, "Training", "training") for number in range(1, 9)))
    results = search("training", scopes=PUBLIC, per_page=3, page=2)
    assert results.total == 5 and results.total_is_capped
    assert len(results.hits) == 3

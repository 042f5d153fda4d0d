"""The "did you mean" vocabulary (issue #11, point 1): built only from what every reader may see, and it
forgets what is removed."""

import pytest

from cphelpdesk.directory.roles import Role
from cphelpdesk.queries.access import visible_queries
from cphelpdesk.search import index
from cphelpdesk.search.engine import Scope, search
from cphelpdesk.search.models import SearchTerm
from tests.factories import make_query, staff_with_mfa
from tests.search.conftest import EVERYTHING, doc

pytestmark = pytest.mark.django_db


def vocabulary() -> set[str]:
    return set(SearchTerm.objects.values_list("term", flat=True))


def test_a_childs_name_and_street_typed_in_a_query_are_never_suggested(indexed, filler):
    make_query(subject="Help for Zaynabou", question="Zaynabou lives on Rue Kasongolo near the market.")
    assert not {"zaynabou", "kasongolo"} & vocabulary()
    # Even the staff who may find the query, typing a near miss of the name, are not handed it.
    officer = staff_with_mfa(Role.OFFICER)
    queries = Scope("query", published_only=False, object_ids=visible_queries(officer).values("pk"))
    assert search("Zaynabou", scopes=[queries]).total == 1  # the query is there to be found
    scopes = [*EVERYTHING, queries]
    assert search("Zaynabu", scopes=scopes).suggestion is None
    assert search("Kasongola", scopes=scopes).suggestion is None


def test_only_published_public_entries_give_words(indexed):
    indexed(doc(1, "Guide", "Hummingbird"), doc(2, "Note", "Flamingo", audience="members"),
            doc(3, "Memo", "Pelican", audience="staff"), doc(4, "Draft", "Albatross", published=False))
    assert {"hummingbird", "flamingo", "pelican", "albatross"} & vocabulary() == {"hummingbird"}


def test_the_vocabulary_forgets_what_is_removed_rewritten_or_withdrawn(indexed):
    indexed(doc(1, "Guide", "Hummingbird and zebrafish"), doc(2, "Other", "Zebrafish only"),
            doc(3, "Third", "Pangolin"))
    index.update(doc(1, "Guide", "Rewritten without the bird"))
    assert "hummingbird" not in vocabulary() and "zebrafish" in vocabulary()  # entry 2 still has it
    index.remove("resource", 2)
    assert "zebrafish" not in vocabulary()
    index.update(doc(3, "Third", "Pangolin", audience="members"))  # no longer public
    assert "pangolin" not in vocabulary()
    public = [Scope("resource", audiences=frozenset({"public"}))]
    assert search("pangolni", scopes=public).suggestion is None


def test_a_rebuild_of_one_kind_keeps_the_others_words(indexed, source):
    from cphelpdesk.search.documents import Document

    indexed(doc(1, "Guide", "Hummingbird"),
            Document(kind="testdoc", object_id=1, title="Old", body="Pangolin", audience="public"))
    source.append(Document(kind="testdoc", object_id=1, title="New", body="Armadillo", audience="public"))
    index.rebuild(["testdoc"])
    assert {"hummingbird", "armadillo"} <= vocabulary() and "pangolin" not in vocabulary()

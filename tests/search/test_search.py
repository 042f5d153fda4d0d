"""Query syntax, ranking, pagination, snippets, "did you mean", "more like this" and hostile input."""

import datetime

import pytest

from cphelpdesk.core.config_cache import clear_all
from cphelpdesk.search.documents import Document
from cphelpdesk.search.engine import Likeness, Scope, search, similar
from cphelpdesk.search.query import parse
from tests.search.conftest import EVERYTHING, doc, found

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(indexed, filler):
    indexed(
        doc(1, "Mali note", "Separated children need interim care in Mali."),
        doc(2, "Niger note", "Children who are separated need care in Niger."),
        doc(3, "Camps", "Children in camps in Mali and Niger."),
    )


def test_results_with_every_word_come_first_then_those_with_some(places):
    results = search("children Mali", scopes=EVERYTHING, per_page=100)
    ids = [hit.object_id for hit in results.hits]
    assert sorted(ids[:2]) == [1, 3] and results.loosened  # only two have both words: Niger's note follows
    assert ids[2:] == [2]
    assert sorted(found("children Chad")) == [1, 2, 3]
    assert found("Chad Burundi") == []  # no word found at all: nothing
    plenty = search("children", scopes=EVERYTHING)
    assert not plenty.loosened


def test_a_query_that_is_one_glossary_term_is_loosened_too(indexed, filler):
    # "maus-tratos infantis" is the glossary's child maltreatment: a guide that says "maus tratos" but not
    # "infantis" (nor the concept's wording) is still found, after those with every word.
    indexed(doc(1, "Guia de orientações", "Abordagem de situações de maus tratos", language="pt"),
            doc(2, "Maus-tratos infantis", "Guia", language="pt"))
    results = search("maus-tratos infantis", scopes=EVERYTHING)
    assert [hit.object_id for hit in results.hits] == [2, 1] and results.loosened


def test_a_phrase_or_an_exclusion_is_never_loosened(places):
    assert found('"separated children" Chad') == []
    assert found("Chad -camps") == []


def test_phrase_versus_bag_of_words(places):
    ids = found("separated children")  # a glossary term, loosened like any other words: some-word notes follow
    assert sorted(ids[:2]) == [1, 2] and ids[2:] == [3]
    assert found('"separated children"') == [1]


def test_prefix(places):
    assert sorted(found("separ*")) == [1, 2]
    assert sorted(found("Nig*")) == [2, 3]


def test_or_between_words(places):
    assert sorted(found("camps OR interim")) == [1, 3]
    assert sorted(found("children camps OR interim")) == [1, 3]
    # Lower-case "or" is an ordinary (stop) word: camps AND interim, which no note has, so those with one follow.
    assert search("camps or interim", scopes=EVERYTHING).loosened


def test_exclusion(places):
    assert sorted(found("children -camps")) == [1, 2]
    assert sorted(found('children -"separated children"')) == [2, 3]
    # Nothing but exclusions: people who type "-separated" mean the word (a hyphenated word cut at its hyphen).
    assert sorted(found("-separated")) == [1, 2]
    assert sorted(found("-separated -camps")) == [1, 2, 3]


def test_title_match_outranks_body_only_match(indexed, filler):
    indexed(
        doc(1, "Annual report", "Our case management work this year, and much else besides, in several places."),
        doc(2, "Case management guidelines", "Procedures for caseworkers."),
    )
    results = search("case management", scopes=EVERYTHING)
    assert [hit.object_id for hit in results.hits] == [2, 1]
    assert results.hits[0].score > results.hits[1].score


def test_topics_are_boosted_over_body(indexed, filler):
    indexed(
        doc(1, "Note one", "Something about psychosocial matters."),
        doc(2, "Note two", "Unrelated text.", topic_text="Psychosocial support | Soutien psychosocial"),
    )
    assert found("psychosocial") == [2, 1]


def test_pagination(indexed):
    indexed(*(doc(number, f"Training {number}", "Training of caseworkers") for number in range(1, 26)))
    pages = [search("training", scopes=EVERYTHING, page=page, per_page=10) for page in (1, 2, 3)]
    assert [len(page.hits) for page in pages] == [10, 10, 5]
    assert all(page.total == 25 and page.pages == 3 for page in pages)
    seen = [hit.object_id for page in pages for hit in page.hits]
    assert sorted(seen) == list(range(1, 26))
    assert pages[0].has_next and not pages[2].has_next
    assert search("training", scopes=EVERYTHING, page=9).hits == []


def test_snippets_mark_matches_and_escape_html(indexed, filler):
    indexed(doc(1, "Case <b>management</b>", "Before. " * 60 + "A <script>alert('x')</script> about case management."
                + " After." * 60))
    hit = search("management", scopes=EVERYTHING).hits[0]
    assert hit.title_html == "Case &lt;b&gt;<mark>management</mark>&lt;/b&gt;"
    assert "&#x27;)&lt;/script&gt; about" in hit.snippet_html
    assert "<script>" not in hit.snippet_html and "</script>" not in hit.snippet_html
    assert "case <mark>management</mark>" in hit.snippet_html
    assert hit.snippet_html.startswith("… ") and hit.snippet_html.endswith(" …")
    assert len(hit.snippet_html) < 400


def test_snippets_mark_glossary_meanings(indexed, filler):
    indexed(doc(1, "Guide", "Interim care for unaccompanied and separated children."))
    hit = search("UASC", scopes=EVERYTHING).hits[0]
    assert "<mark>unaccompanied</mark> and <mark>separated</mark> <mark>children</mark>" in hit.snippet_html


def test_did_you_mean(indexed, filler):
    indexed(doc(1, "Protection", "Child protection in emergencies"),
            doc(2, "Mainstreaming", "Protection mainstreaming"))
    results = search("protecion", scopes=EVERYTHING)
    assert results.total == 0 and results.hits == []
    assert results.suggestion == "protection"
    assert search("child protecion", scopes=EVERYTHING).suggestion == "child protection"
    corrected = search("protecion", scopes=EVERYTHING, autocorrect=True)
    assert corrected.corrected and corrected.total == 2 and corrected.suggestion == "protection"
    assert search("protection", scopes=EVERYTHING).suggestion is None


def test_did_you_mean_never_suggests_what_the_searcher_may_not_see(indexed, filler):
    indexed(doc(1, "Public", "Zebrafish study"))
    public = [Scope("resource", audiences=frozenset({"public"}))]
    assert search("zebrafesh", scopes=public).suggestion == "zebrafish"
    indexed(doc(1, "Public", "Zebrafish study", published=False))  # withdrawn: nobody outside staff sees it
    assert search("zebrafesh", scopes=public).suggestion is None


def test_did_you_mean_offers_only_words_everyone_may_read(indexed, filler):
    # A suggestion is shown to whoever searches: words of staff or members' entries are never offered, even to
    # staff, who could find the entry (a child's name in a staff-only text must not travel).
    indexed(doc(1, "Staff only", "Zebrafish study", audience="staff"),
            doc(2, "Members only", "Kangaroo study", audience="members"))
    assert search("zebrafesh", scopes=EVERYTHING).suggestion is None
    assert search("kangarou", scopes=EVERYTHING).suggestion is None


HOSTILE = [
    '"', '""', '"""', '*', '**', 'a*b*c', 'NEAR(', 'NEAR(child care)', 'NEAR("child" "care", 2)', '"unterminated',
    "child OR", "OR child", "OR", "AND", "NOT", "-", "--", '-"', "-*", "(", ")", "((child", "child)", "{title}: child",
    "title:child", "^child", "child^2", "child:*", "child & care | !x", "'; DROP TABLE search_searchentry; --",
    "1' OR '1'='1", "\x00", "child\x00care", "🙂", "ﷺ", "٣٤٥", "e\u0301", "x" * 100_000, " ".join(["child"] * 5_000),
    " OR ".join(["care"] * 500), "-child " * 200, "⑴ ¼ ㈠", "<script>alert(1)</script>", "%s %% %(x)s ?",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_errors(indexed, text):
    indexed(doc(1, "Child care", "Child care in camps"))
    results = search(text, scopes=EVERYTHING, filters={"country": [text[:50]]})
    assert results.total >= 0
    search(text, scopes=EVERYTHING, language=text[:5])
    similar(text, scopes=EVERYTHING)
    parse(text)


def test_blank_text_browses_newest_first(indexed):
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    indexed(*(doc(number, f"Item {number}", "text", updated=start + datetime.timedelta(days=number))
              for number in (3, 1, 2)))
    results = search("", scopes=EVERYTHING)
    assert [hit.object_id for hit in results.hits] == [3, 2, 1]
    assert results.total == 3 and all(hit.score == 0 for hit in results.hits)
    assert results.hits[0].snippet_html == "text"
    assert search("the of", scopes=EVERYTHING).total == 0  # not blank: nothing to search for, nothing found


def test_similar_finds_related_material_across_languages(indexed, filler):
    indexed(
        doc(1, "Interim care for UASC", "Interim care arrangements for UASC in transit centres."),
        doc(2, "Family tracing", "Family tracing and reunification procedures."),
        doc(3, "Staff note on UASC", "UASC interim care, internal.", audience="staff"),
    )
    question = "Quelles sont les options de prise en charge pour les enfants non accompagnés et séparés ?"
    public = [Scope("resource", audiences=frozenset({"public"}))]
    assert [hit.object_id for hit in similar(question, scopes=public)] == [1]
    assert similar("family tracing and reunification", scopes=EVERYTHING)[0].object_id == 2
    assert similar("interim care for UASC", scopes=EVERYTHING, exclude=[("resource", 1)])[0].object_id == 3


def test_one_likeness_serves_searches_of_several_scopes(indexed, filler):
    """A query's "like this" panel works out the question's distinctive terms once and searches two scopes with
    them: each finds what a search with the text itself finds."""
    indexed(
        doc(1, "Interim care for UASC", "Interim care arrangements for UASC in transit centres."),
        Document(kind="query", object_id=2, title="Interim care question", body="Which interim care for UASC?",
                 language="en", audience="staff"),
    )
    question = "What interim care do UASC in transit centres need?"
    like = Likeness(question, "en")
    for scope in (Scope("resource"), Scope("query", published_only=False)):
        assert [hit.object_id for hit in similar(like, scopes=[scope])] == \
            [hit.object_id for hit in similar(question, scopes=[scope], language="en")] != []
    hit = similar(like, scopes=[Scope("resource")])[0]
    assert (hit.title_html, hit.snippet_html) == ("Interim care for UASC", "Interim care arrangements for UASC in "
                                                  "transit centres.")  # plain: its lists show the items' names only
    assert Likeness("the of and", "en").query is None
    assert similar(Likeness("the of and", "en"), scopes=EVERYTHING) == []


def test_a_rare_word_outweighs_a_common_one_even_in_a_title(indexed, filler):
    # No entry has both words: those with one are listed. "Water" is in most entries' titles, "okapi" in one text
    # only: that text comes first, on PostgreSQL too (whose ts_rank_cd alone knows nothing of rarity).
    indexed(*(doc(number, f"Water point {number}", "Water supply and sanitation.") for number in range(1, 16)),
            doc(99, "Field note", "An okapi was seen near the camp."))
    results = search("water okapi", scopes=EVERYTHING, per_page=100)
    assert results.loosened and [hit.object_id for hit in results.hits][:1] == [99]
    # Rarity weighs each word, not the whole query: an entry with both words still comes first.
    indexed(doc(100, "Okapi sighting", "Water point visit."))
    assert found("water okapi")[:1] == [100]


def test_postgresql_estimates_common_terms_from_the_planner_s_statistics(indexed):
    """Counting a common term's matches visits a heap page per match on PostgreSQL: once ANALYZE has gathered
    statistics (autovacuum runs it), common terms are estimated from them and only the others are counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cphelpdesk.search.backends import engine

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    indexed(*(doc(number, f"Water point {number}", "Water supply and sanitation.") for number in range(1, 41)),
            doc(99, "Pangolin", "Pangolin trade."))
    assert engine().document_frequencies(["water", "pangolin"], 1000) == {"water": 40, "pangolin": 1}  # counted
    clear_all()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    with CaptureQueriesContext(connection) as statements:
        frequencies = engine().document_frequencies(["water", "pangolin", "okapi"], 1000)
    assert 30 <= frequencies["water"] <= 50 and frequencies["pangolin"] == 1 and "okapi" not in frequencies
    counted = [query["sql"] for query in statements.captured_queries if "unnest" in query["sql"]]
    assert len(counted) == 1 and "okapi" in counted[0] and "water" not in counted[0]  # the rare term only


def test_similar_keeps_only_what_a_scope_s_object_set_admits(indexed, filler):
    """"More like this" ranks by text first, then keeps the objects the searcher may see (not a join on them)."""
    from cphelpdesk.search.models import SearchEntry

    indexed(*(doc(number, f"Interim care note {number}", "Interim care arrangements for UASC in transit centres.")
              for number in range(1, 6)))
    visible = SearchEntry.objects.filter(kind="resource", object_id__in=[2, 4]).values("object_id")
    scoped = [Scope("resource", published_only=False, object_ids=visible)]
    assert sorted(hit.object_id for hit in similar("interim care for UASC", scopes=scoped)) == [2, 4]
    assert similar("interim care for UASC", scopes=[Scope("resource", object_ids=visible.none())]) == []
    # Column conditions still hold beside the object set: none of these is in the staff audience.
    staff_only = [Scope("resource", audiences=frozenset({"staff"}), object_ids=visible)]
    assert similar("interim care for UASC", scopes=staff_only) == []


def test_similar_leaves_out_words_found_in_most_entries(indexed):
    """A word in nearly every entry says nothing about likeness: sharing only it does not make entries alike."""
    indexed(*(doc(number, f"Coordination note {number}", f"Coordination meeting minutes, item {number}.")
              for number in range(1, 30)))
    indexed(doc(99, "Interim care", "Interim care arrangements for UASC, and coordination."))
    assert [hit.object_id for hit in similar("coordination of interim care", scopes=EVERYTHING)] == [99]


def test_similar_counts_words_afresh_once_the_index_changes(indexed):
    """The entries' and their words' counts are kept between "more like this" searches, and read again as soon as
    this process writes to the index: a word that has become common stops making entries alike."""
    indexed(doc(98, "Coordination", "Coordination meeting minutes."),
            doc(99, "Interim care", "Interim care arrangements for UASC, and coordination."))
    assert sorted(hit.object_id for hit in similar("coordination of interim care", scopes=EVERYTHING,
                                                   language="en")) == [98, 99]
    indexed(*(doc(number, f"Coordination note {number}", f"Coordination meeting minutes, item {number}.")
              for number in range(1, 30)))
    assert [hit.object_id for hit in similar("interim care and coordination", scopes=EVERYTHING,
                                             language="en")] == [99]


@pytest.mark.parametrize("text", ["community-based child protection", "community based child protection"])
def test_hyphenated_compounds_are_words_not_exclusions(indexed, filler, text):
    indexed(
        doc(1, "Community-based child protection", "Guidance for community-based mechanisms."),
        doc(2, "Community based approaches", "Working with community based groups on child protection."),
        doc(3, "Child protection in camps", "Services for children in camps."),
        doc(4, "Communitybased networks", "Networks of volunteers."),
    )
    ids = found(text)
    assert set(ids[:2]) == {1, 2}  # the compound and every word: first, as a hyphen or a space
    assert 3 in ids  # some of the words: after them, not lost to a phrase the searcher never quoted
    assert 4 in found("community-based")  # written as one word


def test_a_quoted_phrase_is_still_exact(indexed, filler):
    indexed(doc(1, "Community based care", "text"), doc(2, "Care based in the community", "text"))
    assert found('"community based"') == [1]

"""The repository's pages: search with facets, permanent addresses, suggestions while asking, staff search."""

import pytest

from cphelpdesk.directory.models import Country
from cphelpdesk.directory.roles import Role
from cphelpdesk.taxonomy.models import Topic
from tests.factories import MemberFactory, ResourceFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    uasc = Topic.objects.get(code="THEM.UASC")
    first = ResourceFactory(title="Interim care for unaccompanied and separated children", year=2024)
    first.topics.set([uasc])
    first.countries.set([Country.objects.get(iso2="CD")])
    second = ResourceFactory(title="Prise en charge des enfants non accompagnés et séparés", language="fr", year=2023)
    second.topics.set([uasc])
    ResourceFactory(title="Mental health and psychosocial support in schools", year=2024)
    from cphelpdesk.library.indexing import index

    for resource in (first, second):
        index(resource)
    return first, second


def test_an_acronym_finds_resources_in_every_language_with_facets(client, corpus):
    first, second = corpus
    page = client.get("/resources/", {"q": "UASC"}).content.decode()
    assert first.get_absolute_url() in page and second.get_absolute_url() in page
    assert "Mental health" not in page
    assert "2 resources found" in page
    assert 'name="language" value="fr"' in page and "(1)" in page  # facet counts


def test_a_facet_narrows_the_results(client, corpus):
    first, second = corpus
    page = client.get("/resources/", {"q": "UASC", "language": "fr"}).content.decode()
    assert second.get_absolute_url() in page and first.get_absolute_url() not in page
    page = client.get("/resources/", {"country": "CD"}).content.decode()  # browse with a filter only
    assert first.get_absolute_url() in page and second.get_absolute_url() not in page


def test_garbage_search_input_is_harmless(client, corpus):
    for text in ['"', "*", "NEAR(", "') OR 1=1 --", "x" * 600, "\x00"]:
        assert client.get("/resources/", {"q": text, "page": "99999999999999999999"}).status_code == 200


def test_a_misspelling_offers_a_correction(client, corpus):
    page = client.get("/resources/", {"q": "separeted"}).content.decode()
    assert "separated" in page


def test_the_permanent_address_redirects_to_the_current_title(client, corpus):
    first, _ = corpus
    response = client.get(f"/resources/{first.pk}/old-title/")
    assert response.status_code == 301 and response["Location"] == first.get_absolute_url()
    assert client.get(f"/resources/{first.pk}/").status_code == 301


def test_pages_work_without_javascript_and_stay_light(client, corpus):
    first, _ = corpus
    for url in ("/resources/", "/resources/?q=UASC", first.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200 and len(response.content) < 50_000
        assert "<script" not in response.content.decode().replace('<script src="/static/', "")


def test_members_see_resources_while_they_type_their_question(client, corpus):
    first, _ = corpus
    client.force_login(MemberFactory())
    form = client.get("/queries/new/").content.decode()
    assert 'hx-get="/resources/suggest/"' in form and 'href="/resources/"' in form  # and a plain link without JS
    fragment = client.get("/resources/suggest/", {"subject": "Interim care", "question": "separated children"},
                          HTTP_HX_REQUEST="true")
    assert first.get_absolute_url() in fragment.content.decode() and "<html" not in fragment.content.decode()
    full_page = client.get("/resources/suggest/", {"text": "interim care separated children"})
    assert "<html" in full_page.content.decode()


def test_staff_see_similar_resources_on_a_query_and_search_everything(client, corpus):
    first, _ = corpus
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query(subject="Interim care arrangements", question="How to organise interim care for separated "
                                                                     "children in Ituri?")
    client.force_login(officer)
    detail = client.get(f"/queries/{query.reference}/").content.decode()
    like_this = f"/queries/{query.reference}/like-this/"
    # Found after the page: htmx asks for the fragment; without JavaScript the link opens it as a page.
    assert f'hx-get="{like_this}"' in detail and f'href="{like_this}"' in detail
    fragment = client.get(like_this, HTTP_HX_REQUEST="true").content.decode()
    assert first.get_absolute_url() in fragment and "<html" not in fragment
    assert first.get_absolute_url() in client.get(like_this).content.decode()
    found = client.get("/staff/search/", {"q": "interim care"}).content.decode()
    assert f"/queries/{query.reference}/" in found and first.get_absolute_url() in found


def test_members_never_find_queries_in_staff_search(client, corpus):
    make_query(subject="Interim care arrangements")
    client.force_login(MemberFactory())
    assert client.get("/staff/search/", {"q": "interim care"}).status_code == 403


def test_an_expert_finds_only_the_queries_assigned_to_them(client, corpus):
    from cphelpdesk.queries import actions

    officer, expert = staff_with_mfa(Role.OFFICER), staff_with_mfa(Role.EXPERT)
    assigned = make_query(subject="Interim care in Kasai")
    other = make_query(subject="Interim care in Ituri")
    actions.assign(actor=officer, query=assigned, member=expert, role="expert")
    client.force_login(expert)
    found = client.get("/staff/search/", {"q": "interim care"}).content.decode()
    assert f"/queries/{assigned.reference}/" in found and f"/queries/{other.reference}/" not in found


def test_the_search_command_ranks_resources_as_the_web_does_for_staff(corpus):
    import json
    from io import StringIO

    from django.core.management import call_command

    first, second = corpus
    draft = ResourceFactory(title="Draft note on UASC registration", status="draft", visibility="staff")
    make_query(subject="UASC registration in Goma")  # queries are not in the default kind
    out = StringIO()
    call_command("search", "UASC", "--json", stdout=out)
    results = json.loads(out.getvalue())
    assert {result["id"] for result in results} == {first.pk, second.pk, draft.pk}
    assert {result["kind"] for result in results} == {"resource"}


def test_results_say_which_languages_a_resource_exists_in(client, corpus):
    first, second = corpus
    from cphelpdesk.library.models import Resource

    Resource.objects.filter(pk=second.pk).update(translation_of=first)
    page = client.get("/resources/", {"q": "interim care unaccompanied"}).content.decode()
    assert "English, Français" in page


def test_resources_in_the_searchers_language_come_first_and_translations_once(client):
    """The language picked for the search words, else the page's, lifts its resources; a translation is listed
    once with its original (which names every language it exists in)."""
    english = ResourceFactory(title="Family tracing toolkit", summary="Family tracing and reunification.",
                              language="en")
    portuguese = ResourceFactory(title="Family tracing toolkit", summary="Family tracing and reunification.",
                                 language="pt", translation_of=english)
    spanish = ResourceFactory(title="Family tracing en Colombia", summary="Family tracing y reunificación.",
                              language="es")

    def titles(**params):
        page = client.get("/resources/", {"q": "family tracing", **params}).content.decode()
        return [resource for resource in (english, spanish) if resource.get_absolute_url() in page], page

    found, page = titles(lang="es")
    assert found and found[0] == spanish
    found, page = titles(lang="en")
    assert found[0] == english
    assert portuguese.get_absolute_url() not in page  # listed once, with its original

"""A coordinator finds guidance in the repository with the browser: an acronym, a facet, the resource page;
a member asking a question sees resources that may already answer it as they type."""

import pytest
from playwright.sync_api import expect

from cphelpdesk.directory.models import Country
from cphelpdesk.taxonomy.models import Topic
from tests.factories import PASSWORD, MemberFactory, ResourceFactory

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def repository(reference_data):
    from cphelpdesk.library.indexing import index

    english = ResourceFactory(title="Interim care for unaccompanied and separated children")
    french = ResourceFactory(title="Prise en charge des enfants non accompagnés et séparés", language="fr",
                             translation_of=english, type="tool")
    for resource in (english, french):
        resource.topics.set([Topic.objects.get(code="THEM.UASC")])
        resource.countries.set([Country.objects.get(iso2="CD")])
        index(resource)
    ResourceFactory(title="Mental health and psychosocial support in schools")
    return english, french


@pytest.mark.usefixtures("repository")
def test_a_visitor_searches_by_acronym_narrows_by_type_and_opens_a_resource(page):
    page.goto("/resources/")
    page.get_by_role("searchbox").fill("UASC")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="2 resources found")).to_be_visible()
    page.get_by_role("checkbox", name="Tool").check()
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="1 resource found")).to_be_visible()
    page.get_by_role("link", name="enfants non accompagnés").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prise en charge")
    expect(page.get_by_role("link", name="English")).to_be_visible()  # the other language version


def test_a_member_sees_resources_that_may_answer_while_typing(page, repository):
    english, _french = repository
    member = MemberFactory()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.goto("/queries/new/")
    page.get_by_label("Subject").fill("Interim care")
    page.get_by_label("Your question").type("How do we organise interim care for separated children?")
    expect(page.locator("#resource-suggestions")).to_contain_text(english.title)


@pytest.mark.usefixtures("repository")
@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_the_first_screen_of_a_search_shows_results_first(page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/resources/")
    box = page.get_by_role("searchbox")
    assert box.bounding_box()["width"] >= min(400, width - 60)  # room for a question's words
    box.fill("UASC")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="2 resources found")).to_be_visible()
    first = page.locator("ol.results > li").first.bounding_box()
    title = page.locator("ol.results > li h3").first.bounding_box()
    assert title["y"] + title["height"] <= height  # the first result's title is on the first screen
    filters = page.get_by_role("complementary", name="Narrow down").bounding_box()
    if width >= 1000:
        assert filters["y"] < height and filters["x"] > first["x"] + first["width"] - 1  # beside the results
    else:
        assert filters["y"] > first["y"]  # after them


"""In a browser: an officer turns a member's thread into a query, answers it and posts the answer back to the
thread, where the community reads it (the member's own joining and posting are the archive's tests)."""

import pytest
from playwright.sync_api import expect

from cphelpdesk.communities import actions
from cphelpdesk.communities.models import Post
from cphelpdesk.directory.models import Desk
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries.models import Query
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.e2e.conftest import answer_in_full, log_in
from tests.factories import MemberFactory, staff_with_mfa

pytestmark = [pytest.mark.e2e]


def test_an_officer_turns_a_thread_into_a_query_and_posts_the_answer_back(contexts, reference_data):
    community = CommunityFactory(slug="coordinators", name="Coordinators' forum")
    member = MemberFactory(full_name="Aminata Traoré")
    SubscriptionFactory(community=community, member=member)
    officer = staff_with_mfa(Role.OFFICER, full_name="Grace Wanjiru")
    Desk.objects.get(code="en").officers.add(officer)
    first = actions.submit_post(actions.Submission(
        community=community, subject="ToR for a sub-national group", via=Post.Via.WEB, author=member,
        author_name=member.full_name, author_email=member.email,
        body="Does anyone have terms of reference for a sub-national working group?"))

    page = log_in(contexts, officer)
    page.goto(f"/communities/coordinators/threads/{first.thread_id}/")
    page.get_by_role("button", name="Turn into a query").click()
    query = Query.objects.get()
    expect(page.get_by_role("heading", name=query.reference)).to_be_visible()
    expect(page.get_by_role("link", name="ToR for a sub-national group")).to_be_visible()  # back to the thread

    answer_in_full(page, "Here is the CP AoR template for sub-national groups, section 2.")
    page.get_by_role("button", name="Post the answer to the thread").click()
    expect(page.get_by_text("The answer is posted to the thread")).to_be_visible()

    page.get_by_role("link", name="ToR for a sub-national group").click()
    expect(page.get_by_text("Here is the CP AoR template for sub-national groups")).to_be_visible()
    expect(page.get_by_text(f"This thread is query {query.reference}.")).to_be_visible()
    assert Post.objects.filter(thread=first.thread, via=Post.Via.HELPDESK).count() == 1

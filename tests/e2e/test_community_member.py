"""In a browser, the whole of issue 15's story: a member joins a community, starts a thread on the web and finds
it in the archive, while the each-post subscribers get it by mail as a list's post; an officer turns the thread
into a query, answers it, and posts the answer back to the thread, where the member reads it. And the member's
part once more with JavaScript off."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from cphelpdesk.communities.models import Community, Subscription
from cphelpdesk.directory.models import Desk
from cphelpdesk.directory.roles import Role
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.e2e.conftest import answer_in_full, log_in
from tests.factories import MemberFactory, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = [pytest.mark.e2e]
SUBJECT = "ToR for a sub-national group"
QUESTION = "Does anyone have terms of reference for a sub-national working group?"
ANSWER = "Here is the CP AoR template for sub-national groups, section 2."


def path_of(link: str) -> str:
    """The path of a link in a mail (the live server's address is not the configured one)."""
    return urlsplit(str(link).strip().strip("<>")).path


def forum() -> Community:
    """The coordinators' forum, open to members, with a reader by each post and one by daily digest."""
    community = CommunityFactory(slug="coordinators", name="Coordinators' forum")
    SubscriptionFactory(community=community, member=MemberFactory(email="reader@example.org"))
    SubscriptionFactory(community=community, member=MemberFactory(email="digest@example.org"),
                        delivery=Subscription.Delivery.DAILY)
    return community


def join_and_start_a_thread(page, *, from_the_community_page: bool = False) -> None:
    """The member's part: join the forum on their subscriptions page (straight, or from the forum's own page),
    then write to it on the web."""
    if from_the_community_page:
        page.goto("/communities/coordinators/")
        expect(page.get_by_role("link", name="Start a thread")).to_have_count(0)  # subscribers only
        page.get_by_role("link", name="Join this community").click()
    else:
        page.goto("/communities/subscriptions/")
    forum_section = page.get_by_role("region", name="Coordinators' forum")
    forum_section.get_by_label("Delivery").select_option(label="Each post")
    forum_section.get_by_role("button", name="Join").click()
    expect(page.get_by_text("You have joined Coordinators' forum.")).to_be_visible()
    forum_section = page.get_by_role("region", name="Coordinators' forum")
    expect(forum_section.get_by_role("button", name="Leave this community")).to_be_visible()

    forum_section.get_by_role("link", name="Coordinators' forum").click()
    expect(page.get_by_role("link", name="Join this community")).to_have_count(0)
    page.get_by_role("link", name="Start a thread").click()
    page.get_by_label("Subject").fill(SUBJECT)
    page.get_by_label("Message").fill(QUESTION)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your post is in the archive and on its way to the subscribers.")).to_be_visible()
    expect(page.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()


def test_a_member_posts_and_the_helpdesk_answers_in_the_thread(contexts, reference_data, inbox):
    community = forum()
    member = MemberFactory(full_name="Aminata Traoré", email="aminata@example.org")
    officer = staff_with_mfa(Role.OFFICER, full_name="Grace Wanjiru")
    Desk.objects.get(code="en").officers.add(officer)

    page = log_in(contexts, member)
    join_and_start_a_thread(page)
    page.get_by_role("link", name="Coordinators' forum").first.click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=SUBJECT))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(1)).to_have_text("1")  # posts in the thread
    row.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_role("article").filter(has_text=QUESTION)).to_contain_text("Aminata Traoré")
    thread_url = page.url

    run_queued_tasks()  # the worker sends the list's copies
    [copy] = inbox.to("reader@example.org")
    assert copy["Subject"] == f"[CP-Coord] {SUBJECT}" and inbox.body(copy).startswith(QUESTION)
    assert copy["List-Id"] == f'"Coordinators\' forum" <{community.list_id}>'
    assert copy["List-Post"] == f"<mailto:{community.list_address}>" and copy["Precedence"] == "list"
    assert copy["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" and "mailto:" in copy["List-Unsubscribe"]
    assert copy["From"].addresses[0].display_name == "Aminata Traoré via Coordinators' forum"
    assert inbox.to("digest@example.org") == []  # the digest reader waits for the digest
    [own] = inbox.to("aminata@example.org")  # her own post comes back, as Mailman does by default
    page.goto(path_of(own["Archived-At"]))  # the mail's link to the post in the archive
    expect(page.get_by_role("article").filter(has_text=QUESTION)).to_be_visible()
    page.goto(path_of(re.search(r"delivery settings: (\S+)", inbox.body(own)).group(1)))  # the footer's link
    expect(page.get_by_role("region", name="Coordinators' forum").get_by_label("Delivery")).to_have_value("each")

    officer_page = log_in(contexts, officer)
    officer_page.goto("/communities/")
    officer_page.get_by_role("link", name="Coordinators' forum").first.click()
    officer_page.get_by_role("link", name=SUBJECT).click()
    officer_page.get_by_role("button", name="Turn into a query").click()
    expect(officer_page.get_by_text("the thread and the query link to each other")).to_be_visible()
    reference = officer_page.get_by_role("heading", level=1).locator(".reference").inner_text()
    assert reference.startswith("CPH-")
    answer_in_full(officer_page, ANSWER)

    officer_page.get_by_role("region", name="Raised from a community thread").get_by_role(
        "link", name=SUBJECT).click()
    expect(officer_page.get_by_text(f"This thread is query {reference}.")).to_be_visible()
    officer_page.get_by_role("complementary", name="The helpdesk").get_by_role(
        "button", name="Post the answer to the thread").click()
    expect(officer_page.get_by_text("The answer is posted to the thread")).to_be_visible()
    expect(officer_page.get_by_role("button", name="Post the answer to the thread")).to_have_count(0)  # once

    page.goto(thread_url)
    answer = page.get_by_role("article").filter(has_text=ANSWER)
    expect(answer).to_contain_text("CP Helpdesk")
    expect(page.get_by_role("article")).to_have_count(2)
    expect(page.get_by_text(f"This thread is query {reference}.")).to_have_count(0)  # for the staff only
    inbox.clear()
    run_queued_tasks()
    [answer_copy] = inbox.to("reader@example.org")
    assert answer_copy["Subject"] == f"[CP-Coord] Re: {SUBJECT}" and inbox.body(answer_copy).startswith(ANSWER)
    assert answer_copy["In-Reply-To"] == copy["Message-ID"] and answer_copy["List-Id"] == copy["List-Id"]


def test_a_member_joins_and_posts_without_javascript(browser, live_server, reference_data, inbox):
    forum()
    member = MemberFactory(full_name="Aminata Traoré", email="aminata@example.org")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    try:
        page = log_in(lambda: context, member)
        join_and_start_a_thread(page, from_the_community_page=True)
        expect(page.get_by_role("article").filter(has_text=QUESTION)).to_contain_text("Aminata Traoré")
        page.get_by_role("link", name="Coordinators' forum").first.click()
        expect(page.get_by_role("row").filter(has=page.get_by_role("link", name=SUBJECT))).to_have_count(1)
    finally:
        context.close()
    run_queued_tasks()
    assert len(inbox.to("reader@example.org")) == 1

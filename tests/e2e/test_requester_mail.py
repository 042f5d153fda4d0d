"""What a newcomer without an account meets (issue 14, points 1, 2 and 8), in a browser with JavaScript off:
a question signed with their own name is acknowledged without a warning, the acknowledgement's link opens
their query without a login, they add information there, and the answer comes in one mail with its rating
link, whose thanks is a page."""

import re

import pytest
from playwright.sync_api import expect

from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.actions import process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Outcome, Query
from tests.factories import staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = [pytest.mark.e2e]
ADDRESS = "maria.lopez@savethechildren.example"
SIGNED = (f"From: Maria Lopez <{ADDRESS}>\nTo: helpdesk@cphelpdesk.localhost\nSubject: Case management in camps\n"
          "Content-Type: text/plain; charset=utf-8\n\nDear helpdesk team,\n\nCould you share guidance on case "
          "management for unaccompanied children in camps?\n\nBest regards,\nMaria Lopez\n"
          "Child Protection Coordinator, Save the Children\nTel: +57 310 555 0142\n")


def path_in(inbox, message, pattern: str) -> str:
    return re.search(rf"http://[^\s]+({pattern})", inbox.body(message)).group(1)


def test_a_signed_newcomer_follows_their_question_from_the_mail(browser, live_server, reference_data, inbox):
    process_safely(store_inbound(raw=SIGNED.encode(), channel=InboundMessage.Channel.SMTP))
    run_queued_tasks()
    query = Query.objects.get()
    [acknowledgement] = inbox.to(ADDRESS)
    assert "P.S." not in inbox.body(acknowledgement)  # signing with one's own name is no personal data
    officer = staff_with_mfa(Role.OFFICER)
    actions.reply(actor=officer, query=query, body="Here is the inter-agency guidance on case management.")
    run_queued_tasks()

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(path_in(inbox, acknowledgement, r"/queries/CPH-[^\s]+/follow/[^\s]+/"))
    expect(page.get_by_text("Here is the inter-agency guidance on case management.")).to_be_visible()
    expect(page.get_by_role("link", name="Create an account")).to_be_visible()
    page.get_by_role("textbox", name="Add information or reply").fill("We work in three camps near the border.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("your message has reached the helpdesk")
    assert query.messages.filter(body="We work in three camps near the border.").exists()

    actions.mark_answered(actor=officer, query=query, outcome=Outcome.FULL)
    run_queued_tasks()
    mails = inbox.to(ADDRESS)
    assert len(mails) == 3  # acknowledgement, reply, answer with its rating link
    page.goto(path_in(inbox, mails[-1], r"/feedback/[^\s]+/"))
    for legend in ("Appropriateness", "Timeliness", "Quality"):
        page.get_by_role("group", name=legend).get_by_label("9", exact=True).check()
    page.get_by_role("button", name=re.compile("rating", re.I)).click()
    expect(page.get_by_role("status")).to_contain_text("your rating is saved")
    run_queued_tasks()
    assert len(inbox.to(ADDRESS)) == 3  # the thanks is this page, not a mail
    context.close()

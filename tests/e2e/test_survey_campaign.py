"""A manager creates the coordination-group survey from the template, checks the audience count and opens it;
a coordinator answers from the mailed link without logging in; the link then says it was used."""

import re

import pytest
from playwright.sync_api import expect

from cphelpdesk.directory.models import Country
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.models import OutboundMessage
from cphelpdesk.surveys.models import Answer, Response
from tests.e2e.conftest import log_in
from tests.factories import MemberFactory, staff_with_mfa

pytestmark = [pytest.mark.e2e]


def test_a_survey_from_template_to_answer(contexts, reference_data):
    coordinator = MemberFactory(country=Country.objects.get(iso2="ML"), position="CP AoR coordinator")
    MemberFactory(country=Country.objects.get(iso2="ML"), position="Case worker")
    page = log_in(contexts, staff_with_mfa(Role.MANAGER))
    page.get_by_role("link", name="Survey campaigns").click()
    page.get_by_role("button", name="Create the survey from this template").click()
    expect(page.locator("main")).to_contain_text("Who leads the coordination group?")
    page.get_by_role("link", name="Audience and sending").first.click()
    expect(page.locator("main")).to_contain_text("1 member matches this audience.")
    page.get_by_role("button", name="Open the survey and invite 1 member").click()
    expect(page.locator("main")).to_contain_text("The survey is open: 1 invitation is on its way.")

    mail = OutboundMessage.objects.get(template="surveys/email/survey_invitation")
    assert mail.to == [coordinator.email]
    path = re.search(r"http://[^\s]+(/survey/[^\s]+/)", mail.body).group(1)
    respondent = contexts().new_page()
    respondent.goto(path)
    for question, choice in (("Who leads the coordination group?", "Government-led"),
                             ("Who co-leads it?", "UN agency co-lead"),
                             ("Is the coordinator dedicated or double-hatting?", "Vacant")):
        respondent.get_by_role("group", name=question).get_by_label(choice).check()
    respondent.get_by_role("button", name="Send my answers").click()
    # One required question left: the page says so and keeps the answers given.
    expect(respondent.locator(".errorlist").first).to_contain_text("This field is required")
    expect(respondent.get_by_label("Government-led")).to_be_checked()
    respondent.get_by_role("group", name="Is the information management officer (IMO) dedicated or double-hatting?") \
        .get_by_label("Double-hatting (also holds a programme role)").check()
    respondent.get_by_label("How many member organisations are UN agencies?").fill("4")
    respondent.get_by_role("group", name="Quality: how good were the answers?").get_by_label("9", exact=True).check()
    respondent.get_by_role("button", name="Send my answers").click()
    expect(respondent.locator("main")).to_contain_text("are saved")
    assert Response.objects.count() == 1 and Answer.objects.count() == 6
    respondent.goto(path)
    expect(respondent.locator("main")).to_contain_text("already answered")

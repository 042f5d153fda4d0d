"""Learning in a browser, through the real pages: a member enrols in a pathway, reads a module (and downloads it
for offline reading), passes its quiz, registers for the live session; the facilitator marks attendance; the
member downloads the certificate, and a visitor verifies its code. And a quiz answered with JavaScript off."""

import io
import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from cphelpdesk.learning import certificates
from cphelpdesk.learning.actions import enrolment as enrolling
from cphelpdesk.learning.models import Certificate, Enrolment, LiveSession, SessionRegistration, Step
from tests.e2e.conftest import log_in
from tests.factories import MemberFactory
from tests.learning.factories import LiveSessionFactory, ModulePageFactory, PathwayFactory, StepFactory, make_quiz

pytestmark = [pytest.mark.e2e]
CODE = re.compile(r"Verification code: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9])")


def _module(pathway, **quiz):
    """The pathway's first step: a module of two pages with a quiz (right: "Lead"; "A" and "B")."""
    module = StepFactory(pathway=pathway, title="The standards in a response", order=1)
    ModulePageFactory(step=module, order=1, title="Why standards matter",
                      body="<p>The CPMS set what good child protection work looks like.</p>")
    ModulePageFactory(step=module, order=2, title="Standard 3: coordination",
                      body="<p>Coordination brings partners together around shared priorities.</p>")
    make_quiz(module, **quiz)
    return module


@pytest.fixture
def cpms(reference_data):
    """"CPMS in practice": the module, then a live session (after the module) run by its facilitator."""
    pathway = PathwayFactory(slug="cpms-in-practice", title="CPMS in practice")
    module = _module(pathway)
    webinar = StepFactory(pathway=pathway, title="Webinar: applying the CPMS", order=2,
                          kind=Step.Kind.LIVE_SESSION)
    webinar.prerequisites.add(module)
    facilitator = MemberFactory(full_name="Lucía Fernández")
    session = LiveSessionFactory(step=webinar, facilitator=facilitator, capacity=2, time_zone="Africa/Dakar")
    return pathway, session


def _pdf(download) -> tuple[bytes, str]:
    """A downloaded PDF's bytes and its text."""
    with open(download.path(), "rb") as downloaded:
        data = downloaded.read()
    assert data.startswith(b"%PDF")
    return data, "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_member_earns_a_certificate_that_a_visitor_verifies(contexts, cpms):
    pathway, session = cpms
    member = MemberFactory(full_name="Aminata Traoré")

    # The member finds the pathway and enrols.
    page = member_page = log_in(contexts, member)
    page.get_by_role("link", name="Learning", exact=True).click()
    page.get_by_role("link", name="CPMS in practice").click()
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.get_by_text("You are enrolled. Start with the first step.")).to_be_visible()
    expect(page.get_by_text("Webinar: applying the CPMS")).to_be_visible()
    expect(page.get_by_role("link", name="Webinar: applying the CPMS")).to_have_count(0)  # after the module

    # Reads the module's pages, and downloads it for offline reading.
    page.get_by_role("link", name="The standards in a response").click()
    page.get_by_role("link", name="Why standards matter").click()
    expect(page.get_by_role("heading", name="Why standards matter")).to_be_visible()
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text("Coordination brings partners together")).to_be_visible()
    page.get_by_role("link", name="Back to the step").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this module for offline reading (PDF)").click()
    _data, text = _pdf(download.value)
    assert "Why standards matter" in text and "Standard 3: coordination" in text

    # Passes the quiz.
    page.get_by_role("link", name="Take the quiz").click()
    _answer_the_quiz_right(page)

    # Registers for the session, open now that the module is done.
    page.get_by_role("link", name="CPMS in practice").click()
    page.get_by_role("link", name="Webinar: applying the CPMS").click()
    expect(page.get_by_role("listitem").filter(has_text="(Africa/Dakar)")).to_contain_text("0 of 2 places taken")
    page.get_by_role("link", name="(Africa/Dakar)").click()
    expect(page.get_by_text("Lucía Fernández")).to_be_visible()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You have a place.").first).to_be_visible()
    expect(page.get_by_text("1 of 2 taken")).to_be_visible()
    expect(page.get_by_role("link", name=session.link)).to_be_visible()

    # The day comes: the session starts (attendance is marked once it has), and the facilitator marks the member.
    LiveSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    page = log_in(contexts, session.facilitator)
    page.get_by_role("link", name="Learning", exact=True).click()
    page.get_by_role("link", name="Facilitation").click()
    page.get_by_role("link", name="(Africa/Dakar)").click()
    page.get_by_role("row").filter(has_text="Aminata Traoré").get_by_role("button", name="Attended").click()
    expect(page.get_by_text("Attendance recorded.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Aminata Traoré")).to_contain_text("Attended")
    registration = SessionRegistration.objects.get(session=session, member=member)
    assert registration.status == SessionRegistration.Status.ATTENDED

    # The pathway is complete: the member downloads the certificate from their learning pages.
    page = member_page
    page.get_by_role("link", name="Learning", exact=True).click()
    page.get_by_role("link", name="My learning").click()
    expect(page.get_by_role("row").filter(has_text="CPMS in practice")).to_contain_text("2 / 2")
    page.get_by_role("link", name="CPMS in practice").click()
    expect(page.get_by_text("You completed this pathway.")).to_be_visible()
    page.get_by_role("link", name="Your certificate").click()
    expect(page.get_by_role("heading", name="My certificates")).to_be_visible()
    certificate = Certificate.objects.get(enrolment__member=member, enrolment__pathway=pathway)
    assert certificate.enrolment.status == Enrolment.Status.COMPLETED
    row = page.get_by_role("row").filter(has_text="CPMS in practice")
    expect(row).to_contain_text(certificates.display_code(certificate.code))
    with page.expect_download() as download:
        row.get_by_role("link", name="Certificate (PDF)").click()
    _data, text = _pdf(download.value)
    assert "Aminata Traoré" in text and "CPMS in practice" in text
    code = CODE.search(text).group(1)
    assert code == certificates.display_code(certificate.code)
    expect(page.get_by_role("link", name="Verify a certificate")).to_be_visible()

    # A visitor (not signed in) checks the code at the address printed on the certificate.
    verify_at = urlparse(re.search(r"Check this certificate at (\S+)", text).group(1)).path
    page = contexts().new_page()
    page.goto(verify_at)
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.get_by_label("Verification code").fill(code)
    page.get_by_role("button", name="Verify").click()
    result = page.get_by_role("status")
    expect(result.get_by_role("heading")).to_have_text(f"Certificate {code} is valid")
    expect(result.locator("dt")).to_have_text(["Name", "Learning pathway", "Issued on"])
    expect(result.locator("dd")).to_have_text(["Aminata Traoré", "CPMS in practice", re.compile(r"\d{4}")])
    expect(result.locator("time")).to_have_attribute("datetime", certificate.issued_at.strftime("%Y-%m-%d"))
    for private in (member.email, member.organisation.name, "Webinar", "100%"):
        assert private not in page.locator("main").inner_text()

    # A forged code (well formed, never issued) and a tampered one are refused.
    forged = certificates.display_code(certificates.new_code())
    page.get_by_label("Verification code").fill(forged)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text(f"No certificate has the code {forged}")
    expect(page.get_by_role("status")).to_have_count(0)
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    page.get_by_label("Verification code").fill(tampered)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{tampered} is not a valid certificate code")
    expect(page.get_by_text("Aminata Traoré")).to_have_count(0)


@pytest.fixture
def without_javascript(browser, live_server):
    """A browser that runs no script, as on a locked-down office computer."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", java_script_enabled=False)
    yield lambda: context
    context.close()


def test_a_quiz_works_without_javascript(without_javascript, reference_data):
    pathway = PathwayFactory(slug="new-coordinator", title="New CP coordinator")
    module = _module(pathway, pass_mark=100, max_attempts=2)
    member = MemberFactory()
    enrolling.enrol(actor=member, member=member, pathway=pathway)

    page = log_in(without_javascript, member)
    page.goto(module.get_absolute_url())
    page.get_by_role("link", name="Take the quiz").click()
    page.get_by_role("group", name="Who leads a CP AoR?").get_by_label("Lead").check()
    page.get_by_role("group", name="Which are CPMS standards?").get_by_label("A", exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("status")).to_have_text("You scored 50%; the pass mark is 100%.")

    page.get_by_role("link", name="Try again (1 attempt left)").click()
    expect(page.get_by_text("Your attempts: 50%")).to_be_visible()
    _answer_the_quiz_right(page)


def _answer_the_quiz_right(page):
    """Answers the demo pathway's quiz as the module teaches, and sees the step done."""
    page.get_by_role("group", name="Who leads a CP AoR?").get_by_label("Lead").check()
    standards = page.get_by_role("group", name="Which are CPMS standards?")
    standards.get_by_label("A", exact=True).check()
    standards.get_by_label("B", exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("status")).to_have_text("You scored 100%: passed. The step is done.")

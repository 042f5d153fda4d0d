"""The whole path in a browser: a member asks with a file, an officer triages and assigns, an expert
replies with a file, the officer marks it answered in full, the member reads the answer and the file."""


import pytest
from playwright.sync_api import expect

from cphelpdesk.directory.models import Desk
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries.models import Outcome, Query, Status
from tests.e2e.conftest import log_in, mark_answered_in_full
from tests.factories import MemberFactory, staff_with_mfa

pytestmark = [pytest.mark.e2e]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_from_question_to_answer(contexts, reference_data, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    member = MemberFactory(full_name="Aminata Traoré")
    officer = staff_with_mfa(Role.OFFICER, full_name="Grace Wanjiru")
    expert = staff_with_mfa(Role.EXPERT, full_name="Lucía Fernández")
    Desk.objects.get(code="en").officers.add(officer)
    question_file = tmp_path / "our-draft-ToR.pdf"
    question_file.write_bytes(PDF)
    answer_file = tmp_path / "ToR-template.pdf"
    answer_file.write_bytes(PDF)

    # The member asks, with a file.
    page = member_page = log_in(contexts, member)
    page.get_by_role("link", name="Ask a question").click()
    page.get_by_label("Subject").fill("ToR for a sub-national group")
    page.get_by_label("Your question").fill("Could you review our draft terms of reference?")
    page.get_by_label("Language of the answer").select_option("en")
    page.get_by_label("Attach files").set_input_files(str(question_file))
    page.get_by_label("I confirm that my question contains no name").check()
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_role("heading", name="Question received")).to_be_visible()
    query = Query.objects.get()
    assert query.reference in page.content()

    # The officer triages and assigns the expert.
    page = officer_page = log_in(contexts, officer)
    page.goto(f"/queries/{query.reference}/")
    page.get_by_text("Triage", exact=True).click()
    page.get_by_role("group", name="Coordination and group formation").get_by_label("In general").check()
    page.get_by_label("Urgency").select_option("urgent")
    page.locator("details").filter(has_text="Triage").get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.get_by_label("Assign to").select_option(label=f"{expert} — 0 open queries")  # grouped under experts
    page.get_by_label("Role on the query").select_option("expert")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Assigned.", exact=True)).to_be_visible()

    # The expert replies with a file.
    page = log_in(contexts, expert)
    page.goto(f"/queries/{query.reference}/")
    reply = page.locator("#reply-heading + form")
    reply.get_by_label("Message").fill("Here is a template; your draft is good, add a workplan.")
    reply.get_by_label("Attach files").set_input_files(str(answer_file))
    reply.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Sent.", exact=True)).to_be_visible()

    # The officer marks it answered in full.
    page = officer_page
    page.goto(f"/queries/{query.reference}/")
    mark_answered_in_full(page)
    query.refresh_from_db()
    assert (query.status, query.outcome, query.sla_class) == (Status.ANSWERED, Outcome.FULL, "urgent")

    # The member reads the answer and downloads the expert's file.
    page = member_page
    page.goto("/queries/mine/")
    page.get_by_role("link", name=query.subject).click()  # the subject is the link, as people look for it
    expect(page.get_by_text("your draft is good")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="ToR-template.pdf").click()
    assert download.value.suggested_filename == "ToR-template.pdf"
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read() == PDF

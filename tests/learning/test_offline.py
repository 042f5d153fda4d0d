"""A module downloads as one PDF for offline reading, in the reader's language (Arabic shaped), for whoever may
read the module's pages."""

import io
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cphelpdesk.directory.models import Approval
from cphelpdesk.directory.roles import Role
from cphelpdesk.learning.models import Enrolment, ModulePageTranslation, StepProgress, StepTranslation
from cphelpdesk.learning.offline import page_blocks
from tests.factories import MemberFactory, ResourceFactory, staff_with_mfa
from tests.learning.helpers import module, pathway

pytestmark = pytest.mark.django_db

PAGES = [("What coordination is for", "<h2>Partners</h2><p>Coordination brings partners together.</p>"
          "<ul><li>Shared priorities</li><li>No gaps, no duplication</li></ul>"
          '<p>See <a href="https://cpaor.net">the CP AoR</a>.</p>'),
         ("The 4W", "<ol><li>Who</li><li>does What</li></ol><table><tr><th>Who</th><th>Where</th></tr>"
                    "<tr><td>UNICEF</td><td>Mopti</td></tr></table>")]


def text_of(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))


def url(step):
    return reverse("learning_documents:module_pdf", args=[step.pathway.slug, step.pk])


def enrolled(step, **fields):
    member = MemberFactory(**fields)
    Enrolment.objects.create(member=member, pathway=step.pathway)
    return member


def test_the_module_is_one_pdf_with_every_page(client):
    step = module(None, *PAGES)
    client.force_login(enrolled(step))
    response = client.get(url(step))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response)
    for expected in ("Coordination basics", "What coordination is for", "Partners", "Shared priorities",
                     "No gaps, no duplication", "https://cpaor.net", "The 4W", "1.", "UNICEF | Mopti"):
        assert expected in text
    assert text.index("What coordination is for") < text.index("The 4W")


def test_cited_resources_are_listed_with_their_addresses(client):
    step = module(None, *PAGES[:1])
    resource = ResourceFactory(title="CPMS standard 1")
    step.pages.first().resources.add(resource)
    client.force_login(enrolled(step))
    text = text_of(client.get(url(step)))
    assert "CPMS standard 1" in text and f"/resources/{resource.pk}/" in text


def test_the_module_in_arabic_is_shaped(client):
    step = module(None, *PAGES[:1])
    StepTranslation.objects.create(step=step, language="ar", title="أساسيات التنسيق")
    ModulePageTranslation.objects.create(page=step.pages.first(), language="ar", title="ما الغرض من التنسيق",
                                         body="<p>يجمع التنسيق الشركاء حول أولويات مشتركة.</p>")
    client.force_login(enrolled(step, preferred_language="ar"))
    response = client.get(url(step))  # in the member's preferred language
    raw = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = unicodedata.normalize("NFKC", raw)
    assert "أساسيات التنسيق" in text and "الشركاء" in text
    assert any("\ufe70" <= char <= "\ufeff" for char in raw)  # joined forms: shaped


def test_blocks_of_a_page():
    assert page_blocks("<p>One<br>two</p><ul><li>a</li></ul>") == [("p", "One two", ""), ("li", "a", "•")]


@pytest.mark.parametrize(("who", "expected"), [
    ("enrolled", 200), ("completed", 200), ("not enrolled", 404), ("withdrawn", 404), ("waiting", 404),
    ("pending member", 404), ("officer", 200), ("manager", 200), ("facilitator", 200),
])
def test_who_downloads_a_module(client, who, expected):
    step = module(None, *PAGES[:1])
    status = {"completed": Enrolment.Status.COMPLETED, "withdrawn": Enrolment.Status.WITHDRAWN}.get(
        who, Enrolment.Status.ACTIVE)
    if who in {"enrolled", "completed", "withdrawn", "waiting"}:
        user = MemberFactory()
        Enrolment.objects.create(member=user, pathway=step.pathway, status=status)
        if who == "waiting":  # the module comes after a step not done yet
            first = module(step.pathway, title="First steps")
            step.prerequisites.add(first)
    elif who == "pending member":
        user = MemberFactory(approval=Approval.PENDING)
    elif who in {"officer", "manager"}:
        user = staff_with_mfa(Role.OFFICER if who == "officer" else Role.MANAGER)
    elif who == "facilitator":
        user = MemberFactory()
        step.pathway.facilitators.add(user)
    else:
        user = MemberFactory()
    client.force_login(user)
    assert client.get(url(step)).status_code == expected


def test_prerequisites_done_open_the_module(client):
    step = module(None, *PAGES[:1])
    first = module(step.pathway, title="First steps")
    step.prerequisites.add(first)
    member = enrolled(step)
    client.force_login(member)
    assert client.get(url(step)).status_code == 404
    StepProgress.objects.create(enrolment=member.enrolments.get(), step=first, status=StepProgress.Status.DONE)
    assert client.get(url(step)).status_code == 200


def test_drafts_only_for_officers_and_visitors_log_in(client):
    draft = module(pathway(is_published=False), *PAGES[:1])
    member = enrolled(draft)
    client.force_login(member)
    assert client.get(url(draft)).status_code == 404
    client.force_login(staff_with_mfa(Role.OFFICER))
    assert client.get(url(draft)).status_code == 200
    client.logout()
    assert client.get(url(draft)).status_code == 302


def test_only_modules_download(client):
    step = module(None, *PAGES[:1])
    step.kind = "assignment"
    step.save()
    client.force_login(staff_with_mfa(Role.OFFICER))
    assert client.get(url(step)).status_code == 404

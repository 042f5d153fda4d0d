"""The "possible personal data" panel shows only what the reader may open (issue #11, point 4): findings
follow the visibility of the message or file they were found in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country, FocalPoint
from cphelpdesk.directory.roles import Role
from cphelpdesk.privacy import intake
from cphelpdesk.queries import actions
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import Attachment, Query
from cphelpdesk.queries.selectors import open_findings
from tests.factories import make_query, staff_with_mfa

pytestmark = pytest.mark.django_db
STRICT = Sensitivity.STRICTLY_CONFIDENTIAL
HIDDEN_NOTE = "Mariam Koné, 12 years old, her mother's phone is +223 76 54 32 10."
HIDDEN_FILE = "Dossier Fatoumata.pdf"
FILE_TEXT = "Fatoumata Sidibé, 10 years old, Sévaré camp."
VISIBLE_NOTE = "Call the coordinator back on +223 66 11 22 33."


@pytest.fixture
def setting(settings, tmp_path):
    """A confidential query from Mali holding a strictly confidential note and a strictly confidential file,
    seen by the region's focal point (up to confidential) and by the desk's manager (everything)."""
    settings.MEDIA_ROOT = tmp_path
    manager, focal_point = staff_with_mfa(Role.MANAGER), staff_with_mfa(Role.FOCAL_POINT)
    FocalPoint.objects.create(member=focal_point, region=Country.objects.get(iso2="ML").region)
    query = make_query(country=Country.objects.get(iso2="ML"), language="fr", subject="Orientation",
                       question="Quels services existent à Mopti ?")
    Query.objects.filter(pk=query.pk).update(sensitivity=Sensitivity.CONFIDENTIAL)
    query.refresh_from_db()
    hidden = actions.reply(actor=manager, query=query, body=HIDDEN_NOTE, internal=True, sensitivity=STRICT)
    visible = actions.reply(actor=manager, query=query, body=VISIBLE_NOTE, internal=True,
                            sensitivity=Sensitivity.CONFIDENTIAL,
                            attachments=[SimpleUploadedFile(HIDDEN_FILE, b"%PDF-1.4 x", "application/pdf")])
    attachment = visible.attachments.get()
    Attachment.objects.filter(pk=attachment.pk).update(sensitivity=STRICT)
    intake.scan_message(hidden)
    intake.scan_message(visible)
    intake.scan_attachment(attachment, FILE_TEXT)
    return {"query": query, "manager": manager, "focal_point": focal_point}


def panel(client, person, query) -> str:
    client.force_login(person)
    page = client.get(f"/queries/{query.reference}/")
    assert page.status_code == 200
    return page.content.decode()


def test_the_focal_point_sees_no_finding_from_what_is_hidden_from_them(client, setting):
    query = setting["query"]
    assert set(query.personal_data_findings.values_list("text", flat=True)) == {
        "Mariam Koné, 12 years old", "+223 76 54 32 10", "Fatoumata Sidibé, 10 years old", "+223 66 11 22 33"}
    page = panel(client, setting["focal_point"], query)
    assert "Possible personal data" in page and "+223 66 11 22 33" in page  # what they can open is listed
    for hidden in ("Mariam", "+223 76 54 32 10", "Fatoumata", HIDDEN_FILE):
        assert hidden not in page, hidden
    shown = {finding.text for finding in open_findings(query_access(setting["focal_point"], query), query)}
    assert shown and not any("Mariam" in text or "Fatoumata" in text for text in shown)


def test_whoever_may_open_the_message_and_file_sees_their_findings(client, setting):
    page = panel(client, setting["manager"], setting["query"])
    for found in ("Mariam Koné", "+223 76 54 32 10", "Fatoumata Sidibé", HIDDEN_FILE, "+223 66 11 22 33"):
        assert found in page, found


def test_the_api_lists_only_the_findings_the_reader_may_see(setting):
    query = setting["query"]
    everything = open_findings(query_access(setting["manager"], query), query).count()
    for_focal_point = open_findings(query_access(setting["focal_point"], query), query)
    assert 0 < for_focal_point.count() < everything
    assert not for_focal_point.filter(attachment__isnull=False).exists()

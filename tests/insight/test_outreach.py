"""The outreach list and log: countries the service is not reaching, their last query and last contact."""

import datetime

import pytest
from django.utils import timezone

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.models import CoordinationGroup, Country, OutreachContact
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries.models import Query
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_and_active():
    silent, active = Country.objects.get(iso2="NE"), Country.objects.get(iso2="ML")
    for country in (silent, active):
        CoordinationGroup.objects.create(country=country, name=f"CP AoR {country.iso2}", level="national",
                                         is_active=True)
    old = make_query(country=silent)
    Query.objects.filter(pk=old.pk).update(received_at=timezone.now() - datetime.timedelta(days=300))
    make_query(country=active)
    return silent, active


def test_officers_see_silent_countries_and_log_a_contact(client, silent_and_active):
    silent, active = silent_and_active
    officer = staff_with_mfa(Role.OFFICER)
    client.force_login(officer)
    page = client.get("/insight/outreach/").content.decode()
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert silent.name in table and active.name not in table and "none yet" in table
    response = client.post("/insight/outreach/", {"country": silent.pk, "contacted_on": "2026-11-20",
                                                  "channel": "call", "outcome": "Co-lead will share questions."})
    assert response.status_code == 302
    contact = OutreachContact.objects.get()
    assert contact.by == officer and contact.country == silent
    assert "Co-lead will share questions." in client.get("/insight/outreach/").content.decode()
    assert AuditEntry.objects.filter(action="outreach.recorded", actor=officer).exists()


def test_a_contact_needs_an_outcome(client, silent_and_active):
    silent, _active = silent_and_active
    client.force_login(staff_with_mfa(Role.MANAGER))
    response = client.post("/insight/outreach/", {"country": silent.pk, "contacted_on": "2026-11-20",
                                                  "channel": "call", "outcome": " "})
    assert response.status_code == 200 and not OutreachContact.objects.exists()


@pytest.mark.parametrize("role", ["member", Role.EXPERT, Role.ADMINISTRATOR])
def test_others_are_refused(client, role):
    client.force_login(MemberFactory() if role == "member" else staff_with_mfa(role))
    assert client.get("/insight/outreach/").status_code == 403

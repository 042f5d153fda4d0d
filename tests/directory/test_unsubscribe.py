"""Optional notifications carry List-Unsubscribe (RFC 2369/8058); the link works without logging in."""

import re

import pytest

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.models import Country, FocalPoint, Region
from cphelpdesk.directory.roles import Role
from cphelpdesk.taxonomy.models import Topic
from tests.factories import make_query, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


def coordination_request():
    return make_query(country=Country.objects.get(iso2="ML"), topics=[Topic.objects.get(code="COORD.TOR")])


@pytest.fixture
def focal_point():
    member = staff_with_mfa(Role.FOCAL_POINT)
    FocalPoint.objects.create(member=member, region=Region.objects.get(code="wca"))
    return member


def alert_link(inbox, focal_point, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        coordination_request()
    run_queued_tasks()
    [alert] = inbox.to(focal_point.email)
    header = alert["List-Unsubscribe"].strip()
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<https?://[^/]+(/[^>]+)>", header).group(1)
    assert url in inbox.body(alert)  # the same link, readable in the text
    return url


def test_one_click_unsubscribe_stops_focal_point_alerts(client, inbox, focal_point,
                                                        django_capture_on_commit_callbacks):
    url = alert_link(inbox, focal_point, django_capture_on_commit_callbacks)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # what a mail client sends, no session
    assert response.status_code == 200
    focal_point.refresh_from_db()
    assert focal_point.muted_notifications == ["focal_point_alerts"]
    assert AuditEntry.objects.filter(action="member.unsubscribed").exists()
    inbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordination_request()
    run_queued_tasks()
    assert inbox.to(focal_point.email) == []


def test_opening_the_link_only_asks(client, inbox, focal_point, django_capture_on_commit_callbacks):
    """Link scanners follow every URL in a mail: a GET must change nothing."""
    url = alert_link(inbox, focal_point, django_capture_on_commit_callbacks)
    page = client.get(url)
    assert page.status_code == 200 and "Unsubscribe" in page.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.muted_notifications == []


def test_subscribing_again(client, inbox, focal_point, django_capture_on_commit_callbacks):
    url = alert_link(inbox, focal_point, django_capture_on_commit_callbacks)
    client.post(url)
    page = client.post(url, {"subscribe": "1"})
    assert "again" in page.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.muted_notifications == []


def test_a_tampered_link_is_refused_clearly(client, inbox, focal_point, django_capture_on_commit_callbacks):
    url = alert_link(inbox, focal_point, django_capture_on_commit_callbacks)
    tampered = url.replace(url.rstrip("/").rsplit("/", 1)[1][:6], "AAAAAA")
    response = client.post(tampered)
    assert response.status_code == 400 and "not valid" in response.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.muted_notifications == []


def test_mail_about_a_members_own_query_has_no_unsubscribe(inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        query = make_query()
    run_queued_tasks()
    [acknowledgement] = inbox.to(query.requester_email)
    assert acknowledgement["List-Unsubscribe"] is None

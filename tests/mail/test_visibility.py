"""Who looks after which inbound mail (issue #11, point 2): a message follows the visibility of its
query; mail of no query is for the officers of the desk it was addressed to, and managers."""

from pathlib import Path

import pytest

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country, Desk
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.actions import process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Query
from cphelpdesk.queries.threading import reply_address
from tests.factories import MemberFactory, make_query, staff_with_mfa
from tests.helpers import authenticated

pytestmark = pytest.mark.django_db
CHILD = "Amina Diallo, 9 years old"


def deliver(raw: str, to: str) -> InboundMessage:
    inbound = store_inbound(raw=raw.encode(), channel=InboundMessage.Channel.PIPE, envelope_to=[to])
    process_safely(inbound)
    inbound.refresh_from_db()
    return inbound


@pytest.fixture
def cast():
    """Officers of the French desk (where a query from Mali goes), of the English desk and of the global
    desk, an officer of no desk, a manager and the other staff roles."""
    people = {"fr_officer": staff_with_mfa(Role.OFFICER), "en_officer": staff_with_mfa(Role.OFFICER),
              "global_officer": staff_with_mfa(Role.OFFICER), "deskless_officer": staff_with_mfa(Role.OFFICER),
              "manager": staff_with_mfa(Role.MANAGER), "expert": staff_with_mfa(Role.EXPERT),
              "focal_point": staff_with_mfa(Role.FOCAL_POINT), "administrator": staff_with_mfa(Role.ADMINISTRATOR),
              "member": MemberFactory()}
    Desk.objects.get(code="fr").officers.add(people["fr_officer"])
    Desk.objects.get(code="en").officers.add(people["en_officer"])
    Desk.objects.get(code="global").officers.add(people["global_officer"])
    return people


def strict_query_with_mail(sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL):
    """A query of the French desk whose requester's mail names a child."""
    query = make_query(country=Country.objects.get(iso2="ML"), language="fr", subject="Prise en charge")
    assert query.desk.code == "fr"
    Query.objects.filter(pk=query.pk).update(sensitivity=sensitivity)
    # The requester's own mail, proven by our MTA (mail.authentication), so that it joins their query.
    inbound = deliver(authenticated(f"From: {query.requester_email}\nTo: {reply_address(query.reference)}\n"
                                    f"Subject: Suivi urgent\nMessage-ID: <child@ngo.example>\n\n"
                                    f"Le cas de {CHILD}.\n"), to=reply_address(query.reference))
    assert inbound.query_id == query.pk
    return query, inbound


def looks_after(client, person, inbound, status="processed") -> dict[str, int | bool]:
    client.force_login(person)
    listing = client.get("/staff/mail/", {"status": status})
    return {"listed": listing.status_code == 200 and f"/staff/mail/{inbound.pk}/raw/" in listing.content.decode(),
            "raw": client.get(f"/staff/mail/{inbound.pk}/raw/").status_code}


SEES_STRICT = {"fr_officer": True, "manager": True, "en_officer": False, "global_officer": False,
               "deskless_officer": False}


def test_the_mail_of_a_strictly_confidential_query_follows_the_query(client, cast):
    query, inbound = strict_query_with_mail()
    for name, sees in SEES_STRICT.items():
        seen = looks_after(client, cast[name], inbound)
        assert seen == {"listed": sees, "raw": 200 if sees else 404}, name
        if not sees:  # the raw download would have handed over the child's name
            assert CHILD.encode() not in client.get(f"/staff/mail/{inbound.pk}/raw/").content
    # Assigning an officer of another desk opens the query, and its mail, to them.
    actions.assign(actor=cast["manager"], query=query, member=cast["en_officer"], role="officer")
    assert looks_after(client, cast["en_officer"], inbound) == {"listed": True, "raw": 200}


def test_the_mail_of_an_ordinary_query_is_seen_by_every_officer(client, cast):
    _query, inbound = strict_query_with_mail(Sensitivity.CONFIDENTIAL)
    for name in SEES_STRICT:
        assert looks_after(client, cast[name], inbound) == {"listed": True, "raw": 200}, name


def test_reprocessing_is_refused_to_whoever_may_not_see_the_mail(client, cast):
    query, _inbound = strict_query_with_mail()
    # A reply on the query's thread whose sender cannot be trusted: quarantined, addressed to its query's desk.
    quarantined = deliver(f"From: a@x.example)<b@evil.example>\nTo: {reply_address(query.reference)}\n"
                          f"Subject: Re: Suivi\n\n> Le cas de {CHILD}.\n", to=reply_address(query.reference))
    assert quarantined.status == InboundMessage.Status.QUARANTINED and quarantined.desk.code == "fr"
    for name, sees in SEES_STRICT.items():
        assert looks_after(client, cast[name], quarantined, "quarantined") == {
            "listed": sees, "raw": 200 if sees else 404}, name
    client.force_login(cast["en_officer"])
    assert client.post(f"/staff/mail/{quarantined.pk}/reprocess/").status_code == 404
    quarantined.refresh_from_db()
    assert quarantined.status == InboundMessage.Status.QUARANTINED
    client.force_login(cast["fr_officer"])
    assert client.post(f"/staff/mail/{quarantined.pk}/reprocess/").status_code == 302
    quarantined.refresh_from_db()
    assert quarantined.status == InboundMessage.Status.RECEIVED


def test_quarantined_mail_of_no_query_is_for_the_desk_it_was_addressed_to(client, cast):
    Desk.objects.filter(code="fr").update(email="francais@cphelpdesk.localhost")
    to_desk = deliver("From: a@x.example)<b@evil.example>\nTo: francais@cphelpdesk.localhost\nSubject: Aide\n\n"
                      "Bonjour\n", to="francais@cphelpdesk.localhost")
    to_helpdesk = deliver("From: a@x.example)<b@evil.example>\nTo: helpdesk@cphelpdesk.localhost\nSubject: Help\n\n"
                          "Hello\n", to="helpdesk@cphelpdesk.localhost")
    assert to_desk.query is None and to_desk.desk.code == "fr"
    assert to_helpdesk.query is None and to_helpdesk.desk.code == "global"  # the helpdesk's general address
    expected = {"fr_officer": {to_desk}, "global_officer": {to_helpdesk}, "en_officer": set(),
                "deskless_officer": set(), "manager": {to_desk, to_helpdesk}}
    for name, visible in expected.items():
        for inbound in (to_desk, to_helpdesk):
            sees = inbound in visible
            assert looks_after(client, cast[name], inbound, "quarantined") == {
                "listed": sees, "raw": 200 if sees else 404}, (name, inbound.subject)


@pytest.mark.parametrize("name", ["expert", "focal_point", "administrator", "member"])
def test_other_roles_never_look_after_mail(client, cast, name):
    _query, inbound = strict_query_with_mail(Sensitivity.RESTRICTED)
    client.force_login(cast[name])
    assert client.get("/staff/mail/").status_code == 403
    assert client.get(f"/staff/mail/{inbound.pk}/raw/").status_code == 403


def test_delivery_reports_of_no_query_are_for_managers(client, cast):
    # A delivery report may quote the mail we sent (a reply with a child's details): it belongs to no query.
    raw = (Path(__file__).parent / "messages" / "dsn-bounce.eml").read_text()
    bounce = deliver(raw, to="helpdesk@cphelpdesk.localhost")
    assert bounce.status == InboundMessage.Status.BOUNCE and bounce.query is None
    for name in SEES_STRICT:
        sees = name == "manager"
        assert looks_after(client, cast[name], bounce, "bounce") == {"listed": sees, "raw": 200 if sees else 404}, name


def test_unsent_mail_about_a_query_follows_the_query(client, cast):
    from cphelpdesk.mail.models import OutboundMessage

    query, _inbound = strict_query_with_mail()
    OutboundMessage.objects.create(template="queries/email/reply", to=[query.requester_email], status="failed",
                                   subject=f"[CP Helpdesk] Reply to {query.reference}", body=f"About {CHILD}")
    OutboundMessage.objects.create(template="directory/email/approved", to=["new@ngo.example"], status="failed",
                                   subject="[CP Helpdesk] Your membership is approved", body="Welcome")
    for name, sees_query_mail in (("fr_officer", True), ("manager", True), ("en_officer", False),
                                  ("deskless_officer", False)):
        client.force_login(cast[name])
        page = client.get("/staff/outbox/").content.decode()
        assert (query.requester_email in page) == sees_query_mail, name
        assert "new@ngo.example" in page, name  # mail about no query is any officer's

"""Who may write what on the mail pages (issue #11): every POST of `mail`, for every role, allowed and
refused, beside the visibility tests in test_visibility.py (tests/cast.py sets the scene)."""

import pytest
from django.urls import reverse

from cphelpdesk.mail.actions import process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage, OutboundMessage
from cphelpdesk.queries.threading import reply_address
from tests.cast import DONE, expect, make_cast, strict_query, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def test_who_may_process_quarantined_mail_again(client, cast):
    def attempt(client, person):
        # A reply on the strictly confidential query's thread whose sender cannot be trusted.
        address = reply_address(strict_query(cast).reference)
        inbound = store_inbound(raw=f"From: a@x.example)<b@evil.example>\nTo: {address}\nSubject: Re\n\nHi\n".encode(),
                                channel=InboundMessage.Channel.PIPE, envelope_to=[address])
        process_safely(inbound)
        response = client.post(reverse("mail:reprocess", args=[inbound.pk]))
        return response, InboundMessage.objects.get(pk=inbound.pk).status == InboundMessage.Status.RECEIVED

    # Officers look after mail, of the queries they may see: not the officer of another desk (404).
    assert table(client, cast, attempt) == expect(403, anonymous="login", other_desk_officer=404,
                                                  desk_officer=DONE, manager=DONE)


def test_who_may_send_failed_mail_again(client, cast):
    def attempt(client, person, subject):
        failed = OutboundMessage.objects.create(template="queries/email/reply", to=["someone@ngo.example"],
                                                subject=subject, body="Hello", status="failed", attempts=5)
        response = client.post(reverse("mail:retry", args=[failed.pk]))
        return response, OutboundMessage.objects.get(pk=failed.pk).status == OutboundMessage.Status.PENDING

    # A mail about the strictly confidential query (its reference in the subject, as every such mail has)
    # follows the query: not the officer of another desk (404).
    about_query = f"[CP Helpdesk] Reply to your query {strict_query(cast).reference}"
    assert table(client, cast, lambda client, person: attempt(client, person, about_query)) == expect(
        403, anonymous="login", desk_officer=DONE, other_desk_officer=404, manager=DONE)
    # A mail about no query (an account's mail) is any officer's.
    assert table(client, cast, lambda client, person: attempt(client, person, "Your membership")) == expect(
        403, anonymous="login", desk_officer=DONE, other_desk_officer=DONE, manager=DONE)

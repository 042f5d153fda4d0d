"""The whole way over SMTP on loopback: a stranger's post reaches the gateway, is held, the moderator answers the
hold notice through the gateway too, and the subscribers receive the post from the outbox."""

import smtplib

import pytest

from cphelpdesk.communities.models import Post
from cphelpdesk.mail import gateway
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.communities.mailpath import message, reply_address
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks
from tests.mailserver import free_port


@pytest.fixture
def list_gateway(transactional_db, reference_data):
    """The SMTP gateway on a free loopback port (yields the port)."""
    port = free_port()
    controller = gateway.controller(host="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()


def _send(port: int, sender: str, to: str, raw: bytes) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        assert client.sendmail(sender, [to], raw) == {}
    run_queued_tasks()  # intake, then the outbox


def test_a_held_post_is_released_by_the_moderators_answer_over_smtp(list_gateway, inbox):
    community = CommunityFactory(slug="coordinators")
    moderator = MemberFactory(email="moderator@unicef.example")
    community.moderators.add(moderator)
    readers = [SubscriptionFactory(community=community) for _ in range(2)]
    _send(list_gateway, "ali@partner.example", community.list_address,
          message("Ali <ali@partner.example>", community.list_address, "Child-friendly spaces", "Standards?"))
    post = Post.objects.get()
    assert post.status == Post.Status.HELD
    [notice] = inbox.to(moderator.email)
    address = reply_address(notice)
    inbox.clear()
    _send(list_gateway, moderator.email, address, message(moderator.email, address, f"Re: {notice['Subject']}",
                                                          "approve"))
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    for reader in readers:
        [copy] = inbox.to(reader.member.email)
        assert copy["Subject"] == "[CP-Coord] Child-friendly spaces" and copy["List-Id"]
    assert len(inbox.to("ali@partner.example")) == 1  # approved (the held notice went before)

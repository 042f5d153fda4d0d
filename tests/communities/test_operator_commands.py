"""The operators' commands, as Mailman's: the communities with their subscriber counts, a list's members."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cphelpdesk.communities.models import Subscription
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def lists(settings):
    settings.HELPDESK_LISTS_DOMAIN = "lists.example.org"
    forum = CommunityFactory(slug="coordinators", name="Coordinators' forum")
    SubscriptionFactory(community=forum, member=MemberFactory(email="amina@example.org", full_name="Amina K"))
    SubscriptionFactory(community=forum, delivery=Subscription.Delivery.DAILY)
    SubscriptionFactory(community=forum, delivery=Subscription.Delivery.WEB_ONLY)
    SubscriptionFactory(community=forum, status=Subscription.Status.SUSPENDED)
    Subscription.objects.create(community=forum, email="field@ngo.example", display_name="Field officer",
                                delivery=Subscription.Delivery.WEEKLY)
    CommunityFactory(slug="cpie", name="CPIE Coordination and IM Group")
    return forum


def test_list_communities_prints_each_community_with_its_subscribers_per_delivery_mode(lists):
    data = json.loads(_run("list_communities", "--json"))
    assert [row["name"] for row in data] == ["CPIE Coordination and IM Group", "Coordinators' forum"]
    forum = data[1]
    assert forum["list_address"] == "coordinators@lists.example.org"
    assert forum["subscribers"] == {"each": 1, "daily": 1, "weekly": 1, "web": 1, "pending": 0, "suspended": 1}
    assert data[0]["subscribers"]["each"] == 0
    text = _run("list_communities")
    assert "coordinators@lists.example.org\tCoordinators' forum\teach 1, daily 1" in text and "2 communities" in text


def test_list_members_prints_each_subscriber_with_address_and_delivery_mode(lists):
    data = json.loads(_run("list_members", "coordinators@LISTS.example.org", "--json"))
    assert len(data) == 5
    assert data[0] == {"email": "amina@example.org", "name": "Amina K", "delivery": "each", "status": "active",
                       "member": True}
    assert {"email": "field@ngo.example", "name": "Field officer", "delivery": "weekly", "status": "active",
            "member": False} in data
    assert "amina@example.org\teach\tactive\tAmina K" in _run("list_members", "coordinators@lists.example.org")
    with pytest.raises(CommandError):
        _run("list_members", "nobody@lists.example.org")
    with pytest.raises(CommandError):
        _run("list_members", "coordinators@elsewhere.example")

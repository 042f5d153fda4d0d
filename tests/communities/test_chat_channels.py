"""Officers of a community's desk and managers connect its chat groups; the secret is shown once."""

import pytest
from django.urls import reverse

from cphelpdesk.communities.models import ChatChannel
from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.models import Desk
from cphelpdesk.directory.roles import Role
from tests.communities.factories import CommunityFactory
from tests.factories import MemberFactory, staff_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    return CommunityFactory(slug="forum-fr", desk=Desk.objects.get(code="fr"))


def people():
    desk_officer = staff_with_mfa(Role.OFFICER)
    Desk.objects.get(code="fr").officers.add(desk_officer)
    other_officer = staff_with_mfa(Role.OFFICER)
    Desk.objects.get(code="en").officers.add(other_officer)
    return {"member": MemberFactory(), "other_officer": other_officer, "desk_officer": desk_officer,
            "manager": staff_with_mfa(Role.MANAGER)}


def test_who_may_manage_a_communitys_chat_groups(client, community):
    url = reverse("communities:channels", args=[community.slug])
    assert client.get(url).status_code == 302  # to the sign-in page
    cast = people()
    for who, status in [("member", 403), ("other_officer", 403), ("desk_officer", 200), ("manager", 200)]:
        client.force_login(cast[who])
        assert client.get(url).status_code == status, who
        assert client.post(url, {"name": "x", "kind": "webhook"}).status_code == status, who
    assert ChatChannel.objects.count() == 2  # the desk officer's and the manager's


def test_a_new_channel_shows_its_secret_once(client, community):
    officer = people()["desk_officer"]
    client.force_login(officer)
    url = reverse("communities:channels", args=[community.slug])
    response = client.post(url, {"name": "Sahel Telegram", "kind": "telegram", "external_id": "-1001234567890",
                                 "outgoing_url": "https://bridge.example.org/hook"})
    channel = ChatChannel.objects.get()
    page = response.content.decode()
    assert response.status_code == 200 and channel.secret in page
    assert f"/api/communities/channels/{channel.pk}/telegram" in page
    assert channel.secret not in client.get(url).content.decode()
    assert AuditEntry.objects.filter(action="chat_channel.created", actor=officer).exists()
    old = channel.secret
    renewed = client.post(reverse("communities:channel_secret", args=[community.slug, channel.pk]))
    channel.refresh_from_db()
    assert channel.secret != old and channel.secret in renewed.content.decode()
    client.post(reverse("communities:switch_channel", args=[community.slug, channel.pk]), {"active": "0"})
    channel.refresh_from_db()
    assert not channel.is_active


def test_a_telegram_or_matrix_channel_needs_its_chat_id_and_only_web_addresses_go_out(client, community):
    client.force_login(people()["manager"])
    url = reverse("communities:channels", args=[community.slug])
    missing = client.post(url, {"name": "Room", "kind": "matrix"})
    assert missing.status_code == 400 and "room id" in missing.content.decode()
    local_file = client.post(url, {"name": "Hook", "kind": "webhook", "outgoing_url": "ftp://example.org/x"})
    assert local_file.status_code == 400
    assert not ChatChannel.objects.exists()

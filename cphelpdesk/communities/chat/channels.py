"""Who connects chat groups to a community, and the changes they make: the officers of the community's desk
(any officer for a community without a desk) and managers."""

import secrets

from django.db import transaction

from cphelpdesk.communities.models import ChatChannel, Community
from cphelpdesk.core import audit
from cphelpdesk.directory.roles import Role
from cphelpdesk.directory.selectors import desks_of


def can_manage_channels(user, community: Community) -> bool:
    """Managers, and officers of the community's desk (of any desk when the community has none)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.has_role(Role.MANAGER):
        return True
    if not user.has_role(Role.OFFICER):
        return False
    return community.desk_id is None or desks_of(user).filter(pk=community.desk_id).exists()


@transaction.atomic
def create_channel(*, actor, community: Community, name: str, kind: str, external_id: str = "",
                   outgoing_url: str = "") -> ChatChannel:
    """Connect a chat group; its secret is shown once, to the one who connects it."""
    channel = ChatChannel.objects.create(community=community, name=name, kind=kind, external_id=external_id.strip(),
                                         outgoing_url=outgoing_url.strip())
    audit.record(actor=actor, action="chat_channel.created", target=channel, community=community.slug, kind=kind)
    return channel


@transaction.atomic
def switch_channel(channel: ChatChannel, *, actor, active: bool) -> ChatChannel:
    """Switch a channel off (its webhooks are refused, nothing goes out to it) or on again."""
    channel.is_active = active
    channel.save(update_fields=["is_active"])
    audit.record(actor=actor, action="chat_channel.switched_on" if active else "chat_channel.switched_off",
                 target=channel)
    return channel


@transaction.atomic
def new_secret(channel: ChatChannel, *, actor) -> ChatChannel:
    """Replace a channel's secret (one that may have leaked): requests signed with the old one are refused."""
    channel.secret = secrets.token_hex()
    channel.save(update_fields=["secret"])
    audit.record(actor=actor, action="chat_channel.secret_changed", target=channel)
    return channel

"""Factories for communities: a community, its subscribers, posts in the archive."""

import factory

from cphelpdesk.communities.models import Community, Subscription
from tests.factories import MemberFactory


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    slug = factory.Sequence(lambda n: f"forum{n}")
    name = factory.Sequence(lambda n: f"Coordinators' forum {n}")
    description = "Peer support for child protection coordinators."
    language = "en"
    subject_tag = "CP-Coord"


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    community = factory.SubFactory(CommunityFactory)
    member = factory.SubFactory(MemberFactory)

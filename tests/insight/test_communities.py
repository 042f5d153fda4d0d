"""Community activity in insight, on a small known dataset: posts, threads, the share peers answered, threads
turned into queries, active communities by the posting members' country and region."""

import json
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from cphelpdesk.communities import actions, helpdesk
from cphelpdesk.communities.models import Post
from cphelpdesk.directory.models import Country, Desk
from cphelpdesk.directory.roles import Role
from cphelpdesk.insight import selectors
from cphelpdesk.insight.selectors import Filters
from cphelpdesk.queries.models import Query
from tests.communities.factories import CommunityFactory
from tests.factories import MemberFactory, staff_with_mfa

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)


def on(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 10, tzinfo=UTC)


def post(community, when, author=None, email="", parent=None, via=Post.Via.WEB, held=False):
    return actions.submit_post(actions.Submission(
        community=community, subject="A question", body="Text", via=via, author=author,
        author_name=author.full_name if author else "Someone", author_email=author.email if author else email,
        parent=parent, posted_at=when, hold_reasons=["moderated"] if held else []))


@pytest.fixture
def activity():
    """Two communities (the second on the Latin America desk); a Malian and a Colombian member post."""
    desk = Desk.objects.first()
    forum, group = CommunityFactory(), CommunityFactory(desk=desk)
    mali = MemberFactory(country=Country.objects.get(iso2="ML"))
    colombia = MemberFactory(country=Country.objects.get(iso2="CO"))
    # 1: forum, Mali asks, Colombia answers: answered by peers.
    first = post(forum, on(3, 1), mali)
    post(forum, on(3, 2), colombia, parent=first)
    # 2: forum, Mali asks and asks again, the helpdesk answers: not by peers; raised as a query.
    second = post(forum, on(4, 1), mali)
    post(forum, on(4, 2), mali, parent=second)
    post(forum, on(4, 3), email="helpdesk@example.org", parent=second, via=Post.Via.HELPDESK)
    query = helpdesk.raise_query(actor=staff_with_mfa(Role.OFFICER), thread=second.thread)
    Query.objects.filter(pk=query.pk).update(received_at=on(4, 5))
    # 3: group, someone without an account asks, Colombia answers: answered by peers.
    third = post(group, on(5, 1), email="field@ngo.example")
    post(group, on(5, 2), colombia, parent=third)
    # 4: group, started the year before; its reply counts as a post of the period, the thread does not.
    fourth = post(group, datetime(2024, 12, 31, 10, tzinfo=UTC), colombia)
    post(group, on(1, 5), mali, parent=fourth)
    post(group, on(6, 1), colombia, parent=fourth, held=True)  # held: not a post
    return forum, group, desk, mali, colombia


def test_community_activity_counts_posts_threads_peer_answers_and_queries(activity):
    figures = selectors.community_activity(START, END)
    assert (figures.posts, figures.threads, figures.answered_by_peers, figures.turned_into_queries,
            figures.active_communities) == (8, 3, 2, 1, 2)
    assert figures.peer_answer_rate == pytest.approx(2 / 3)


def test_active_communities_by_the_posting_members_country_and_region(activity):
    countries = [(row.place, row.communities, row.members, row.posts)
                 for row in selectors.activity_per_country(START, END)]
    assert countries[0] == ("Mali", 2, 1, 4)  # the most active first
    assert set(countries[1:]) == {("", 2, 0, 2), ("Colombia", 2, 1, 2)}
    regions = {row.place: (row.communities, row.posts) for row in selectors.activity_per_region(START, END)}
    assert regions == {str(Country.objects.get(iso2="ML").region): (2, 4), "": (2, 2),
                       str(Country.objects.get(iso2="CO").region): (2, 2)}


def test_the_filters_narrow_community_activity(activity):
    _forum, _group, desk, mali, _colombia = activity
    by_mali = selectors.community_activity(START, END, Filters(country=mali.country))
    assert (by_mali.posts, by_mali.threads, by_mali.answered_by_peers, by_mali.turned_into_queries) == (4, 2, 1, 1)
    by_desk = selectors.community_activity(START, END, Filters(desk=desk))
    assert (by_desk.posts, by_desk.threads, by_desk.answered_by_peers, by_desk.turned_into_queries,
            by_desk.active_communities) == (3, 1, 1, 0, 1)
    empty = selectors.community_activity(date(2023, 1, 1), date(2023, 12, 31))
    assert empty.posts == 0 and empty.peer_answer_rate is None


def test_the_dashboard_and_metrics_show_community_activity(activity, manager_client):
    page = manager_client.get(reverse("insight:dashboard"), {"from": START.isoformat(), "to": END.isoformat()})
    text = page.content.decode()
    assert "Community activity, 2025-01-01 to 2025-12-31" in text and "Threads answered by peers" in text
    assert "Active communities by the posting members&#x27; country" in text and "66.7%" in text
    csv = manager_client.get(reverse("insight:dashboard"), {"from": START.isoformat(), "to": END.isoformat(),
                                                            "format": "csv", "table": "communities"})
    assert "Threads turned into queries,1" in csv.content.decode()
    out = StringIO()
    call_command("metrics", "--from", START.isoformat(), "--to", END.isoformat(), "--json", stdout=out)
    communities = json.loads(out.getvalue())["communities"]
    assert communities["posts"] == 8 and communities["threads"] == 3 and communities["answered_by_peers"] == 2
    assert communities["turned_into_queries"] == 1 and communities["active_communities"] == 2
    assert {"place": "Mali", "communities": 2, "members": 1, "posts": 4} in communities["by_country"]

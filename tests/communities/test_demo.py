"""The demo's communities: the named lists, a few hundred subscribers with mixed delivery, a year of threads in four
languages, nothing in the outbox, the same archive for the same seed; and the archive pages show them."""

import datetime
import hashlib
from collections import Counter

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape

from cphelpdesk.communities.demo import phrases
from cphelpdesk.communities.models import Community, Post, Subscription, Thread
from cphelpdesk.directory.models import Member
from cphelpdesk.mail.models import OutboundMessage
from cphelpdesk.site.management.commands.seed_demo import seed_demo

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 6, 15)
NOW = datetime.datetime.combine(AS_OF, datetime.time(0), tzinfo=datetime.UTC)


def quiet_seed(seed: int = 1):
    return seed_demo(seed=seed, as_of=AS_OF, report=lambda *_: None)


def fingerprint() -> str:
    rows = [tuple(Community.objects.order_by("slug").values_list("slug", "name", "visibility", "joining"))]
    rows += list(Subscription.objects.order_by("community__slug", "member__email", "email").values_list(
        "community__slug", "member__email", "email", "delivery", "status", "token", "subscribed_at"))
    rows += list(Post.objects.order_by("posted_at", "message_id").values_list(
        "community__slug", "thread__subject", "subject", "body", "author_email", "message_id", "in_reply_to",
        "references", "status", "posted_at", "uid"))
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def fingerprint_of(seed: int) -> str:
    """Seed inside a savepoint, read the fingerprint, roll back: the next seed starts from an empty database."""
    with transaction.atomic():
        quiet_seed(seed)
        digest = fingerprint()
        transaction.set_rollback(True)
    return digest


def test_the_demo_seeds_the_forum_the_cpie_group_and_one_community_per_language_desk():
    quiet_seed()
    forum = Community.objects.get(slug="cp-coordinators")
    assert forum.name == "Forum for Child Protection Coordinators and Information Managers"
    assert (forum.visibility, forum.joining, forum.posting) == ("members", "open", "subscribers")
    assert forum.subject_tag and forum.moderators.exists() and forum.owners.exists()
    cpie = Community.objects.get(slug="cpie-coordination-im")
    assert cpie.name == "CPIE Coordination and IM Group" and cpie.joining == Community.Joining.APPROVAL
    by_desk = {c.desk.code: c for c in Community.objects.exclude(slug__in=[forum.slug, cpie.slug])}
    assert set(by_desk) == {"en", "fr", "es", "ar"}
    for code, community in by_desk.items():
        assert community.language == code
        officers = set(community.desk.officers.values_list("pk", flat=True))
        assert officers <= set(community.moderators.values_list("pk", flat=True))
        assert community.owners.filter(pk=community.desk.lead_id).exists()
    # The demo logins see a moderator's and a subscriber's view.
    assert forum.moderators.filter(email__startswith="officer@").exists()
    assert Subscription.objects.filter(community=forum, member__email__startswith="member@").exists()


def test_a_few_hundred_subscribers_with_mixed_delivery_none_waiting_for_mail():
    quiet_seed()
    subscriptions = Subscription.objects.all()
    assert 250 <= subscriptions.count() <= 700
    modes = Counter(subscriptions.values_list("delivery", flat=True))
    assert set(modes) == set(Subscription.Delivery.values)
    assert modes[Subscription.Delivery.EACH_POST] > subscriptions.count() / 2  # most take each post
    suspended = subscriptions.filter(status=Subscription.Status.SUSPENDED)
    assert 0 < suspended.count() < subscriptions.count() / 10
    assert all(s.bounce_score >= s.community.bounce_threshold and s.suspended_at for s in suspended)
    assert subscriptions.filter(status=Subscription.Status.PENDING_APPROVAL,
                                community__joining=Community.Joining.APPROVAL).exists()
    assert subscriptions.filter(member=None).exclude(email="").exists()  # addresses imported from the old list
    # Every member subscriber is an approved member; digests start after the seeded archive.
    assert not subscriptions.filter(member__isnull=False).exclude(member__approval="approved").exists()
    newest = Post.objects.order_by("-pk").first().pk
    assert not subscriptions.filter(delivery__in=["daily", "weekly"], digest_sent_up_to__lt=newest).exists()


def test_a_year_of_threads_in_four_languages_with_consistent_counts_and_chains():
    quiet_seed()
    threads = Thread.objects.all()
    assert 250 <= threads.count() <= 400
    assert threads.order_by("started_at").first().started_at >= NOW - datetime.timedelta(days=366)
    assert threads.filter(started_at__lt=NOW - datetime.timedelta(days=300)).exists()
    assert not Post.objects.filter(posted_at__gte=NOW).exists()
    for thread in threads.prefetch_related("posts"):
        published = [p for p in thread.posts.all() if p.status == Post.Status.PUBLISHED]
        assert thread.post_count == len(published) and 1 <= len(published) <= 8
        assert thread.last_post_at == max(p.posted_at for p in published)
        assert thread.started_at == min(p.posted_at for p in published)
        ids = {p.pk: p for p in thread.posts.all()}
        for post in thread.posts.all():
            if post.parent_id:
                parent = ids[post.parent_id]
                assert post.in_reply_to == parent.message_id
                assert post.references.split()[-1] == parent.message_id
                assert post.posted_at > parent.posted_at
    assert threads.filter(post_count=1).exists()  # a few unanswered
    assert threads.filter(post_count__gte=6).exists()
    # Openers' subjects tell the thread's language: all four are there.
    openings = {language: {c["subject"] for c in phrases(language)["conversations"]} for language in
                ("en", "fr", "es", "ar")}
    seen = set()
    for subject in threads.values_list("subject", flat=True):
        seen |= {language for language, subjects in openings.items()
                 if subject in subjects or subject.rsplit(" (", 1)[0] in subjects}
    assert seen == {"en", "fr", "es", "ar"}
    assert Post.objects.values("message_id").distinct().count() == Post.objects.count()


def test_held_posts_threads_turned_into_queries_and_no_mail_sent():
    quiet_seed()
    held = Post.objects.filter(status=Post.Status.HELD)
    assert held.exists() and all(post.hold_reasons for post in held)
    assert held.filter(thread=None, parent=None).exists()  # a new question from someone not subscribed
    linked = Thread.objects.exclude(query=None).select_related("query")
    assert linked.count() >= 1
    for thread in linked:
        opener = thread.posts.order_by("posted_at").first()
        assert opener.author_id == thread.query.requester_id and opener.posted_at < thread.query.received_at
    assert OutboundMessage.objects.count() == 0  # seeding never fills the outbox


def test_same_seed_same_archive_other_seed_other_archive():
    first = fingerprint_of(5)
    assert fingerprint_of(5) == first
    assert fingerprint_of(6) != first


def test_the_archive_pages_show_the_demo_communities(client):
    quiet_seed()
    client.force_login(Member.objects.get(email__startswith="member@"))
    index = client.get(reverse("communities:index"))
    assert index.status_code == 200
    page = index.content.decode()
    assert "Forum for Child Protection Coordinators and Information Managers" in page
    forum = Community.objects.get(slug="cp-coordinators")
    threads = client.get(reverse("communities:threads", args=[forum.slug]))
    assert threads.status_code == 200
    thread = Thread.objects.filter(community=forum, post_count__gte=3).first()
    response = client.get(reverse("communities:thread", args=[forum.slug, thread.pk]))
    assert response.status_code == 200 and escape(thread.subject) in response.content.decode()
    assert response.content.decode().count('class="post"') == thread.post_count
    # The seeded posts are in the archive's search.
    found = client.get(reverse("communities:search", args=[forum.slug]), {"q": thread.subject}).content.decode()
    assert any(reverse("communities:post", args=[forum.slug, post.uid]) in found for post in thread.posts.all())

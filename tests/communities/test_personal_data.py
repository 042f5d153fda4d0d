"""The communities' copies of a person go with the rest: an approved erasure, and an individual case raised from
a thread (core.erasure paths, registered by communities.personal_data)."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q

from cphelpdesk.communities import actions, digests, helpdesk
from cphelpdesk.communities.models import Post, PostAttachment, SenderRule, Subscription, Thread
from cphelpdesk.core.erasure import FORMER_MEMBER
from cphelpdesk.directory.roles import Role
from cphelpdesk.privacy import rights
from cphelpdesk.queries import actions as query_actions
from cphelpdesk.search.engine import Scope, search
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def held_anywhere(text: str) -> list[str]:
    """Where the communities still hold `text`."""
    def has(queryset, *fields):
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": text})
        return queryset.filter(condition).exists()

    places = {
        "posts": has(Post.objects, "subject", "body", "author_name", "author_email", "named_recipients"),
        "threads": has(Thread.objects, "subject"),
        "subscriptions": has(Subscription.objects, "email", "display_name", "member__email", "member__full_name"),
        "sender rules": has(SenderRule.objects, "address"),
        "search": search(text, scopes=[Scope(kind="community_post")]).total > 0,
        "digest copies": any(text.encode() in default_storage.open(digests.post_message_path(post)).read()
                             for post in Post.objects.all()
                             if default_storage.exists(digests.post_message_path(post))),
    }
    return [where for where, held in places.items() if held]


def test_an_approved_erasure_leaves_no_copy_of_the_member_in_the_communities(django_capture_on_commit_callbacks):
    awa = MemberFactory(full_name="Awa Sangaré", email="awa@ngo.example.org")
    community = CommunityFactory()
    SubscriptionFactory(community=community, member=awa)
    Subscription.objects.create(community=CommunityFactory(), email="awa@ngo.example.org", display_name="Awa S.")
    SenderRule.objects.create(community=community, address="awa@ngo.example.org", action=SenderRule.Action.ALLOW)
    with django_capture_on_commit_callbacks(execute=True):
        hers = actions.submit_post(actions.Submission(
            community=community, subject="Sangaré's question on case forms", body="Any forms? Awa Sangaré",
            author=awa, author_name=awa.full_name, author_email=awa.email,
            attachments=[SimpleUploadedFile("forms.pdf", PDF, content_type="application/pdf")]))
        reply = actions.submit_post(actions.Submission(
            community=community, subject="Re: case forms", body="Hi Awa Sangaré, here they are.", parent=hers,
            author_email="peer@example.org", author_name="A peer", named_recipients=["awa@ngo.example.org"]))
    hers.thread.followers.add(awa)
    digests.post_message(reply)  # the copy a digest run keeps
    stored = PostAttachment.objects.get(post=hers).file.name
    for detail in ("Sangaré", "awa@ngo.example.org"):
        assert held_anywhere(detail), detail

    request = rights.request_erasure(member=awa, reason="leaving")
    with django_capture_on_commit_callbacks(execute=True):
        rights.decide_erasure(actor=staff_with_mfa(Role.OFFICER), data_request=request, erase=True)

    for detail in ("Awa", "Sangaré", "awa@ngo.example.org"):
        assert held_anywhere(detail) == [], detail
    hers.refresh_from_db()
    reply.refresh_from_db()
    # Her question stays in the archive, which others answered, without her name, address or files.
    assert hers.status == Post.Status.PUBLISHED and hers.author_name == FORMER_MEMBER and not hers.author_email
    assert not hers.attachments.exists() and not default_storage.exists(stored)
    assert "here they are" in reply.body and not hers.thread.followers.exists()


def test_an_individual_case_raised_from_a_thread_takes_the_details_out_of_the_thread(
        django_capture_on_commit_callbacks):
    community = CommunityFactory()
    poster = MemberFactory()
    case = "Zaynabou, 9 years old, lives behind the market with her aunt (+243 81 234 5678). Who can help her?"
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.submit_post(actions.Submission(
            community=community, subject="A girl needs help", body=case, author=poster,
            author_name=poster.full_name, author_email=poster.email))
    officer = staff_with_mfa(Role.OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        query = helpdesk.raise_query(actor=officer, thread=post.thread)
    run_queued_tasks()  # the intake scan finds the child's details in the query, as it does in the service
    assert "posts" in held_anywhere("Zaynabou")

    with django_capture_on_commit_callbacks(execute=True):
        query_actions.close_as_individual_case(actor=officer, query=query)

    assert held_anywhere("Zaynabou") == [] and held_anywhere("81 234 5678") == []
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and "individual case" in post.body  # the thread keeps its shape

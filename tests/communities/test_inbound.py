"""Mail coming in to a community: posts by email, threading (also from digests), loops and noise, who the
sender is, attachments, and the holds (non-subscriber, a child's details...)."""

import csv
from email.utils import make_msgid
from pathlib import Path

import pytest

from cphelpdesk.communities import actions, holds, moderation
from cphelpdesk.communities.models import Community, Post, PostAttachment, SenderRule, Subscription
from cphelpdesk.mail.models import InboundMessage
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.communities.mailpath import deliver, message
from tests.factories import MemberFactory, staff_with_mfa
from tests.helpers import authenticated, run_queued_tasks

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "mail-corpus"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def forum():
    community = CommunityFactory(slug="coordinators", name="Coordinators' forum")
    moderator = MemberFactory(email="moderator@unicef.example")
    community.moderators.add(moderator)
    readers = [SubscriptionFactory(community=community, member=MemberFactory(email=f"reader{n}@ngo.example"))
               for n in range(3)]
    return community, moderator, readers


def test_a_subscribers_post_is_sent_and_a_reply_to_the_list_copy_threads_under_it(
        forum, inbox, django_capture_on_commit_callbacks):
    community, _moderator, readers = forum
    poster = readers[0].member
    outcome = deliver(django_capture_on_commit_callbacks, message(
        poster.email, community.list_address, "Referral pathways in Kasai", "Who has one for Kasai?"),
        community.list_address)
    assert outcome.startswith("coordinators: posted")
    [copy] = inbox.to("reader1@ngo.example")
    assert copy["X-Loop"] == community.list_address
    inbox.clear()
    # Reader 1 answers from their mail client: In-Reply-To and References name the list copy's Message-ID.
    answer = message("reader1@ngo.example", community.list_address, f"Re: {copy['Subject']}",
                     "We have one, attached to our 4W.",
                     headers={"In-Reply-To": copy["Message-ID"], "References": copy["Message-ID"]})
    assert deliver(django_capture_on_commit_callbacks, answer, community.list_address).startswith(
        "coordinators: posted")
    first, reply = Post.objects.order_by("pk")
    assert reply.parent == first and reply.thread == first.thread and reply.author == readers[1].member
    first.thread.refresh_from_db()
    assert first.thread.post_count == 2
    [copy] = inbox.to("reader2@ngo.example")
    assert copy["In-Reply-To"] == f"<{first.message_id}>"
    assert copy["References"] == f"<{first.message_id}>"


def test_a_reply_to_a_post_read_in_a_digest_threads_under_that_post(forum, inbox, django_capture_on_commit_callbacks):
    community, _moderator, readers = forum
    deliver(django_capture_on_commit_callbacks, message(
        readers[0].member.email, community.list_address, "Workplan template", "Has anyone a workplan template?"),
        community.list_address)
    deliver(django_capture_on_commit_callbacks, message(
        readers[1].member.email, community.list_address, "Mapping of services", "Who mapped services in Goma?"),
        community.list_address)
    workplan, mapping = Post.objects.order_by("pk")
    digest_id = make_msgid("digest", "lists.example")
    # A MIME digest: the client opens the post inside it and replies to that post's own Message-ID.
    inside = message(readers[2].member.email, community.list_address, "Re: Workplan template", "Ours is on the wiki.",
                     headers={"In-Reply-To": f"<{workplan.message_id}>",
                              "References": f"{digest_id} <{workplan.message_id}>"})
    deliver(django_capture_on_commit_callbacks, inside, community.list_address)
    # A plain-text digest (RFC 1153) answered as a whole: only the quoted post's Message-ID line says which.
    whole = message(readers[2].member.email, community.list_address,
                    "Re: Coordinators' forum Digest, Vol 3, Issue 12",
                    "Yes, the Protection Cluster mapped them last month.\r\n\r\n"
                    "> ------------------------------\r\n> Message: 2\r\n> From: Person <reader1@ngo.example>\r\n"
                    f"> Subject: Mapping of services\r\n> Message-ID: <{mapping.message_id}>\r\n>\r\n"
                    "> Who mapped services in Goma?\r\n",
                    headers={"In-Reply-To": digest_id, "References": digest_id})
    deliver(django_capture_on_commit_callbacks, whole, community.list_address)
    by_digest, to_whole = Post.objects.order_by("pk")[2:]
    assert by_digest.parent == workplan and by_digest.thread == workplan.thread
    assert to_whole.parent == mapping and to_whole.thread == mapping.thread
    assert to_whole.in_reply_to == mapping.message_id


def test_a_non_subscribers_post_is_held_and_its_approval_releases_it_to_the_subscribers(
        forum, inbox, django_capture_on_commit_callbacks):
    community, moderator, readers = forum
    outcome = deliver(django_capture_on_commit_callbacks, message(
        "Aid Worker <stranger@partner.example>", community.list_address, "Training on CPMS", "Any dates?"),
        community.list_address, envelope_from="stranger@partner.example")
    assert "held" in outcome and "non_subscriber" in outcome
    post = Post.objects.get()
    assert post.status == Post.Status.HELD and post.thread is None and post.hold_reasons == [holds.NON_SUBSCRIBER]
    assert not inbox.to("reader0@ngo.example")
    [notice] = inbox.to(moderator.email)
    assert notice["Reply-To"].startswith("coordinators-confirm+") and "Any dates?" in inbox.body(notice)
    [held] = inbox.to("stranger@partner.example")
    assert "waits for a moderator" in held["Subject"] and "not a subscriber" in inbox.body(held)
    inbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert moderation.decide(post, moderation.APPROVE, actor=moderator)
    run_queued_tasks()
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.thread.subject == "Training on CPMS"
    for reader in readers:
        [copy] = inbox.to(reader.member.email)
        assert copy["Subject"] == "[CP-Coord] Training on CPMS"
    [approved] = inbox.to("stranger@partner.example")
    assert "approved" in approved["Subject"]
    # Deciding again changes nothing and tells nobody twice.
    inbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert not moderation.decide(post, moderation.REJECT, actor=moderator, reason="late")
    run_queued_tasks()
    assert not inbox.messages


def test_a_post_with_a_childs_name_and_age_is_held_and_its_text_is_not_mailed(
        forum, inbox, django_capture_on_commit_callbacks):
    community, moderator, readers = forum
    outcome = deliver(django_capture_on_commit_callbacks, message(
        readers[0].member.email, community.list_address, "Advice on a case",
        "We have a girl, Amina, 12 years old, separated from her family in Goma. Where do we refer her?"),
        community.list_address)
    post = Post.objects.get()
    assert "held" in outcome and post.status == Post.Status.HELD and holds.CHILD_DETAILS in post.hold_reasons
    assert post.author == readers[0].member  # a subscriber's: held for what it says, not for who wrote it
    assert not inbox.to("reader1@ngo.example")
    [notice] = inbox.to(moderator.email)
    assert "Amina" not in inbox.body(notice) and "read it on the web" in inbox.body(notice)


def test_auto_replies_bounces_and_other_lists_sent_to_the_list_are_dropped(
        forum, inbox, django_capture_on_commit_callbacks):
    community, _moderator, readers = forum
    out_of_office = message(readers[0].member.email, community.list_address, "Out of office: Referral pathways",
                            "I am away until Monday.", headers={"Auto-Submitted": "auto-replied"})
    other_list = message("news@partner.example", community.list_address, "Newsletter", "Our news.",
                         headers={"List-Id": "<news.partner.example>", "Precedence": "bulk"})
    assert deliver(django_capture_on_commit_callbacks, out_of_office, community.list_address) == \
        "coordinators: auto_reply dropped"
    assert deliver(django_capture_on_commit_callbacks, other_list, community.list_address) == \
        "coordinators: list dropped"
    if not CORPUS.is_dir():
        pytest.skip("the shared mail corpus is not here")
    for name, kind in (("flanker/bounce/mailbox-full.eml", "bounce"),
                       ("flanker/disposition-notification.eml", "auto_reply")):
        raw = (CORPUS / name).read_bytes()
        assert deliver(django_capture_on_commit_callbacks, raw, community.list_address, envelope_from="<>") == \
            f"coordinators: {kind} dropped"
    assert not Post.objects.exists() and not inbox.messages


def test_our_own_list_copy_looping_back_is_dropped(forum, inbox, smtp_server, django_capture_on_commit_callbacks):
    community, _moderator, readers = forum
    with django_capture_on_commit_callbacks(execute=True):  # written on the web: its Message-ID never came in
        actions.submit_post(actions.Submission(community=community, subject="Cash assistance and CP",
                                               body="Any guidance?", via=Post.Via.WEB, author=readers[0].member,
                                               author_name="Reader", author_email=readers[0].member.email))
    run_queued_tasks()
    raw_copy = next(raw for raw, (_sender, to) in zip(inbox.raw, inbox.envelopes, strict=True)
                    if "reader1@ngo.example" in to)
    inbox.clear()
    # A subscriber's forwarding rule sends the copy back to the list, exactly as it came.
    assert deliver(django_capture_on_commit_callbacks, raw_copy, community.list_address) == \
        "coordinators: list dropped"
    # Stripped of its List-* headers by a forwarder and given a new Message-ID, it is still known by X-Loop.
    stripped = b"\r\n".join(line for line in raw_copy.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n").split(b"\r\n")
                            if not line.lower().startswith((b"list-", b"precedence", b"message-id")))
    stripped = b"Message-ID: <forwarded-1@ngo.example>\r\n" + stripped
    assert deliver(django_capture_on_commit_callbacks, stripped, community.list_address) == \
        "coordinators: own dropped"
    # Without X-Loop either, its From (the list's own address) gives it away.
    bare = b"\r\n".join(line for line in stripped.split(b"\r\n") if not line.lower().startswith(b"x-loop"))
    bare = bare.replace(b"<forwarded-1@", b"<forwarded-2@")
    assert deliver(django_capture_on_commit_callbacks, bare, community.list_address) == "coordinators: own dropped"
    assert Post.objects.count() == 1 and not inbox.messages


def test_an_unproven_claim_of_a_subscribers_address_is_held_never_posted_as_them(
        forum, inbox, django_capture_on_commit_callbacks):
    community, _moderator, readers = forum
    forged = message(readers[0].member.email, community.list_address, "Urgent: new procedure", "Send me the list.",
                     proven=False)
    deliver(django_capture_on_commit_callbacks, forged, community.list_address)
    post = Post.objects.get()
    assert post.status == Post.Status.HELD and post.author is None and post.hold_reasons == [holds.UNPROVEN_SENDER]
    assert InboundMessage.objects.get().authentication.startswith("nothing proves")
    # An address-only subscriber (an owner's import) is asked the same proof.
    imported = Subscription.objects.create(community=community, email="field@ngo.example")
    deliver(django_capture_on_commit_callbacks, message("field@ngo.example", community.list_address, "Hello",
                                                        "Hi all", proven=False), community.list_address)
    deliver(django_capture_on_commit_callbacks, message("field@ngo.example", community.list_address, "Hello again",
                                                        "Hi all, proven"), community.list_address)
    unproven, proven = Post.objects.filter(author_email=imported.email).order_by("pk")
    assert unproven.hold_reasons == [holds.UNPROVEN_SENDER] and proven.status == Post.Status.PUBLISHED


def test_a_banned_sender_is_discarded_silently(forum, inbox, django_capture_on_commit_callbacks):
    community, _moderator, _readers = forum
    SenderRule.objects.create(community=community, address="spam@bad.example", action=SenderRule.Action.BAN)
    outcome = deliver(django_capture_on_commit_callbacks, message("spam@bad.example", community.list_address,
                                                                  "Cheap", "Buy"), community.list_address)
    assert outcome == "coordinators: discarded (banned sender)"
    assert not Post.objects.exists() and not inbox.messages


def test_files_on_a_post_by_mail_are_checked_and_kept_and_refused_ones_noted(
        forum, inbox, django_capture_on_commit_callbacks):
    community, _moderator, readers = forum
    boundary = "b1"
    raw = authenticated((
        f"From: {readers[0].member.email}\r\nTo: {community.list_address}\r\nSubject: Our SOPs\r\n"
        f"Message-ID: <files-1@ngo.example>\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
        f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nAttached, our SOPs.\r\n"
        f"--{boundary}\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"SOP.pdf\"\r\n"
        f"Content-Transfer-Encoding: 7bit\r\n\r\n{PDF.decode()}\r\n"
        f"--{boundary}\r\nContent-Type: application/octet-stream\r\n"
        f"Content-Disposition: attachment; filename=\"tool.exe\"\r\n\r\nMZ....\r\n--{boundary}--\r\n").encode())
    deliver(django_capture_on_commit_callbacks, raw, community.list_address)
    post = Post.objects.get()
    [kept] = PostAttachment.objects.filter(post=post)
    assert kept.original_name == "SOP.pdf" and kept.content_type == "application/pdf" and kept.size > 0
    assert "tool.exe" in post.body and "not accepted" in post.body


@pytest.mark.parametrize(("fields", "reason"), [
    ({"posting": Community.Posting.ANNOUNCE}, holds.ANNOUNCE_ONLY),
    ({"posting": Community.Posting.MODERATED}, holds.MODERATED),
    ({"max_message_kb": 1}, holds.TOO_LARGE),
    ({"max_recipients": 2}, holds.TOO_MANY_RECIPIENTS),
])
def test_the_communitys_policies_and_limits_hold_a_subscribers_post(fields, reason, django_capture_on_commit_callbacks):
    community = CommunityFactory(**fields)
    subscriber = SubscriptionFactory(community=community)
    raw = message(subscriber.member.email, f"{community.list_address}, a@x.example, b@x.example", "Hello",
                  "x" * 1500)
    deliver(django_capture_on_commit_callbacks, raw, community.list_address)
    assert Post.objects.get().hold_reasons == [reason]


def test_moderators_and_officers_post_to_announce_only_lists(django_capture_on_commit_callbacks):
    community = CommunityFactory(posting=Community.Posting.ANNOUNCE)
    officer = staff_with_mfa("officer")
    deliver(django_capture_on_commit_callbacks, message(officer.email, community.list_address, "Webinar", "Tuesday."),
            community.list_address)
    assert Post.objects.get().status == Post.Status.PUBLISHED


def test_a_member_subscribed_by_address_only_posts_unheld(django_capture_on_commit_callbacks):
    community = CommunityFactory()
    member = MemberFactory(email="imported@ngo.example")
    Subscription.objects.create(community=community, email=member.email)
    deliver(django_capture_on_commit_callbacks, message(member.email, community.list_address, "Hi", "Hello"),
            community.list_address)
    post = Post.objects.get()
    assert post.status == Post.Status.PUBLISHED and post.author == member


def test_every_message_of_the_real_world_corpus_sent_to_the_list_is_dropped_or_held(
        django_capture_on_commit_callbacks):
    """Machines' mail is dropped; people's (none of them subscribers) is held or quarantined; nothing crashes."""
    if not CORPUS.is_dir():
        pytest.skip("the shared mail corpus is not here")
    community = CommunityFactory(slug="coordinators")
    with (CORPUS / "manifest.csv").open(newline="", encoding="utf-8") as manifest:
        rows = list(csv.DictReader(manifest))
    for row in rows:
        raw = (CORPUS / row["path"]).read_bytes()
        outcome = deliver(django_capture_on_commit_callbacks, raw, community.list_address)
        if row["expected"] in {"bounce", "auto_reply", "list"}:
            assert outcome.endswith("dropped"), (row["path"], outcome)
        else:
            assert " held " in outcome or "quarantined" in outcome or outcome.endswith("dropped") or \
                outcome == "duplicate", (row["path"], outcome)
    assert not Post.objects.filter(status=Post.Status.PUBLISHED).exists()

"""Moderation: who sees the queue, decisions on the web and by answering the hold notice, what the poster hears."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cphelpdesk.communities import holds, moderation
from cphelpdesk.communities.models import Post, SenderRule, Subscription
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.parsing import ParsedMail
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.communities.mailpath import deliver, message, reply_address
from tests.factories import MemberFactory, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(inbox, django_capture_on_commit_callbacks):
    """A community with a moderator, an owner and a subscriber, and a non-subscriber's post held in it."""
    community = CommunityFactory(slug="cpie", name="CPIE group")
    moderator = MemberFactory(email="moderator@unicef.example", preferred_language="fr")
    owner = MemberFactory(email="owner@unicef.example")
    community.moderators.add(moderator)
    community.owners.add(owner)
    reader = SubscriptionFactory(community=community, member=MemberFactory(email="reader@ngo.example"))
    deliver(django_capture_on_commit_callbacks, message("Nadia <nadia@partner.example>", community.list_address,
                                                        "Assessment tools", "Which tools do you use?"),
            community.list_address, envelope_from="nadia@partner.example")
    return community, moderator, owner, reader, Post.objects.get()


def test_who_sees_the_moderation_queue(client, held):
    community, moderator, owner, reader, post = held
    cast = {"anonymous": None, "member": MemberFactory(), "subscriber": reader.member, "moderator": moderator,
            "owner": owner, "officer": staff_with_mfa(Role.OFFICER), "manager": staff_with_mfa(Role.MANAGER),
            "expert": staff_with_mfa(Role.EXPERT)}
    may = {"moderator", "owner", "officer", "manager"}
    url = reverse("communities:moderation", args=[community.slug])
    decide = reverse("communities:moderate_post", args=[community.slug, post.uid])
    for name, person in cast.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        page = client.get(url)
        if name in may:
            assert page.status_code == 200, name
            with translation.override(page["Content-Language"]):  # each reads the queue in their language
                reason = str(holds.labels([holds.NON_SUBSCRIBER])[0])
            assert "Assessment tools" in page.content.decode() and escape(reason) in page.content.decode()
        else:
            assert page.status_code == (302 if person is None else 403), name
            assert client.post(decide, {"action": "approve"}).status_code == (302 if person is None else 403)
    post.refresh_from_db()
    assert post.status == Post.Status.HELD  # nobody without the right decided anything


def test_rejecting_on_the_web_tells_the_poster_the_reason_once(client, inbox, held, django_capture_on_commit_callbacks):
    community, moderator, _owner, reader, post = held
    [notice] = inbox.to("nadia@partner.example")
    assert "waits for a moderator" in notice["Subject"]
    inbox.clear()
    client.force_login(moderator)
    url = reverse("communities:moderate_post", args=[community.slug, post.uid])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "reject", "reason": "Please ask the helpdesk instead."})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "approve"})  # a second moderator's click comes too late
    run_queued_tasks()
    post.refresh_from_db()
    assert post.status == Post.Status.REJECTED and post.moderated_by == moderator
    [rejected] = inbox.to("nadia@partner.example")
    assert "not accepted" in rejected["Subject"] and "Please ask the helpdesk instead." in inbox.body(rejected)
    assert not inbox.to(reader.member.email)


def test_allow_lets_the_sender_through_from_now_on_and_ban_discards_them(
        client, inbox, held, django_capture_on_commit_callbacks):
    community, moderator, _owner, reader, post = held
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communities:moderate_post", args=[community.slug, post.uid]), {"action": "allow"})
    run_queued_tasks()
    assert SenderRule.objects.get().action == SenderRule.Action.ALLOW
    assert inbox.to(reader.member.email)
    deliver(django_capture_on_commit_callbacks, message("nadia@partner.example", community.list_address,
                                                        "Another question", "And this?"), community.list_address)
    assert Post.objects.get(subject="Another question").status == Post.Status.PUBLISHED
    deliver(django_capture_on_commit_callbacks, message("spammer@bad.example", community.list_address,
                                                        "Offer", "Buy now"), community.list_address)
    spam = Post.objects.get(subject="Offer")
    inbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communities:moderate_post", args=[community.slug, spam.uid]), {"action": "ban"})
    run_queued_tasks()
    spam.refresh_from_db()
    assert spam.status == Post.Status.REJECTED and not inbox.messages  # spam gets no answer
    outcome = deliver(django_capture_on_commit_callbacks, message("spammer@bad.example", community.list_address,
                                                                  "Offer 2", "Buy"), community.list_address)
    assert "discarded" in outcome and not Post.objects.filter(subject="Offer 2").exists()


def test_a_moderator_answers_the_hold_notice_by_mail(inbox, held, django_capture_on_commit_callbacks):
    _community, moderator, _owner, reader, post = held
    [notice] = inbox.to(moderator.email)
    assert "Assessment tools" in notice["Subject"]
    address = reply_address(notice)
    assert address.startswith("cpie-confirm+") and len(address.split("@")[0]) <= 64
    inbox.clear()
    answer = message(moderator.email, address, f"Re: {notice['Subject']}", "approve\r\n\r\n> A post is held",
                     headers={"In-Reply-To": notice["Message-ID"]})
    assert deliver(django_capture_on_commit_callbacks, answer, address) == f"cpie: approve {post.uid}"
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.moderated_by == moderator
    assert inbox.to(reader.member.email) and inbox.to("nadia@partner.example")


def test_a_rejection_by_mail_in_french_carries_its_reason(inbox, held, django_capture_on_commit_callbacks):
    _community, _moderator, owner, _reader, post = held
    address = reply_address(inbox.to(owner.email)[0])
    inbox.clear()
    deliver(django_capture_on_commit_callbacks, message(owner.email, address, "Re: notice",
                                                        "Rejeter : hors sujet pour ce groupe"), address)
    post.refresh_from_db()
    assert post.status == Post.Status.REJECTED and post.moderation_reason == "hors sujet pour ce groupe"
    [told] = inbox.to("nadia@partner.example")
    assert "hors sujet pour ce groupe" in inbox.body(told)


@pytest.mark.parametrize("who", ["unproven moderator", "proven subscriber", "auto-reply"])
def test_only_a_proven_moderator_decides_by_mail(who, inbox, held, django_capture_on_commit_callbacks):
    _community, moderator, _owner, reader, post = held
    address = reply_address(inbox.to(moderator.email)[0])
    sender = reader.member.email if who == "proven subscriber" else moderator.email
    headers = {"Auto-Submitted": "auto-replied"} if who == "auto-reply" else None
    deliver(django_capture_on_commit_callbacks, message(sender, address, "Re: notice", "approve", headers=headers,
                                                        proven=who != "unproven moderator"), address)
    post.refresh_from_db()
    assert post.status == Post.Status.HELD


def test_a_forged_token_decides_nothing(inbox, held, django_capture_on_commit_callbacks):
    community, moderator, _owner, _reader, post = held
    address = f"cpie-confirm+m{post.pk}-0123456789abcdef0123@{community.list_address.split('@')[1]}"
    outcome = deliver(django_capture_on_commit_callbacks, message(moderator.email, address, "Re", "approve"), address)
    post.refresh_from_db()
    assert "not valid" in outcome and post.status == Post.Status.HELD


def test_a_machine_poster_is_never_told_and_a_flood_is_capped(inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    deliver(django_capture_on_commit_callbacks, message("noreply@alerts.example", community.list_address,
                                                        "Alert", "Automated"), community.list_address,
            envelope_from="<>")
    assert Post.objects.get().notify_poster is False and not inbox.to("noreply@alerts.example")
    for number in range(8):
        deliver(django_capture_on_commit_callbacks, message("victim@example.net", community.list_address,
                                                            f"Spam {number}", "x"), community.list_address)
    assert len(inbox.to("victim@example.net")) == 5  # mail.actions.ACKNOWLEDGEMENTS_PER_HOUR


def test_subscription_requests_are_decided_on_the_web(client, inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    moderator = MemberFactory()
    community.moderators.add(moderator)
    waiting = SubscriptionFactory(community=community, status=Subscription.Status.PENDING_APPROVAL)
    refused = Subscription.objects.create(community=community, email="who@example.net",
                                          status=Subscription.Status.PENDING_APPROVAL)
    client.force_login(moderator)
    page = client.get(reverse("communities:moderation", args=[community.slug])).content.decode()
    assert waiting.member.email in page and "who@example.net" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communities:moderate_request", args=[community.slug, waiting.pk]), {"action": "approve"})
        client.post(reverse("communities:moderate_request", args=[community.slug, refused.pk]),
                    {"action": "refuse", "reason": "For coordinators only."})
    run_queued_tasks()
    waiting.refresh_from_db()
    assert waiting.status == Subscription.Status.ACTIVE and not Subscription.objects.filter(pk=refused.pk).exists()
    assert "Welcome" in inbox.to(waiting.member.email)[0]["Subject"]
    assert "For coordinators only." in inbox.body(inbox.to("who@example.net")[0])
    assert moderation.pending_requests(community).count() == 0


def test_an_answer_without_a_command_is_said_back_and_the_post_still_waits(
        inbox, held, django_capture_on_commit_callbacks):
    _community, moderator, _owner, _reader, post = held
    address = reply_address(inbox.to(moderator.email)[0])
    inbox.clear()
    outcome = deliver(django_capture_on_commit_callbacks, message(moderator.email, address, "Re: notice",
                                                                  "Ok, I will look at it tomorrow."), address)
    post.refresh_from_db()
    assert "no moderation command" in outcome and post.status == Post.Status.HELD
    [said_back] = inbox.to(moderator.email)
    assert reply_address(said_back) == address and "approve" in inbox.body(said_back)


def test_the_community_page_links_its_moderators_to_the_queue(client, held):
    community, moderator, _owner, reader, _post = held
    url = reverse("communities:moderation", args=[community.slug])
    client.force_login(reader.member)
    assert url not in client.get(reverse("communities:threads", args=[community.slug])).content.decode()
    client.force_login(moderator)
    assert url in client.get(reverse("communities:threads", args=[community.slug])).content.decode()


@pytest.mark.parametrize(("text", "expected"), [
    ("approve\n\n> A post is held", ("approve", "")),
    ("Approuver", ("approve", "")),
    ("aprobar.", ("approve", "")),
    ("موافقة", ("approve", "")),
    ("reject off topic", ("reject", "off topic")),
    ("Rechazar: fuera de tema", ("reject", "fuera de tema")),
    ("رفض خارج الموضوع", ("reject", "خارج الموضوع")),
    ("reject\nThis belongs to the helpdesk.\n> quoted", ("reject", "This belongs to the helpdesk.")),
    ("discard", ("discard", "")), ("supprimer", ("discard", "")), ("descartar", ("discard", "")),
    ("تجاهل", ("discard", "")), ("allow", ("allow", "")), ("ban", ("ban", "")),
    ("Ok, I will look tomorrow", ("", "")), ("", ("", "")),
])
def test_the_command_words_of_an_answer(text, expected):
    assert moderation.command_in(ParsedMail(text=text, subject="Re: A post is held")) == expected


def test_the_poster_is_told_in_their_own_language(inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    poster = MemberFactory(email="amina@ngo.example", preferred_language="fr")
    seen = []
    real = holds.LABELS[holds.NON_SUBSCRIBER]

    class Spy:  # the reason, as the notice renders it
        def __str__(self):
            seen.append(translation.get_language())
            return str(real)

    holds.LABELS[holds.NON_SUBSCRIBER] = Spy()
    try:
        deliver(django_capture_on_commit_callbacks, message(poster.email, community.list_address, "Bonjour", "Salut"),
                community.list_address)
    finally:
        holds.LABELS[holds.NON_SUBSCRIBER] = real
    assert seen == ["fr"] and inbox.to(poster.email)


def test_a_community_without_moderators_tells_the_officers_of_its_desk(inbox, django_capture_on_commit_callbacks):
    from cphelpdesk.directory.models import Desk

    officer = staff_with_mfa(Role.OFFICER, email="desk.officer@cphelpdesk.example")
    desk = Desk.objects.create(code="sahel-test", name="Sahel desk", languages=["fr"])
    desk.officers.add(officer)
    community = CommunityFactory(slug="unmoderated", desk=desk)
    deliver(django_capture_on_commit_callbacks, message("Nadia <nadia@partner.example>", community.list_address,
                                                        "Assessment tools", "Which tools do you use?"),
            community.list_address, envelope_from="nadia@partner.example")
    run_queued_tasks()
    assert Post.objects.get().status == Post.Status.HELD
    assert inbox.to("desk.officer@cphelpdesk.example")

"""Every copy of a person's or a child's details, on each path that erases them (issue #11, points 1 and 6):
the individual-case closure, an approved erasure, and each retention period. Each test builds the copies a
real query leaves behind (message text and trimmed reply, raw mail, findings, search index, outbox, an export
on disk, caches, audit details) and asserts on every one of them, anywhere in the database."""

import os
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from cphelpdesk.core import erasure
from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.roles import Role
from cphelpdesk.library.actions import bank_answer
from cphelpdesk.library.models import Resource
from cphelpdesk.mail.actions import store_inbound
from cphelpdesk.mail.models import InboundMessage, OutboundMessage
from cphelpdesk.privacy import intake, rights
from cphelpdesk.privacy.models import DataRequest, Finding
from cphelpdesk.privacy.retention import run_retention
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Attachment, Message, Query, QueryEvent, Referral
from cphelpdesk.queries.models.query import Status
from cphelpdesk.search.engine import Scope, search
from cphelpdesk.search.models import SearchEntry, SearchTerm
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db

CHILD = "Zaynabou"
STREET = "Kasongolo"
CASE = f"{CHILD}, 9 years old, lives on Rue {STREET} behind the market. Her aunt's phone is +243 81 234 5678."
PDF = b"%PDF-1.4\n%%EOF\n"
STAFF_SEARCH = [Scope(kind="query", published_only=False)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def copies(text: str, exports) -> list[str]:
    """Where `text` is still held (any case, as a whole word, as erasure removes it: `core.erasure.scrub`), in every
    place the helpdesk keeps a copy of free text. A part of another word or of a signed link's random token
    ("awa" in "awaiting" or in "...kAwAq...") is not a copy of the name."""
    found = []
    folded = text.casefold()
    word = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)
    word_bytes = re.compile(rb"(?<![\w])" + re.escape(text.encode()) + rb"(?![\w])", re.IGNORECASE)

    def has(queryset, *fields) -> bool:
        near = queryset.filter(Q.create([(f"{field}__icontains", text) for field in fields], connector=Q.OR))
        return any(word.search(str(value)) for row in near.values_list(*fields) for value in row if value)

    checks = {
        "query": has(Query.objects, "subject", "requester_name", "requester_email"),
        "message text": has(Message.objects, "body", "body_html", "author_name"),
        "reply_text": has(Message.objects, "reply_text"),
        "referral": has(Referral.objects, "reason", "outcome"),
        "timeline": has(QueryEvent.objects.annotate(text=Cast("data", TextField())), "text", "actor_label"),
        "raw mail": any(word_bytes.search(bytes(raw)) for raw in InboundMessage.objects.values_list("raw", flat=True)),
        "inbound summary": has(InboundMessage.objects, "sender", "subject", "envelope_from"),
        "findings": has(Finding.objects, "text"),
        "search index": has(SearchEntry.objects, "title", "body") or search(text, scopes=STAFF_SEARCH).total > 0,
        "vocabulary": any(word.search(term) for term in SearchTerm.objects.filter(term__icontains=folded)
                          .values_list("term", flat=True)),
        "outbox": has(OutboundMessage.objects.annotate(recipients=Cast("to", TextField())),
                      "subject", "body", "recipients"),
        "drafts": has(Resource.objects, "title", "summary", "body"),
        "erasure requests": has(DataRequest.objects, "reason"),
        "audit details": has(AuditEntry.objects.annotate(text=Cast("details", TextField())), "text"),
        "exports on disk": any(path.exists() and word_bytes.search(path.read_bytes()) for path in exports),
        # The tests' cache is in memory (tests/conftest.py): every stored value, pickled, is read.
        "caches": any(word_bytes.search(value) for value in getattr(cache, "_cache", {}).values()
                      if isinstance(value, bytes)),
    }
    found = [where for where, held in checks.items() if held]
    return found


def export_with_content(tmp_path) -> list:
    """A manager's export of every query with its content, written to disk by the command."""
    manager = staff_with_mfa(Role.MANAGER)
    output = tmp_path / f"export-{timezone.now().timestamp()}.csv"
    today = timezone.localdate()
    call_command("export_queries", "--from", (today - timedelta(days=400)).isoformat(), "--to", today.isoformat(),
                 "--user", manager.email, "--with-content", "--reason", "Annual review", "--output", str(output))
    return [output]


def thread(query: Query, *, sender_name: str, sender_email: str, follow_up: str) -> None:
    """What a real thread leaves: a follow-up by mail (raw copy kept, trimmed reply shown first), the scan's
    findings, a staff reply and a referral in the outbox, a draft banked from the answer."""
    officer = staff_with_mfa(Role.OFFICER)
    raw = (f"From: {sender_name} <{sender_email}>\r\nTo: helpdesk@cphelpdesk.localhost\r\n"
           f"Subject: Re: {query.reference} {query.subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           f"{follow_up}\r\n\r\n> earlier text\r\n").encode()
    inbound = store_inbound(raw=raw, channel=InboundMessage.Channel.PIPE)
    message = actions.add_mail_follow_up(query=query, actor=query.requester, sender_name=sender_name,
                                         body=f"{follow_up}\n\n> earlier text", reply_text=follow_up)
    InboundMessage.objects.filter(pk=inbound.pk).update(query=query, status=InboundMessage.Status.PROCESSED,
                                                        sender=f"{sender_name} <{sender_email}>",
                                                        subject=f"Re: {query.subject}")
    intake.scan_messages(list(query.messages.values_list("pk", flat=True)))
    assert message.pk and Finding.objects.filter(query=query).exists()
    actions.reply(actor=officer, query=query, body=f"Dear {sender_name.split()[0]}, about {CHILD}: see below.")
    actions.refer(actor=officer, query=query, destination="focal_point", recipient_name="Focal point",
                  recipient_email="fp@example.org", reason=f"{CHILD} in Rue {STREET}; ask {sender_name}.")
    return officer


def test_individual_case_leaves_no_copy_of_the_child(client, tmp_path):
    requester = MemberFactory(full_name="Awa Sangaré", email="awa@ngo.example.org")
    query = make_query(requester=requester, subject=f"Help for {CHILD}", question=CASE)
    officer = thread(query, sender_name="Awa Sangaré", sender_email="awa@ngo.example.org",
                     follow_up=f"Update: {CHILD} moved to Rue {STREET}, call +243 81 234 5678.")
    exports = export_with_content(tmp_path)
    client.force_login(officer)
    assert CHILD in client.get(f"/queries/{query.reference}/").content.decode()
    for detail in (CHILD, STREET, "234 5678"):
        assert {"message text", "reply_text", "raw mail", "search index", "outbox",
                "exports on disk"} <= set(copies(detail, exports)), detail
    assert "findings" in copies(CHILD, exports)

    actions.close_as_individual_case(actor=officer, query=query)

    for detail in (CHILD, STREET, "234 5678"):
        assert copies(detail, exports) == [], detail
    page = client.get(f"/queries/{query.reference}/").content.decode()
    assert CHILD not in page and STREET not in page
    assert query.inbound_messages.get().raw_purged_at is not None
    assert client.get(f"/staff/mail/{query.inbound_messages.get().pk}/raw/").status_code == 404
    # The requester is told where individual cases go; the query's facts stay for the statistics.
    assert OutboundMessage.objects.filter(template="queries/email/individual_case").exists()
    query.refresh_from_db()
    assert query.outcome == "individual_case" and query.requester == requester


def test_an_individual_case_takes_the_drafts_banked_from_the_query():
    query = make_query(subject=f"Help for {CHILD}", question=CASE)
    officer = staff_with_mfa(Role.OFFICER)
    actions.reply(actor=officer, query=query, body=f"About {CHILD}: see the services below.")
    query = actions.mark_answered(actor=officer, query=query)
    draft = bank_answer(actor=officer, query=query, answers=[query.messages.get(kind=Message.Kind.REPLY)])
    query = actions.reopen(actor=officer, query=query)  # the requester wrote again: it was a case after all
    assert "drafts" in copies(CHILD, [])

    actions.close_as_individual_case(actor=officer, query=query)

    assert copies(CHILD, []) == []
    assert not Resource.objects.filter(pk=draft.pk).exists()
    assert not SearchEntry.objects.filter(kind="resource", object_id=draft.pk).exists()


def test_an_approved_erasure_leaves_no_copy_of_the_member(tmp_path):
    member = MemberFactory(full_name="Awa Sangaré", email="awa@ngo.example.org")
    query = make_query(requester=member, question="Which ToR do you use? Awa Sangaré, tel +223 76 12 34 56")
    officer = thread(query, sender_name="Awa Sangaré", sender_email="awa@ngo.example.org",
                     follow_up="Thanks. Reach me at awa@ngo.example.org or +223 76 12 34 56.")
    query = actions.mark_answered(actor=officer, query=query)
    bank_answer(actor=officer, query=query, answers=[query.messages.get(kind=Message.Kind.REPLY)])
    exports = export_with_content(tmp_path)
    away = store_inbound(raw="From: Awa Sangaré <awa@ngo.example.org>\r\n\r\nOut of office.".encode(),
                         channel=InboundMessage.Channel.PIPE, envelope_from="awa@ngo.example.org")
    InboundMessage.objects.filter(pk=away.pk).update(status=InboundMessage.Status.AUTO_REPLY)
    request = rights.request_erasure(member=member, reason="I am Awa Sangaré and I leave the sector")
    for detail in ("Sangaré", "awa@ngo.example.org", "76 12 34 56"):
        assert {"message text", "raw mail", "outbox", "exports on disk"} <= set(copies(detail, exports)), detail
    assert {"drafts", "erasure requests"} <= set(copies("Sangaré", exports))
    # Her own name, as she signs, is no finding (detection.senders); the number she gives in a follow-up is.
    assert "findings" in copies("76 12 34 56", exports)
    assert search("Sangaré", scopes=STAFF_SEARCH).total == 1

    rights.decide_erasure(actor=officer, data_request=request, erase=True)

    # Only the mail telling her it is done goes to the address she had.
    [done] = OutboundMessage.objects.filter(template="privacy/email/erasure_done")
    OutboundMessage.objects.filter(pk=done.pk).delete()
    for detail in ("Awa", "Sangaré", "awa@ngo.example.org", "76 12 34 56"):
        assert copies(detail, exports) == [], detail
    assert search("Sangaré", scopes=STAFF_SEARCH).total == 0
    query.refresh_from_db()
    assert query.requester_name == erasure.FORMER_MEMBER and query.status == Status.ANSWERED


def test_an_erased_staff_member_leaves_the_lists_kept_per_process(django_capture_on_commit_callbacks):
    """Erasure anonymises accounts without signals; the per-process "Assign to" list (queries.selectors
    .STAFF_DIRECTORY) must forget the name at once here, and in other processes through the shared stamp."""
    from django.core.cache import cache as shared

    from cphelpdesk.queries.selectors import assignable_staff

    def names() -> str:
        return " ".join(person.name for _group, people in assignable_staff() for person in people)

    expert = MemberFactory(full_name="Omar Haddad", roles=[Role.EXPERT])
    officer = staff_with_mfa(Role.OFFICER)
    assert "Haddad" in names()
    stamp = shared.get("config:directory.Member:version")
    request = rights.request_erasure(member=expert, reason="I leave the sector")
    with django_capture_on_commit_callbacks(execute=True):
        rights.decide_erasure(actor=officer, data_request=request, erase=True)
    assert "Haddad" not in names()
    assert shared.get("config:directory.Member:version") != stamp  # other processes read again


def mailed_query(**fields) -> Query:
    return actions.submit_query(subject="Case management forms", question=CASE.replace(CHILD, "A girl") +
                                "\nBintou Keïta, bintou@ngo.example.org, +223 66 11 22 33",
                                requester_name="Bintou Keïta", requester_email="bintou@ngo.example.org",
                                channel="email", no_child_details_confirmed=True, **fields)


def age(query: Query, days: int) -> None:
    past = timezone.now() - timedelta(days=days)
    Query.objects.filter(pk=query.pk).update(status=Status.CLOSED, outcome="full", answered_at=past, closed_at=past)
    InboundMessage.objects.filter(query=query).update(received_at=past)


def test_contact_retention_leaves_no_copy_of_the_contact(settings, tmp_path):
    settings.HELPDESK_RETENTION_CONTACT_DAYS = 365
    query = mailed_query()
    thread(query, sender_name="Bintou Keïta", sender_email="bintou@ngo.example.org",
           follow_up="Merci. Bintou Keïta, +223 66 11 22 33")
    exports = export_with_content(tmp_path)
    for detail in ("Keïta", "bintou@ngo.example.org", "66 11 22 33"):
        assert {"message text", "raw mail", "outbox", "exports on disk"} <= set(copies(detail, exports)), detail
    age(query, 366)

    assert run_retention().counts["contacts"] == {"done": 1, "held": 0}

    for detail in ("Bintou", "Keïta", "bintou@ngo.example.org", "66 11 22 33"):
        assert copies(detail, exports) == [], detail
    query.refresh_from_db()
    assert query.status == Status.CLOSED and query.outcome == "full" and query.messages.count() == 3


def test_member_retention_leaves_no_copy_of_the_closed_account(settings, tmp_path):
    settings.HELPDESK_RETENTION_MEMBER_DAYS = 365
    member = MemberFactory(full_name="Awa Sangaré", email="awa@ngo.example.org")
    query = make_query(requester=member, question="Which ToR do you use? Awa Sangaré, tel +223 76 12 34 56")
    thread(query, sender_name="Awa Sangaré", sender_email="awa@ngo.example.org",
           follow_up="Reach me at awa@ngo.example.org or +223 76 12 34 56.")
    exports = export_with_content(tmp_path)
    type(member).objects.filter(pk=member.pk).update(is_active=False,
                                                     closed_at=timezone.now() - timedelta(days=366))

    assert run_retention().counts["members"] == {"done": 1, "held": 0}

    for detail in ("Awa", "Sangaré", "awa@ngo.example.org", "76 12 34 56"):
        assert copies(detail, exports) == [], detail


def test_raw_mail_retention_drops_the_raw_copies_only(settings, tmp_path):
    settings.HELPDESK_RETENTION_RAW_MAIL_DAYS = 730
    query = mailed_query()
    thread(query, sender_name="Bintou Keïta", sender_email="bintou@ngo.example.org", follow_up="Merci, Bintou Keïta")
    # The gateway also keeps where the mail came from (the SMTP client's address and greeting name).
    InboundMessage.objects.update(received_at=timezone.now() - timedelta(days=731), client_address="192.0.2.7",
                                  client_helo="laptop.bintou.example")
    assert "raw mail" in copies("Keïta", [])

    run_retention()

    # The raw copies go, and where they came from; the rest waits for its own period (contacts, a year after
    # closure).
    assert "raw mail" not in copies("Keïta", []) and "message text" in copies("Keïta", [])
    assert not InboundMessage.objects.exclude(client_address=None).exists()
    assert not InboundMessage.objects.exclude(client_helo="").exists()


def test_attachment_retention_removes_the_files_and_their_findings(settings, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.HELPDESK_RETENTION_ATTACHMENT_DAYS = 730
    query = make_query(attachments=[SimpleUploadedFile("case.txt", CASE.encode(), content_type="text/plain")])
    attachment = query.messages.get().attachments.get()
    intake.scan_attachment(attachment, CASE)
    assert "findings" in copies(CHILD, [])
    path = attachment.file.path
    age(query, 731)

    with django_capture_on_commit_callbacks(execute=True):
        run_retention()

    assert copies(CHILD, []) == []
    assert not query.messages.get().attachments.exists()
    assert not os.path.exists(path)


def test_survey_invitation_retention_forgets_who_was_asked(settings):
    from cphelpdesk.surveys.models import Invitation, Survey

    settings.HELPDESK_RETENTION_SURVEY_INVITATION_DAYS = 180
    member = MemberFactory()
    survey = Survey.objects.create(title="Coordination survey", status=Survey.Status.CLOSED, invited_count=1,
                                   responded_count=0, closed_at=timezone.now() - timedelta(days=181))
    Invitation.objects.create(survey=survey, member=member)

    assert run_retention().counts["survey_invitations"] == {"done": 1, "held": 0}

    assert not Invitation.objects.filter(member=member).exists()
    survey.refresh_from_db()
    assert survey.invited_count == 1  # the survey's counts stay


def test_an_unconfirmed_request_to_join_a_community_is_forgotten_after_its_limit(settings, manager):
    from cphelpdesk.communities.models import Subscription
    from cphelpdesk.privacy.retention import place_hold
    from tests.communities.factories import SubscriptionFactory

    settings.HELPDESK_RETENTION_SUBSCRIPTION_REQUEST_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    pending, approval, active = (Subscription.Status.PENDING_CONFIRMATION, Subscription.Status.PENDING_APPROVAL,
                                 Subscription.Status.ACTIVE)
    typed = SubscriptionFactory(member=None, email="someone.else@ngo.example.org", status=pending, subscribed_at=old)
    recent = SubscriptionFactory(member=None, email="new@ngo.example.org", status=pending)
    awaiting_moderator = SubscriptionFactory(status=approval, subscribed_at=old)
    subscribed = SubscriptionFactory(status=active, subscribed_at=old)
    held = SubscriptionFactory(status=pending, subscribed_at=old)
    place_hold(actor=manager, member=held.member, reason="Court order")

    assert run_retention().counts["subscription_requests"] == {"done": 1, "held": 1}

    assert copies("someone.else@ngo.example.org", []) == []
    assert not Subscription.objects.filter(pk=typed.pk).exists()
    assert set(Subscription.objects.values_list("pk", flat=True)) == {
        recent.pk, awaiting_moderator.pk, subscribed.pk, held.pk}


def test_an_address_that_kept_bouncing_is_forgotten_once_its_suspension_is_old(settings, manager, client):
    from cphelpdesk.communities.bounces import resume_url
    from cphelpdesk.communities.models import Subscription
    from cphelpdesk.privacy.retention import place_hold
    from tests.communities.factories import SubscriptionFactory

    settings.HELPDESK_RETENTION_SUSPENDED_SUBSCRIPTION_DAYS = 90
    old, recent = timezone.now() - timedelta(days=91), timezone.now() - timedelta(days=10)
    suspended, active = Subscription.Status.SUSPENDED, Subscription.Status.ACTIVE
    dead = SubscriptionFactory(member=None, email="gone@ngo.example.org", status=suspended, suspended_at=old)
    link = resume_url(dead)
    lately = SubscriptionFactory(member=None, email="full.mailbox@ngo.example.org", status=suspended,
                                 suspended_at=recent)
    members_own = SubscriptionFactory(status=suspended, suspended_at=old)
    reading = SubscriptionFactory(member=None, email="reader@ngo.example.org", status=active, subscribed_at=old)
    held_member = MemberFactory(email="held@ngo.example.org")
    held = SubscriptionFactory(member=None, email="Held@ngo.example.org", status=suspended, suspended_at=old)
    place_hold(actor=manager, member=held_member, reason="Court order")

    assert run_retention(dry_run=True).counts["suspended_subscriptions"] == {"done": 1, "held": 1}
    assert Subscription.objects.filter(pk=dead.pk).exists()
    assert run_retention().counts["suspended_subscriptions"] == {"done": 1, "held": 1}

    assert copies("gone@ngo.example.org", []) == []
    assert set(Subscription.objects.values_list("pk", flat=True)) == {
        lately.pk, members_own.pk, reading.pk, held.pk}
    # The resume link in the old suspension notice no longer works, and says so.
    page = client.get(link.removeprefix(settings.HELPDESK_BASE_URL))
    assert page.status_code in (400, 404, 410) and b"gone@ngo.example.org" not in page.content


def test_every_path_has_steps_from_the_apps_that_hold_its_data():
    owners = {path: {step.app for step in erasure.steps(path)} for path in erasure.Path}
    assert {"queries", "mail", "privacy", "library", "surveys", "communities"} <= owners[erasure.Path.INDIVIDUAL_CASE]
    for path in (erasure.Path.ERASURE, erasure.Path.MEMBERS):
        assert {"directory", "queries", "mail", "privacy", "library", "surveys", "api", "communities",
                "learning"} <= owners[path]
    assert {"queries", "mail", "privacy", "library", "surveys"} <= owners[erasure.Path.CONTACTS]
    assert owners[erasure.Path.RAW_MAIL] == {"mail"} and owners[erasure.Path.ATTACHMENTS] == {"queries"}
    assert owners[erasure.Path.SURVEY_INVITATIONS] == {"surveys"}
    assert owners[erasure.Path.SUBSCRIPTION_REQUESTS] == {"communities"}
    assert owners[erasure.Path.SUSPENDED_SUBSCRIPTIONS] == {"communities"}


def test_every_mail_about_a_query_names_its_reference_in_the_subject():
    # The outbox's mails about a query are found by the reference in their subject (mail.personal_data).
    from pathlib import Path

    from django.conf import settings

    templates = Path(settings.BASE_DIR) / "cphelpdesk" / "templates"
    subjects = [*templates.glob("queries/email/*_subject.txt"), *templates.glob("surveys/email/feedback_*_subject.txt"),
                *templates.glob("surveys/email/low_rating_subject.txt")]
    assert len(subjects) > 10
    assert [path.name for path in subjects if "{{ reference }}" not in path.read_text()] == []


def test_an_individual_case_cancels_its_referrals_drops_its_files_and_cannot_be_reopened(client, settings, tmp_path):
    officer = staff_with_mfa(Role.OFFICER)
    settings.MEDIA_ROOT = tmp_path
    query = make_query(subject="Amina, 9, camp 3", question="Amina, 9, needs help",
                       attachments=[SimpleUploadedFile("amina.pdf", PDF)])
    referral = actions.refer(actor=officer, query=query, destination="focal_point", recipient_name="FP",
                             recipient_email="fp@example.org", reason="Amina's case in camp 3")
    actions.reply(actor=officer, query=query, body="Note: Amina is 9", internal=True)
    actions.close_as_individual_case(actor=officer, query=query)
    query.refresh_from_db()
    referral.refresh_from_db()
    assert "Amina" not in query.subject
    assert not Message.objects.filter(query=query, body__contains="Amina").exists()
    assert "Amina" not in referral.reason and referral.status == Referral.Status.CANCELLED
    assert not Attachment.objects.filter(message__query=query).exists()
    token = actions.referral_token(referral)
    assert client.get(reverse("queries:referral_answer", args=[token])).status_code == 410
    with pytest.raises(actions.InvalidTransition):
        actions.reopen(actor=staff_with_mfa(Role.MANAGER), query=query)  # now strictly confidential

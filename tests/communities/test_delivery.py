"""List copies as a subscriber's mail program sees them: one each, the list's headers, the From rewritten for
DMARC, the footer in their language, the post's files; and who gets none."""

import pytest
from django.core.files.base import ContentFile

from cphelpdesk.communities import actions
from cphelpdesk.communities.models import Community, PostAttachment, Subscription
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


def post(community, django_capture_on_commit_callbacks, **fields):
    fields = {"subject": "Case management forms", "body": "Has anyone adapted them?",
              "author_name": "Amina Diallo", "author_email": "amina@strict-dmarc.example", **fields}
    with django_capture_on_commit_callbacks(execute=True):
        published = actions.submit_post(actions.Submission(community=community, **fields))
    run_queued_tasks()
    return published


def subscriber(community, email, **fields):
    return SubscriptionFactory(community=community, member=MemberFactory(email=email), **fields)


def test_every_each_post_subscriber_gets_the_post_exactly_once_with_every_list_header(
        inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory(slug="coordinators", name="Coordinators' forum")
    readers = [subscriber(community, f"reader{number}@example.org") for number in range(4)]
    subscriber(community, "digest@example.org", delivery=Subscription.Delivery.DAILY)
    subscriber(community, "web@example.org", delivery=Subscription.Delivery.WEB_ONLY)
    subscriber(community, "waiting@example.org", status=Subscription.Status.PENDING_CONFIRMATION)
    # The same address also imported without an account: still one copy.
    SubscriptionFactory(community=community, member=None, email="reader0@example.org")
    published = post(community, django_capture_on_commit_callbacks)

    assert sorted(rcpt for _sender, [rcpt] in inbox.envelopes) == sorted(r.member.email for r in readers)
    for reader in readers:
        [copy] = inbox.to(reader.member.email)
        assert copy["List-Id"] == f'"Coordinators\' forum" <{community.list_id}>'
        assert copy["List-Post"] == f"<mailto:{community.list_address}>"
        for header in ("List-Archive", "List-Help", "List-Subscribe", "List-Owner"):
            assert copy[header].startswith("<") and copy[header].endswith(">")
        https, mailto = [part.strip(" <>") for part in copy["List-Unsubscribe"].split(",")]
        assert https.startswith("http") and mailto == f"mailto:{community.command_address('leave')}"
        assert copy["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert str(published.uid) in copy["Archived-At"] and copy["Precedence"] == "list"
        assert copy["Message-ID"] == f"<{published.message_id}>" and copy["To"] == community.list_address
        assert copy["Subject"] == "[CP-Coord] Case management forms"
        # DMARC: the list's address in From, the poster one "reply all" away; replies go to the list.
        assert copy["From"].addresses[0].addr_spec == community.list_address
        assert copy["From"].addresses[0].display_name == "Amina Diallo via Coordinators' forum"
        assert copy["Reply-To"] == community.list_address and "amina@strict-dmarc.example" in copy["Cc"]
        # Plain text as written: no HTML alternative; the footer with the archive and this reader's own link.
        assert copy.get_content_type() == "text/plain"
        text = copy.get_content()
        assert text.startswith("Has anyone adapted them?") and https in text
        assert "You receive this as a subscriber of Coordinators' forum." in text
    assert {sender.split("+")[1].split("@")[0] for sender, _rcpt in inbox.envelopes} == {r.token for r in readers}


def test_replies_go_to_the_poster_when_the_community_says_so(inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory(reply_to=Community.ReplyTo.POSTER)
    subscriber(community, "reader@example.org")
    post(community, django_capture_on_commit_callbacks)
    [copy] = inbox.to("reader@example.org")
    assert copy["Reply-To"].addresses[0].addr_spec == "amina@strict-dmarc.example" and copy["Cc"] is None


def test_an_announce_only_list_has_no_post_address(inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory(posting=Community.Posting.ANNOUNCE)
    subscriber(community, "reader@example.org")
    post(community, django_capture_on_commit_callbacks)
    assert inbox.to("reader@example.org")[0]["List-Post"] == "NO"


def test_the_footer_is_written_in_each_subscribers_language(inbox, monkeypatch,
                                                             django_capture_on_commit_callbacks):
    from django.utils import translation

    from cphelpdesk.communities import delivery

    rendered, render = [], delivery.render_to_string

    def recording(template, context):  # the catalogs are filled after the strings are written
        rendered.append((template, translation.get_language()))
        return render(template, context)

    monkeypatch.setattr(delivery, "render_to_string", recording)
    community = CommunityFactory(language="es")
    for number in range(3):
        subscriber(community, f"lecteur{number}@example.org", language="fr")
    subscriber(community, "reader@example.org", language="ar")
    # Imported, with no language of their own: the community's.
    SubscriptionFactory(community=community, member=None, email="lector@example.org")
    post(community, django_capture_on_commit_callbacks)
    # Once per language, not once per subscriber.
    assert sorted(rendered) == [("communities/mail/footer.txt", language) for language in ("ar", "es", "fr")]
    assert len(inbox.messages) == 5


def test_a_subscriber_named_in_to_or_cc_gets_no_duplicate_unless_they_want_one(
        inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    subscriber(community, "named@example.org")
    subscriber(community, "wants-both@example.org", avoid_duplicates=False)
    subscriber(community, "other@example.org")
    post(community, django_capture_on_commit_callbacks,
         named_recipients=[community.list_address, "Named@example.org", "wants-both@example.org"])
    assert inbox.to("named@example.org") == []
    assert len(inbox.to("wants-both@example.org")) == 1 and len(inbox.to("other@example.org")) == 1


def test_the_author_gets_their_own_post_unless_they_opted_out(inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    author = subscriber(community, "author@example.org")
    shy = subscriber(community, "shy@example.org", receive_own_posts=False)
    post(community, django_capture_on_commit_callbacks, author=author.member, author_email="author@example.org")
    post(community, django_capture_on_commit_callbacks, author=shy.member, author_email="shy@example.org",
         subject="Second")
    assert [copy["Subject"] for copy in inbox.to("author@example.org")] == [
        "[CP-Coord] Case management forms", "[CP-Coord] Second"]
    assert [copy["Subject"] for copy in inbox.to("shy@example.org")] == ["[CP-Coord] Case management forms"]


def test_an_address_change_or_a_departure_takes_effect_for_the_very_next_post(
        inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    moving = subscriber(community, "old@example.org")
    leaving = subscriber(community, "leaving@example.org")
    post(community, django_capture_on_commit_callbacks)
    moving.member.email = "new@example.org"
    moving.member.save(update_fields=["email"])
    actions.unsubscribe(leaving, actor=leaving.member)
    post(community, django_capture_on_commit_callbacks, subject="Next")
    assert [copy["Subject"] for copy in inbox.to("old@example.org")] == ["[CP-Coord] Case management forms"]
    assert [copy["Subject"] for copy in inbox.to("new@example.org")] == ["[CP-Coord] Next"]
    assert len(inbox.to("leaving@example.org")) == 1


def _with_file(community, size_limit, settings, tmp_path, django_capture_on_commit_callbacks):
    """A post whose file is saved before it is published, as a post by mail or on the web carries it."""
    settings.MEDIA_ROOT = tmp_path
    settings.HELPDESK_MAX_MAILED_ATTACHMENT_BYTES = size_limit
    original = actions.delivery.fan_out

    def attach_then_fan_out(published):
        attachment = PostAttachment(post=published, original_name="Referral form.pdf",
                                    content_type="application/pdf", size=17, sha256="0" * 64)
        attachment.file.save("x", ContentFile(b"%PDF-1.4 referral"), save=True)
        return original(published)

    actions.delivery.fan_out = attach_then_fan_out
    try:
        return post(community, django_capture_on_commit_callbacks)
    finally:
        actions.delivery.fan_out = original


def test_a_posts_files_travel_with_it_within_the_mailed_limit(inbox, settings, tmp_path,
                                                              django_capture_on_commit_callbacks):
    community = CommunityFactory()
    subscriber(community, "reader@example.org")
    _with_file(community, 1000, settings, tmp_path, django_capture_on_commit_callbacks)
    [copy] = inbox.to("reader@example.org")
    [attached] = list(copy.iter_attachments())
    assert attached.get_filename() == "Referral form.pdf" and attached.get_content() == b"%PDF-1.4 referral"
    assert copy.get_body(preferencelist=("html",)) is None


def test_files_too_large_for_mail_are_named_with_the_archive_link(inbox, settings, tmp_path,
                                                                  django_capture_on_commit_callbacks):
    community = CommunityFactory()
    subscriber(community, "reader@example.org")
    published = _with_file(community, 10, settings, tmp_path, django_capture_on_commit_callbacks)
    [copy] = inbox.to("reader@example.org")
    assert list(copy.iter_attachments()) == []
    text = inbox.body(copy)
    assert "Referral form.pdf" in text and str(published.uid) in text

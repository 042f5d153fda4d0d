"""The web archive: threads by latest activity and by date, a thread read in order with quotes folded,
attachments, writing on the web (which goes out by email), following a thread, the feed."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cphelpdesk.communities import actions, selectors
from cphelpdesk.communities.models import Community, Post, PostAttachment, Subscription, Thread
from cphelpdesk.communities.quoting import split_quotes
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


def _post(community, subject, body="Text", when=None, **fields):
    return actions.submit_post(actions.Submission(community=community, subject=subject, body=body,
                                                  author_email="peer@example.org", author_name="A peer",
                                                  posted_at=when, via=Post.Via.IMPORT, **fields))


def test_threads_by_latest_activity_and_by_date_page_through_every_thread_once(client, monkeypatch):
    monkeypatch.setattr(selectors, "THREADS_PER_PAGE", 3)
    community = CommunityFactory(visibility=Community.Visibility.PUBLIC)
    start = timezone.now() - datetime.timedelta(days=30)
    posts = [_post(community, f"Topic {n}", when=start + datetime.timedelta(days=n)) for n in range(7)]
    # An answer today brings the oldest thread to the top of "latest activity", not of "newest threads".
    _post(community, "Re: Topic 0", when=timezone.now(), in_reply_to=posts[0].message_id)
    seen, url = [], f"/communities/{community.slug}/"
    while url:
        page = client.get(url)
        assert page.status_code == 200
        seen += [thread.subject for thread in page.context["page"].threads]
        cursor = page.context["page"].next_cursor
        url = f"/communities/{community.slug}/?order=latest&after={cursor}" if cursor else None
    assert seen == ["Topic 0", "Topic 6", "Topic 5", "Topic 4", "Topic 3", "Topic 2", "Topic 1"]
    by_date = selectors.thread_page(community, order="started")
    assert [thread.subject for thread in by_date.threads] == ["Topic 6", "Topic 5", "Topic 4"]
    body = client.get(f"/communities/{community.slug}/?order=started").content.decode()
    assert body.index("Topic 6") < body.index("Topic 4") and "Topic 0" not in body and "Older threads" in body
    assert client.get(f"/communities/{community.slug}/?after=nonsense").status_code == 200


@pytest.mark.parametrize(("attribution", "language"), [
    ("On Mon, 7 Dec 2026 at 10:00, Amina <amina@example.org> wrote:", "en"),
    ("Le lun. 7 déc. 2026 à 10:00, Amina <amina@example.org> a écrit :", "fr"),
    ("El lun, 7 dic 2026 a las 10:00, Amina (<amina@example.org>) escribió:", "es"),
    ("في الاثنين، 7 ديسمبر 2026، كتب Amina <amina@example.org>:", "ar"),
])
def test_an_answer_above_a_quote_keeps_its_words_and_folds_the_quote(attribution, language):
    parts = split_quotes(f"Yes, we use the inter-agency form.\n\n{attribution}\n> Does anyone have a form?\n> Thanks")
    assert [part.quoted for part in parts] == [False, True]
    assert parts[0].text == "Yes, we use the inter-agency form." and "Does anyone" in parts[1].text


def test_quotes_between_answers_fold_and_a_wrapped_attribution_is_recognised():
    body = ("> First question?\nFirst answer.\n\n> Second question?\n\nSecond answer.\n\n"
            "On Mon, 7 Dec 2026 at 10:00, Someone\n<someone@example.org> wrote:\n> all of it")
    assert [(part.quoted, part.text.splitlines()[0]) for part in split_quotes(body)] == [
        (True, "> First question?"), (False, "First answer."), (True, "> Second question?"),
        (False, "Second answer."), (True, "On Mon, 7 Dec 2026 at 10:00, Someone")]
    assert split_quotes("No quote at all.\nOn the ground, things wrote themselves.") == [
        split_quotes("No quote at all.\nOn the ground, things wrote themselves.")[0]]


def test_the_thread_page_shows_posts_in_order_with_quotes_folded_and_attachments(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    community = CommunityFactory(visibility=Community.Visibility.PUBLIC)
    first = _post(community, "Referral forms", "Has anyone adapted them?")
    reply = _post(community, "Re: Referral forms", "Here is ours.\n\nOn Mon, 7 Dec 2026, A peer wrote:\n> Has anyone",
                  in_reply_to=first.message_id)
    attachment = PostAttachment(post=reply, original_name="form.txt", content_type="text/plain", size=4, sha256="x")
    attachment.file.save("form.txt", ContentFile(b"form"), save=True)
    _held = actions.submit_post(actions.Submission(community=community, subject="Re: Referral forms",
                                                   body="held words", in_reply_to=first.message_id,
                                                   hold_reasons=["moderated"]))
    page = client.get(f"/communities/{community.slug}/threads/{first.thread_id}/")
    body = page.content.decode()
    assert body.index("Has anyone adapted") < body.index("Here is ours") and "held words" not in body
    assert '<details class="quoted"><summary>Quoted text</summary>' in body
    download = client.get(f"/communities/{community.slug}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"form"
    assert download["Content-Disposition"].startswith('attachment; filename="form.txt"')
    assert download["X-Content-Type-Options"] == "nosniff" and "sandbox" in download["Content-Security-Policy"]
    assert download["Cache-Control"].startswith("private")
    permalink = client.get(f"/communities/{community.slug}/posts/{reply.uid}/")
    assert permalink.status_code == 302 and permalink["Location"].endswith(f"#post-{reply.uid}")


def test_a_reply_on_the_web_goes_out_by_email_as_a_list_post(client, inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    writer = SubscriptionFactory(community=community, delivery=Subscription.Delivery.WEB_ONLY).member
    reader = SubscriptionFactory(community=community).member
    first = _post(community, "Workplan template", "Any?")
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/communities/{community.slug}/threads/{first.thread_id}/reply/",
                               {"body": "Ours is attached to the cluster site."})
    run_queued_tasks()
    assert response.status_code == 302
    post = Post.objects.get(via=Post.Via.WEB)
    assert post.thread_id == first.thread_id and post.author == writer and post.parent == first
    [copy] = inbox.to(reader.email)
    assert copy["Subject"] == "[CP-Coord] Re: Workplan template" and copy["In-Reply-To"] == f"<{first.message_id}>"
    assert "Ours is attached" in inbox.body(copy) and not inbox.to(writer.email)


def test_a_thread_started_on_the_web_checks_its_files_and_is_held_on_a_moderated_list(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    community = CommunityFactory()
    member = SubscriptionFactory(community=community).member
    client.force_login(member)
    url = f"/communities/{community.slug}/threads/new/"
    refused = client.post(url, {"subject": "Tools", "body": "See file",
                                "attachments": SimpleUploadedFile("tool.pdf", b"not a pdf at all")})
    assert refused.status_code == 400 and "does not look like a real PDF" in refused.content.decode()
    assert not Post.objects.exists() and not PostAttachment.objects.exists()
    response = client.post(url, {"subject": "Tools", "body": "See file",
                                 "attachments": SimpleUploadedFile("tool.txt", b"a checklist")})
    post = Post.objects.get()
    assert response.status_code == 302 and post.thread.subject == "Tools"
    assert post.attachments.get().original_name == "tool.txt"
    community.posting = Community.Posting.MODERATED
    community.save()
    client.post(url, {"subject": "Another", "body": "Wait for me"})
    assert Post.objects.get(subject="Another").status == Post.Status.HELD


def test_only_subscribers_may_write_on_the_web(client):
    community = CommunityFactory(visibility=Community.Visibility.PUBLIC)
    first = _post(community, "Question", "Any?")
    assert client.get(f"/communities/{community.slug}/threads/new/").status_code == 302  # sign in first
    client.force_login(MemberFactory())
    assert client.get(f"/communities/{community.slug}/threads/new/").status_code == 403
    assert client.post(f"/communities/{community.slug}/threads/{first.thread_id}/reply/",
                       {"body": "x"}).status_code == 403
    assert "Reply" not in client.get(f"/communities/{community.slug}/threads/{first.thread_id}/").content.decode()


def test_a_follower_without_each_post_mail_hears_of_new_posts(client, inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    follower = SubscriptionFactory(community=community, delivery=Subscription.Delivery.WEEKLY).member
    each_post = SubscriptionFactory(community=community).member
    first = _post(community, "Birth registration", "Who knows?")
    for member in (follower, each_post):
        client.force_login(member)
        assert client.post(f"/communities/{community.slug}/threads/{first.thread_id}/follow/").status_code == 302
    assert set(Thread.objects.get().followers.all()) == {follower, each_post}
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_post(actions.Submission(community=community, subject="Re: Birth registration",
                                               body="The civil registry.", author_email="x@example.org",
                                               in_reply_to=first.message_id))
    run_queued_tasks()
    [notice] = inbox.to(follower.email)
    assert "Birth registration" in notice["Subject"] and "The civil registry." in inbox.body(notice)
    assert len(inbox.to(each_post.email)) == 1  # the list copy only
    client.force_login(follower)
    client.post(f"/communities/{community.slug}/threads/{first.thread_id}/follow/", {"stop": "1"})
    assert not Thread.objects.get().followers.filter(pk=follower.pk).exists()


def test_the_feed_is_for_public_archives_only(client):
    public = CommunityFactory(visibility=Community.Visibility.PUBLIC)
    _post(public, "Open question", "On MHPSS")
    members = CommunityFactory(visibility=Community.Visibility.MEMBERS)
    _post(members, "Members' question", "Closed")
    feed = client.get(f"/communities/{public.slug}/feed/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert "Open question" in feed.content.decode()
    assert client.get(f"/communities/{members.slug}/feed/").status_code == 404


def test_a_long_thread_reads_in_pages_and_a_permalink_finds_its_page(client, monkeypatch):
    monkeypatch.setattr(selectors, "POSTS_PER_PAGE", 2)
    community = CommunityFactory(visibility=Community.Visibility.PUBLIC)
    start = timezone.now() - datetime.timedelta(days=1)
    first = _post(community, "Long one", "Post 0", when=start)
    posts = [first] + [_post(community, "Re: Long one", f"Post {n}", when=start + datetime.timedelta(minutes=n),
                             in_reply_to=first.message_id) for n in range(1, 5)]
    url = f"/communities/{community.slug}/threads/{first.thread_id}/"
    assert "Post 1" in client.get(url).content.decode() and "Post 2" not in client.get(url).content.decode()
    assert "Post 4" in client.get(url, {"page": 3}).content.decode()
    permalink = client.get(f"/communities/{community.slug}/posts/{posts[3].uid}/")
    assert permalink["Location"] == f"{url}?page=2#post-{posts[3].uid}"


def test_the_thread_list_and_page_cost_the_same_number_of_queries_however_many_posts(client, settings, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MEDIA_ROOT = tmp_path
    community = CommunityFactory(visibility=Community.Visibility.PUBLIC)
    client.force_login(SubscriptionFactory(community=community).member)

    def statements(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    first = _post(community, "Growing", "Post 0")
    small = (statements(f"/communities/{community.slug}/"),
             statements(f"/communities/{community.slug}/threads/{first.thread_id}/"))
    for number in range(1, 12):
        reply = _post(community, "Re: Growing", f"Post {number}", in_reply_to=first.message_id)
        attachment = PostAttachment(post=reply, original_name="a.txt", content_type="text/plain", size=1, sha256="x")
        attachment.file.save("a.txt", ContentFile(b"a"), save=True)
        _post(community, f"Other {number}", "More")
    assert (statements(f"/communities/{community.slug}/"),
            statements(f"/communities/{community.slug}/threads/{first.thread_id}/")) == small

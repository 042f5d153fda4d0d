"""The helpdesk joined to its communities: it picks up what peers could not answer and banks what they did.

- `raise_query`: an officer turns a post (by default its thread's first) into a query; the poster is its
  requester (their account when the post's author is a member, else an unverified contact with their name and
  address), the question is the post's text, and thread and query name each other.
- `post_answer`: once that query is answered, the answer (the latest reply to the requester, never an internal
  note) goes back to the thread as a normal list post from the helpdesk.
- `bank_thread`: a thread peers answered becomes a draft Q&A resource, its posters' names, addresses and
  organisations taken out, which then goes through the library's personal-data review and second approval
  like a banked query.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cphelpdesk.communities import actions
from cphelpdesk.communities.access import is_helpdesk_officer
from cphelpdesk.communities.models import Post, Thread
from cphelpdesk.communities.threads import base_subject
from cphelpdesk.core import audit
from cphelpdesk.core.languages import CODES, detect_language
from cphelpdesk.detection import kinds
from cphelpdesk.library import actions as library_actions
from cphelpdesk.library import review
from cphelpdesk.library.models import Resource
from cphelpdesk.mail.actions import new_text
from cphelpdesk.queries import actions as query_actions
from cphelpdesk.queries import timeline
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import Channel, EventKind, Message, Outcome, Query

# A query raised from a chat group's post came by chat; from any other post, by the list.
CHANNELS = {Post.Via.CHAT: Channel.CHAT}


def _require_officer(actor) -> None:
    if not is_helpdesk_officer(actor):
        raise PermissionDenied(_("Only helpdesk officers and managers can do this."))


def poster_key(prefix: str = ""):
    """Who wrote a post, as an expression: their address in any case, else their name (a chat post may come
    without an address)."""
    return Coalesce(NullIf(Lower(f"{prefix}author_email"), Value("")), f"{prefix}author_name")


def with_peer_answers(threads: QuerySet[Thread]) -> QuerySet[Thread]:
    """`threads` annotated with `answered_by_peers`: at least one published reply from someone other than the
    thread's starter, the helpdesk's own posts not counted."""
    published = Post.objects.filter(thread=OuterRef("pk"), status=Post.Status.PUBLISHED)
    starter = published.order_by("posted_at", "id").annotate(key=poster_key()).values("key")[:1]
    peers = (Post.objects.filter(thread=OuterRef("pk"), status=Post.Status.PUBLISHED)
             .exclude(via=Post.Via.HELPDESK).annotate(key=poster_key()).filter(key__isnull=False)
             .exclude(key=OuterRef("starter_key")))
    return threads.annotate(starter_key=Subquery(starter)).annotate(answered_by_peers=Exists(peers))


def _published(thread: Thread) -> QuerySet[Post]:
    return Post.objects.filter(thread=thread, status=Post.Status.PUBLISHED).select_related("author").order_by(
        "posted_at", "id")


def _locked_thread(thread: Thread) -> Thread:
    return Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)


@transaction.atomic
def raise_query(*, actor, thread: Thread, post: Post | None = None) -> Query:
    """Turn `post` (by default the thread's first) into a query the helpdesk answers; returns the query."""
    _require_officer(actor)
    thread = _locked_thread(thread)
    if thread.query_id is not None:
        raise ValidationError(_("This thread is already query %(reference)s.") % {"reference": thread.query.reference})
    post = post or _published(thread).first()
    if post is None or post.thread_id != thread.pk or post.status != Post.Status.PUBLISHED:
        raise ValidationError(_("Only a published post of this thread can become a query."))
    community = thread.community
    author = post.author if post.author_id and post.author.is_active else None
    language = author.preferred_language if author is not None else ""
    if language not in CODES:
        language = detect_language(f"{post.subject}\n{post.body}", default=community.language)
    query = query_actions.submit_query(
        subject=base_subject(post.subject) or thread.subject, question=post.body or post.subject,
        requester=author, requester_name=post.author_name or post.author_email,
        requester_email=post.author_email if author is None else "",
        language=language if language in CODES else "en", channel=CHANNELS.get(post.via, Channel.LIST),
        actor=actor, organisation=author.organisation if author is not None else None)
    thread.query = query
    thread.save(update_fields=["query"])
    timeline.record(query, EventKind.RAISED_FROM_THREAD, actor=actor, community=community.slug,
                    community_name=community.name, thread=thread.pk, post=str(post.uid))
    audit.record(actor=actor, action="community_thread.query_raised", target=thread, query=query.reference,
                 post=str(post.uid))
    return query


# Closed with nothing to share: an individual child's case (its text is gone) or a withdrawn question.
NOTHING_TO_POST = (Outcome.INDIVIDUAL_CASE, Outcome.WITHDRAWN)


def answer_to_post(query: Query) -> Message | None:
    """The answer a thread gets back: the latest reply the requester had when the query was marked answered
    (internal notes never)."""
    if query.answered_at is None or query.outcome in NOTHING_TO_POST:
        return None
    return (query.messages.filter(kind=Message.Kind.REPLY, created_at__lte=query.answered_at)
            .order_by("-created_at", "-id").first())


def answer_already_posted(query: Query, answer: Message) -> bool:
    return query.events.filter(kind=EventKind.ANSWER_POSTED_TO_THREAD, data__message=answer.pk).exists()


@transaction.atomic
def post_answer(*, actor, thread: Thread) -> Post:
    """Post the answer of the thread's query to the thread: a list post from the helpdesk, which reaches the
    subscribers as any other post. Only the reply the requester got goes out, once."""
    _require_officer(actor)
    thread = _locked_thread(thread)
    query = thread.query
    if query is None:
        raise ValidationError(_("No query was raised from this thread."))
    if not query_access(actor, query).can_work:
        raise PermissionDenied(_("Only the officers working on this thread's query can post its answer."))
    answer = answer_to_post(query)
    if answer is None:
        raise ValidationError(_("The query has no answer to post yet."))
    if answer_already_posted(query, answer):
        raise ValidationError(_("This answer is already in the thread."))
    last = _published(thread).last()
    community = thread.community
    with translation.override(community.language):
        name = _("CP Helpdesk")
    address = settings.HELPDESK_EMAIL
    post = actions.submit_post(actions.Submission(
        community=community, subject=f"Re: {thread.subject}", body=answer.reply_text or answer.body,
        via=Post.Via.HELPDESK, author_name=name, author_email=address, parent=last))
    timeline.record(query, EventKind.ANSWER_POSTED_TO_THREAD, actor=actor, community=community.slug,
                    community_name=community.name,
                    thread=thread.pk, post=str(post.uid), message=answer.pk)
    audit.record(actor=actor, action="community_thread.answer_posted", target=thread, query=query.reference,
                 post=str(post.uid))
    return post


def _people(posts: list[Post]) -> list[tuple[str, str]]:
    """(kind, text) of everyone who wrote in the thread: names (and their longer parts), addresses and
    organisations, longest first, for taking them out of a banked text."""
    found: set[tuple[str, str]] = set()
    for post in posts:
        names = {post.author_name}
        if post.author_id:
            names.add(post.author.full_name)
            if post.author.organisation_id:
                found.add((review.ORGANISATION, post.author.organisation.name))
                if post.author.organisation.acronym:
                    found.add((review.ORGANISATION, post.author.organisation.acronym))
        for name in filter(None, (item.strip() for item in names)):
            found.add((kinds.PERSON_NAME, name))
            # "Aminata Diallo" may sign as "Aminata".
            found.update((kinds.PERSON_NAME, part) for part in name.split() if len(part) >= 4)
        if post.author_email:
            found.add((kinds.EMAIL, post.author_email))
    return sorted(found, key=lambda pair: -len(pair[1]))


def _own_words(text: str) -> str:
    """A reply without the text it quotes (the attribution line and "> " lines), as far as that can be told."""
    trimmed = new_text(text) or text
    return "\n".join(line for line in trimmed.splitlines() if not line.lstrip().startswith(">")).strip()


def _anonymised(text: str, people: list[tuple[str, str]]) -> str:
    for kind, found in people:
        text = review.redacted(text, found, kind)
    return text


@transaction.atomic
def bank_thread(*, actor, thread: Thread) -> Resource:
    """A draft Q&A resource from a thread peers answered: the first post as the question, the peers' replies
    (quoted text trimmed) as the answers, without the posters' names, addresses and organisations. The draft
    then goes through the same personal-data review and second approval as any banked answer."""
    _require_officer(actor)
    thread = _locked_thread(thread)
    if thread.resource_id is not None:
        raise ValidationError(_("This thread is already banked."))
    if not with_peer_answers(Thread.objects.filter(pk=thread.pk)).filter(answered_by_peers=True).exists():
        raise ValidationError(_("Only a thread that peers answered can be banked."))
    posts = list(_published(thread).select_related("author__organisation"))
    question, replies = posts[0], [post for post in posts[1:] if post.via != Post.Via.HELPDESK]
    starter = (question.author_email or question.author_name).lower()
    answers = [_own_words(post.body) for post in replies if (post.author_email or post.author_name).lower() != starter]
    people = _people(posts)
    body = "\n\n".join([_("Question:"), question.body, _("Answers from peers:"), *answers])
    community = thread.community
    languages = {code for code, _name in Resource._meta.get_field("language").choices}
    resource = library_actions.create_resource(
        actor=actor, title=_anonymised(thread.subject, people), body=_anonymised(body, people),
        type=Resource.Type.QA, language=community.language if community.language in languages else "en",
        source=_("CP AoR Helpdesk"), year=(thread.last_post_at or timezone.now()).year,
        visibility=Resource.Visibility.MEMBERS, curators_only=True)
    thread.resource = resource
    thread.save(update_fields=["resource"])
    audit.record(actor=actor, action="community_thread.banked", target=thread, resource=resource.pk)
    return resource

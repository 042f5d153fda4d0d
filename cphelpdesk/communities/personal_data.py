"""What the communities keep about a person, and how each path of `core.erasure` erases it.

A member erased (or their closed account past retention): their subscriptions, sender rules and follows go;
their posts stay in the archive (the threads others answered would lose their sense) under "Former member",
without their address or files; every post, theirs or others', loses the words that identify them ("Hi Awa"),
and so do the search index and the copies kept for digests. An individual case raised from a thread: the
thread's posts lose their text, subject and files, as the query's messages do.
"""

from django.db import transaction
from django.db.models import Q

from cphelpdesk.communities import digests, indexing
from cphelpdesk.communities.models import Post, PostAttachment, SenderRule, Subscription, Thread
from cphelpdesk.core.erasure import FORMER_MEMBER, Path, Target, register, scrub
from cphelpdesk.queries.personal_data import INDIVIDUAL_CASE_PLACEHOLDER

TEXT_FIELDS = ("subject", "body")
# What the posts of a thread raised as an individual case say instead, as the query's messages do (stored: the
# working language).
CASE_SUBJECT = "Individual case (details removed)"


def _addresses(target: Target) -> set[str]:
    # The directory's FIND step put the members' addresses among the words before their accounts were blanked.
    return {word.lower() for word in target.words if "@" in word}


def erase_member_copies(target: Target) -> None:
    """Subscriptions, rules and follows go; authored posts are anonymised and lose their files."""
    addresses = _addresses(target)
    by_address = Q()
    for address in addresses:
        by_address |= Q(author_email__iexact=address)
    authored = Post.objects.filter(Q(author_id__in=target.members) | by_address) if addresses or target.members \
        else Post.objects.none()
    _delete_files(PostAttachment.objects.filter(post__in=authored))
    target.counts["community_posts"] = authored.update(author=None, author_name=FORMER_MEMBER, author_email="")
    subscriptions = Subscription.objects.filter(member_id__in=target.members)
    if addresses:
        subscriptions = subscriptions | Subscription.objects.filter(email__in=addresses)
    target.counts["community_subscriptions"] = subscriptions.delete()[0]
    SenderRule.objects.filter(address__in=addresses).delete()
    Thread.followers.through.objects.filter(member_id__in=target.members).delete()
    _scrub(Post.objects.all(), target)


def strip_case_threads(target: Target) -> None:
    """An individual case raised from a thread: every post of that thread loses its text, subject and files,
    as the query's messages do (the thread may quote the child's details anywhere); the posts stay, so the
    thread's shape and its count in the insight figures remain."""
    posts = Post.objects.filter(thread__query_id__in=target.queries)
    _delete_files(PostAttachment.objects.filter(post__in=posts))
    Thread.objects.filter(query_id__in=target.queries).update(subject=CASE_SUBJECT)
    changed = 0
    for post in posts.select_related("community"):
        post.subject, post.body, post.named_recipients = CASE_SUBJECT, INDIVIDUAL_CASE_PLACEHOLDER, []
        post.save(update_fields=["subject", "body", "named_recipients"])
        indexing.index(post)
        digests.rewrite_kept_copy(post)
        changed += 1
    target.counts["community_posts_stripped"] = changed


def _delete_files(files) -> None:
    storage = PostAttachment._meta.get_field("file").storage
    names = [name for name in files.values_list("file", flat=True) if name]
    files.delete()
    # Files go once the rows are gone for good (a rollback must not leave rows without files).
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _scrub(posts, target: Target) -> None:
    """Take `target.words` out of every post of `posts` that holds one (and out of its thread's subject, its
    search entry and its copy for digests)."""
    if not target.words:
        return
    holding = Q()
    for word in target.words:
        for name in TEXT_FIELDS:
            holding |= Q(**{f"{name}__icontains": word})
        holding |= Q(named_recipients__icontains=word)
    changed = 0
    for post in posts.filter(holding).select_related("community", "thread"):
        for name in TEXT_FIELDS:
            setattr(post, name, scrub(getattr(post, name), target.words))
        post.named_recipients = [address for address in post.named_recipients
                                 if address.lower() not in _addresses(target)]
        post.save(update_fields=[*TEXT_FIELDS, "named_recipients"])
        if post.thread is not None:
            subject = scrub(post.thread.subject, target.words)
            if subject != post.thread.subject:
                Thread.objects.filter(pk=post.thread_id).update(subject=subject)
        indexing.index(post)
        digests.rewrite_kept_copy(post)
        changed += 1
    target.counts["community_posts_scrubbed"] = changed


def drop_subscription_requests(target: Target) -> None:
    """Subscription requests never confirmed (the retention period chose `target.records`): the address someone
    gave, or someone gave for them, goes with its request; a request confirmed meanwhile stays."""
    _drop(target, "subscription_requests", status=Subscription.Status.PENDING_CONFIRMATION)


def drop_suspended_subscriptions(target: Target) -> None:
    """Subscriptions of an address without an account, suspended for bouncing past the retention period
    (`target.records`): nobody reads that address any more, and nobody resumed delivery. Members' own
    subscriptions stay with their account, which they can resume from."""
    _drop(target, "suspended_subscriptions", status=Subscription.Status.SUSPENDED, member__isnull=True)


def _drop(target: Target, counted: str, **still) -> None:
    # `still`: what the retention step selected them for, checked again (a request confirmed meanwhile stays).
    removed, _by_model = Subscription.objects.filter(pk__in=target.records, **still).delete()
    target.counts[counted] = removed


def register_steps() -> None:
    """Called from CommunitiesConfig.ready()."""
    register("communities", Path.ERASURE, Path.MEMBERS, step=erase_member_copies)
    register("communities", Path.SUBSCRIPTION_REQUESTS, step=drop_subscription_requests)
    register("communities", Path.SUSPENDED_SUBSCRIPTIONS, step=drop_suspended_subscriptions)
    register("communities", Path.INDIVIDUAL_CASE, step=strip_case_threads)

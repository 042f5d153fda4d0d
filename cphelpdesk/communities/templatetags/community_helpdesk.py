"""`{% helpdesk_panel thread %}`: on a thread's page, for the helpdesk's staff only, the query raised from the
thread and the resource it was banked as; for officers and managers, the buttons that raise, answer and bank.
`{% owners_links community %}`: on a community's page, for its owners and the helpdesk's officers, the import."""

from django import template

from cphelpdesk.communities import helpdesk
from cphelpdesk.communities.access import is_helpdesk_officer
from cphelpdesk.communities.imports import may_import
from cphelpdesk.communities.models import Community, Post, Thread
from cphelpdesk.queries.access import query_access

register = template.Library()


@register.inclusion_tag("communities/_helpdesk_panel.html", takes_context=True)
def helpdesk_panel(context, thread: Thread) -> dict:
    user = context["request"].user
    if not (user.is_authenticated and user.is_active and user.is_helpdesk_staff):
        return {"shown": False}
    officer = is_helpdesk_officer(user)
    query = thread.query
    access = query_access(user, query) if query is not None else None
    answer = helpdesk.answer_to_post(query) if officer and access is not None and access.can_work else None
    # The posts a query can be raised from (the helpdesk's own are answers, not questions).
    posts = [] if not officer or query is not None else list(
        Post.objects.filter(thread=thread, status=Post.Status.PUBLISHED).exclude(via=Post.Via.HELPDESK)
        .order_by("posted_at", "id").only("uid", "author_name", "author_email", "posted_at"))
    return {
        "shown": True, "thread": thread, "query": query, "query_visible": access is not None and access.can_view,
        "officer": officer, "posts": posts,
        "can_post_answer": answer is not None and not helpdesk.answer_already_posted(query, answer),
        "can_bank": officer and thread.resource_id is None and helpdesk.with_peer_answers(
            Thread.objects.filter(pk=thread.pk)).filter(answered_by_peers=True).exists(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("communities/_owners_links.html", takes_context=True)
def owners_links(context, community: Community) -> dict:
    return {"community": community, "shown": may_import(context["request"].user, community)}

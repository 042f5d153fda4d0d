"""Mail to members about their learning, in their language (templates under learning/email/)."""

from cphelpdesk.core.notifications import absolute_url, queue_notification
from cphelpdesk.learning.selectors import title_in


def notify(member, template: str, *, pathway=None, step=None, **context) -> None:
    """Queue `learning/email/<template>` to `member`, naming the pathway and step in their language."""
    language = member.preferred_language
    if pathway is not None:
        context["pathway_title"] = title_in(pathway, language)
        context["pathway_url"] = absolute_url("learning:pathway", slug=pathway.slug)
    if step is not None:
        context["step_title"] = title_in(step, language)
    queue_notification(template=f"learning/email/{template}", to=[member.email], language=language,
                       context={"full_name": member.full_name, **context})

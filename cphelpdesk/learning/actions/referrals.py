"""An officer answering a capacity-building query with learning: a pathway, a step or a session."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.learning import access
from cphelpdesk.learning.models import LearningReferral


@transaction.atomic
def recommend(*, actor, query, pathway=None, step=None, session=None) -> LearningReferral:
    """Record on the query that `actor` recommended this learning (counted in insight as a referral)."""
    if not access.is_officer(actor) or not actor.has_perm("queries.work_on_query", query):
        raise PermissionDenied(_("You cannot work on this query."))
    if session is not None:
        step = step or session.step
    if step is not None:
        pathway = pathway or step.pathway
    if pathway is None:
        raise ValidationError(_("Choose a pathway, a step or a session to recommend."))
    if (step is not None and step.pathway_id != pathway.pk) or (session is not None and session.step_id != step.pk):
        raise ValidationError(_("The step or session is not part of that pathway."))
    referral = LearningReferral.objects.create(query=query, pathway=pathway, step=step, session=session,
                                               recommended_by=actor)
    audit.record(actor=actor, action="learning_referral.created", target=query, referral=referral.pk,
                 pathway=pathway.pk)
    return referral

"""The gap register: gaps in guidance noted on queries, followed until the guidance exists."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.directory.models import Member
from cphelpdesk.queries import timeline
from cphelpdesk.queries.actions.base import _check, _locked
from cphelpdesk.queries.models import (
    EventKind,
    Gap,
    Query,
)
from cphelpdesk.taxonomy.models import Topic

# --- gaps ----------------------------------------------------------------------------------------

@transaction.atomic
def flag_gap(
    *, actor: Member, query: Query, gap: Gap | None = None, title: str = "", topic: Topic | None = None,
    description: str = "",
) -> Gap:
    """Link the query to a gap in guidance, creating the gap in the register when it is new; an addressed gap
    is done with and takes no more queries."""
    query = _locked(query)
    _check(actor, query, work=True)
    if gap is None:
        gap = _new_gap(actor, title, topic, description)
    elif gap.status == Gap.Status.ADDRESSED:
        raise ValidationError(_("This gap is addressed; note a new one."))
    gap.queries.add(query)
    timeline.record(query, EventKind.GAP_FLAGGED, actor=actor, gap=gap.pk, title=gap.title)
    return gap


@transaction.atomic
def create_gap(*, actor: Member, title: str, topic: Topic | None = None, description: str = "") -> Gap:
    """Note a gap in the register without a query (officers and managers, who keep the register)."""
    if not actor.has_perm("queries.manage_gaps"):
        raise PermissionDenied(_("Only helpdesk officers can update the gap register."))
    return _new_gap(actor, title, topic, description)


def _new_gap(actor: Member, title: str, topic: Topic | None, description: str) -> Gap:
    if not title.strip():
        raise ValidationError(_("Give the gap a title, or choose one from the register."))
    return Gap.objects.create(title=title.strip(), topic=topic, description=description.strip(), created_by=actor)


GAP_DATE_FIELDS = {Gap.Status.TAKEN_TO_WORKING_GROUP: "taken_to_wg_at",
                   Gap.Status.IN_DEVELOPMENT: "in_development_at", Gap.Status.ADDRESSED: "addressed_at"}


@transaction.atomic
def update_gap(*, actor: Member, gap: Gap, status: str, working_group: str | None = None) -> Gap:
    """Move a gap along the register: noted, taken to a working group, guidance in development, addressed."""
    if not actor.has_perm("queries.manage_gaps"):
        raise PermissionDenied(_("Only helpdesk officers can update the gap register."))
    gap = Gap.objects.select_for_update().get(pk=gap.pk)
    gap.status = status
    if working_group is not None:
        gap.working_group = working_group
    field = GAP_DATE_FIELDS.get(status)
    if field and getattr(gap, field) is None:
        setattr(gap, field, timezone.now())
    gap.save()
    for query in gap.queries.all():
        timeline.record(query, EventKind.GAP_UPDATED, actor=actor, gap=gap.pk, status=status)
    return gap

"""Reads in the directory."""

from django.db.models import Case, Q, QuerySet, Value, When

from cphelpdesk.directory.models import Approval, Country, Desk, Member, Organisation
from cphelpdesk.directory.roles import Role


def public_desks() -> QuerySet[Desk]:
    """The desks shown to everyone on the home page."""
    return Desk.objects.select_related("host_organisation").order_by("-is_global", "name")


def desks_of(member: Member) -> QuerySet[Desk]:
    """The desks a staff member works on (as officer or lead)."""
    return Desk.objects.filter(Q(officers=member) | Q(lead=member)).distinct()


def officers_for_country(country: Country | None) -> QuerySet[Member]:
    """Officers of the desk serving `country`, or every officer when that desk has none."""
    officers = Member.objects.filter(is_active=True, groups__name=Role.OFFICER)
    if country is not None and country.desk_id:
        desk_officers = officers.filter(desks=country.desk_id)
        if desk_officers.exists():
            return desk_officers.distinct()
    return officers.distinct()


def pending_members_for(officer: Member) -> QuerySet[Member]:
    """Membership requests waiting for a decision (address confirmed), the officer's own desks' countries first."""
    desk_ids = list(desks_of(officer).values_list("pk", flat=True))
    return (
        Member.objects.filter(approval=Approval.PENDING, is_active=True, groups__name=Role.MEMBER,
                              emailaddress__verified=True)
        .select_related("organisation", "country")
        .annotate(on_my_desk=Case(When(country__desk__in=desk_ids, then=Value(0)), default=Value(1)))
        .order_by("on_my_desk", "date_joined")
    )


def organisations_to_choose(*, country: Country | None = None, current: Organisation | None = None
                            ) -> QuerySet[Organisation]:
    """Verified organisations a member may pick: international ones and those working in `country`
    (all of them when no country is known yet), plus the member's current organisation."""
    choices = Q(is_verified=True)
    if country is not None:
        choices &= Q(scope=Organisation.Scope.INTERNATIONAL) | Q(countries=country)
    if current is not None:
        choices |= Q(pk=current.pk)
    return Organisation.objects.filter(choices).distinct().order_by("name")

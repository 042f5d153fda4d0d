"""One person in each position around one strictly confidential query, for the role-by-action tables of
writes (issue #11): each table says, for every write, who may do it and how everyone else is refused."""

from collections.abc import Callable

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country, Desk, FocalPoint
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Query
from tests.factories import MemberFactory, make_query, staff_with_mfa

# In table order. A query from Mali goes to the French desk; the focal points cover its region.
ROLES = ("anonymous", "requester", "member", "desk_officer", "other_desk_officer", "assigned_expert", "expert",
         "referred_focal_point", "focal_point", "manager", "administrator")
DONE = "done"


def make_cast() -> dict:
    """The requester and another member, officers of the query's desk and of another desk, an expert
    assigned to the query and one not, a focal point it was referred to and one of its region (neither
    sees a strictly confidential query through the region), a manager and an administrator."""
    cast = {"anonymous": None, "requester": MemberFactory(), "member": MemberFactory(),
            **{name: staff_with_mfa(role) for name, role in [
                ("desk_officer", Role.OFFICER), ("other_desk_officer", Role.OFFICER),
                ("assigned_expert", Role.EXPERT), ("expert", Role.EXPERT),
                ("referred_focal_point", Role.FOCAL_POINT), ("focal_point", Role.FOCAL_POINT),
                ("manager", Role.MANAGER), ("administrator", Role.ADMINISTRATOR)]}}
    Desk.objects.get(code="fr").officers.add(cast["desk_officer"])
    Desk.objects.get(code="en").officers.add(cast["other_desk_officer"])
    region = Country.objects.get(iso2="ML").region
    for name in ("referred_focal_point", "focal_point"):
        FocalPoint.objects.create(member=cast[name], region=region)
    return cast


def strict_query(cast, **fields) -> Query:
    """A strictly confidential query of the French desk from the cast's requester, with the expert
    assigned and a referral to the referred focal point (so it is referred)."""
    fields.setdefault("question", "Comment organiser la prise en charge temporaire ?")
    query = make_query(requester=cast["requester"], country=Country.objects.get(iso2="ML"), language="fr", **fields)
    Query.objects.filter(pk=query.pk).update(sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    query.refresh_from_db()
    assert query.desk.code == "fr"
    actions.assign(actor=cast["manager"], query=query, member=cast["assigned_expert"], role="expert")
    focal_point = cast["referred_focal_point"]
    actions.refer(actor=cast["manager"], query=query, destination="focal_point", recipient_name=str(focal_point),
                  recipient_email=focal_point.email, reason="Regional experience", recipient=focal_point)
    query.refresh_from_db()
    return query


def outcome(response, done: bool) -> str | int:
    """`done` when the write took effect; else how it was refused: "login", or the status code."""
    if done:
        return DONE
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return response.status_code


def table(client, cast, attempt: Callable) -> dict:
    """Each role's outcome of `attempt(client, person) -> (response, done)`, run afresh for every role
    (`attempt` prepares its own objects, so that one role's write never spoils the next one's)."""
    outcomes = {}
    for role in ROLES:
        client.logout()
        if cast[role] is not None:
            client.force_login(cast[role])
        outcomes[role] = outcome(*attempt(client, cast[role]))
    return outcomes


def expect(default, **overrides) -> dict:
    """A row of the table: `default` for every role but those named."""
    return {role: overrides.get(role, default) for role in ROLES}

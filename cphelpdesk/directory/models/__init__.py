"""Directory models, one module per entity family."""

from cphelpdesk.directory.models.desks import Desk, FocalPoint
from cphelpdesk.directory.models.members import Approval, Member
from cphelpdesk.directory.models.organisations import CoordinationGroup, GroupMembership, Organisation
from cphelpdesk.directory.models.outreach import OutreachContact
from cphelpdesk.directory.models.places import Country, Region

__all__ = ["Approval", "CoordinationGroup", "Country", "Desk", "FocalPoint", "GroupMembership", "Member",
           "Organisation", "OutreachContact", "Region"]

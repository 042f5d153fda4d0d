"""Writes in the directory: registration, approval, profile changes. Each runs in one transaction."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.core.notifications import absolute_url, queue_notification
from cphelpdesk.directory import selectors
from cphelpdesk.directory.models import Approval, Country, Member, Organisation
from cphelpdesk.directory.roles import Role


@transaction.atomic
def request_membership(
    *,
    member: Member,
    full_name: str,
    country: Country,
    position: str,
    preferred_language: str,
    organisation: Organisation | None = None,
    new_organisation_name: str = "",
    new_organisation_type: str = "",
) -> Member:
    """Complete a new account's membership request; it waits for an officer's approval.

    Precondition: `member` was just created by sign-up. Either `organisation` or
    `new_organisation_name` (with its type) is given; a new organisation is recorded unverified.
    """
    if organisation is None:
        name = " ".join(new_organisation_name.split())
        if not name or not new_organisation_type:
            raise ValidationError(_("Choose your organisation, or give its name and type."))
        organisation = Organisation.objects.filter(name__iexact=name).first() or Organisation.objects.create(
            name=name,
            type=new_organisation_type,
            scope=scope_for_type(new_organisation_type),
            is_verified=False,
        )
        organisation.countries.add(country)
    member.full_name = " ".join(full_name.split())
    member.country = country
    member.organisation = organisation
    member.position = position.strip()
    member.preferred_language = preferred_language
    member.approval = Approval.PENDING
    member.save()
    member.groups.add(Group.objects.get(name=Role.MEMBER))
    audit.record(actor=member, action="member.requested", target=member, organisation=organisation.pk)
    officers = selectors.officers_for_country(country)
    queue_notification(
        template="directory/email/membership_requested",
        to=[officer.email for officer in officers],
        language="en",
        context={
            "full_name": member.full_name, "email": member.email, "organisation": str(organisation),
            "country": country.name, "review_url": absolute_url("directory:member", pk=member.pk),
        },
    )
    return member


def scope_for_type(organisation_type: str) -> str:
    """The usual scope of an organisation type (a member naming a new organisation picks only the type)."""
    if organisation_type in {Organisation.Type.NATIONAL_NGO, Organisation.Type.GOVERNMENT,
                             Organisation.Type.ACADEMIC}:
        return Organisation.Scope.NATIONAL
    if organisation_type == Organisation.Type.LOCAL_NGO:
        return Organisation.Scope.LOCAL
    return Organisation.Scope.INTERNATIONAL


def _decide_membership(*, officer: Member, member: Member, approval: str, reason: str = "") -> Member:
    if not officer.has_perm("directory.approve_member"):
        raise PermissionDenied(_("Only helpdesk officers can approve members."))
    if member.approval != Approval.PENDING:
        raise ValidationError(_("This membership request has already been decided."))
    member.approval = approval
    member.approved_by = officer
    member.approved_at = timezone.now()
    member.rejection_reason = reason
    member.save(update_fields=["approval", "approved_by", "approved_at", "rejection_reason"])
    if member.organisation and not member.organisation.is_verified and approval == Approval.APPROVED:
        member.organisation.is_verified = True
        member.organisation.save(update_fields=["is_verified"])
    audit.record(actor=officer, action=f"member.{approval}", target=member)
    queue_notification(
        template=f"directory/email/membership_{approval}",
        to=[member.email],
        language=member.preferred_language,
        context={"full_name": member.full_name, "reason": reason},
    )
    return member


@transaction.atomic
def approve_member(*, officer: Member, member: Member) -> Member:
    """Approve a pending membership request; the member is told by mail."""
    return _decide_membership(officer=officer, member=member, approval=Approval.APPROVED)


@transaction.atomic
def reject_member(*, officer: Member, member: Member, reason: str) -> Member:
    """Decline a pending membership request with a reason the member is told."""
    if not reason.strip():
        raise ValidationError(_("Say why the request is declined; the person will be told."))
    return _decide_membership(officer=officer, member=member, approval=Approval.REJECTED, reason=reason.strip())


@transaction.atomic
def update_profile(
    *, member: Member, full_name: str, position: str, organisation: Organisation | None, country: Country | None,
    preferred_language: str,
) -> Member:
    """A member edits their own profile."""
    member.full_name = " ".join(full_name.split())
    member.position = position.strip()
    member.organisation = organisation
    member.country = country
    member.preferred_language = preferred_language
    member.save(update_fields=["full_name", "position", "organisation", "country", "preferred_language"])
    audit.record(actor=member, action="member.profile_updated", target=member)
    return member


def set_preferred_language(*, member: Member, language: str) -> None:
    """Remember the interface language a member picked (no audit entry: not a personal-data change)."""
    if member.preferred_language != language:
        Member.objects.filter(pk=member.pk).update(preferred_language=language)
        member.preferred_language = language

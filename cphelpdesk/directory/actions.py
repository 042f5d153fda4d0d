"""Writes in the directory: registration, approval, roles, profile changes.

Each public function is one transaction that records its audit entry; mail goes out after commit.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.core.notifications import NOTIFICATION_KINDS, absolute_url, queue_notification
from cphelpdesk.directory import selectors
from cphelpdesk.directory.models import Approval, Country, Member, Organisation, OutreachContact
from cphelpdesk.directory.roles import Role

PROFILE_FIELDS = ("full_name", "position", "organisation", "country", "preferred_language")


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
    `new_organisation_name` (with its type) is given. A name matching an existing organisation joins
    it without changing it; a new name records a new, unverified organisation working in `country`.
    Officers are told once the member has confirmed their address (`notify_officers_of_request`).
    """
    if organisation is None:
        name = " ".join(new_organisation_name.split())
        if not name or not new_organisation_type:
            raise ValidationError(_("Choose your organisation, or give its name and type."))
        organisation = Organisation.objects.filter(name__iexact=name).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=name, type=new_organisation_type, scope=scope_for_type(new_organisation_type),
                is_verified=False,
            )
            organisation.countries.add(country)
            audit.record(actor=member, action="organisation.proposed", target=organisation)
    member.full_name = " ".join(full_name.split())
    member.country = country
    member.organisation = organisation
    member.position = position.strip()
    member.preferred_language = preferred_language
    member.approval = Approval.PENDING
    member.save()
    member.groups.add(Group.objects.get(name=Role.MEMBER))
    audit.record(actor=member, action="member.requested", target=member, organisation=organisation.pk)
    return member


def notify_officers_of_request(*, member: Member) -> None:
    """Tell the officers of the member's desk, each in their own language, that a request waits."""
    if member.approval != Approval.PENDING:
        return
    officers = selectors.officers_for_country(member.country)
    by_language: dict[str, list[str]] = {}
    for officer in officers:
        by_language.setdefault(officer.preferred_language, []).append(officer.email)
    context = {
        "full_name": member.full_name, "email": member.email, "organisation": str(member.organisation or ""),
        "country": member.country.name if member.country else "",
        "review_url": absolute_url("directory:member", pk=member.pk),
    }
    for language, addresses in sorted(by_language.items()):
        queue_notification(template="directory/email/membership_requested", to=addresses, language=language,
                           context=context)


def scope_for_type(organisation_type: str) -> str:
    """The usual scope of an organisation type (a member naming a new organisation picks only the type)."""
    if organisation_type in {Organisation.Type.NATIONAL_NGO, Organisation.Type.GOVERNMENT,
                             Organisation.Type.ACADEMIC}:
        return Organisation.Scope.NATIONAL
    if organisation_type == Organisation.Type.LOCAL_NGO:
        return Organisation.Scope.LOCAL
    return Organisation.Scope.INTERNATIONAL


def _decide_membership(*, actor: Member, member: Member, approval: str, reason: str = "") -> Member:
    if not actor.has_perm("directory.approve_member"):
        raise PermissionDenied(_("Only helpdesk officers can approve members."))
    # Re-read under a row lock: two officers deciding at once must not both succeed.
    # (No select_related here: PostgreSQL cannot lock the nullable side of an outer join.)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.approval != Approval.PENDING:
        raise ValidationError(_("This membership request has already been decided."))
    member.approval = approval
    member.approved_by = actor
    member.approved_at = timezone.now()
    member.rejection_reason = reason
    member.save(update_fields=["approval", "approved_by", "approved_at", "rejection_reason"])
    audit.record(actor=actor, action=f"member.{approval}", target=member)
    organisation = member.organisation
    if approval == Approval.APPROVED and organisation and not organisation.is_verified:
        # Approving a member vouches for the organisation they named at sign-up.
        organisation.is_verified = True
        organisation.save(update_fields=["is_verified"])
        audit.record(actor=actor, action="organisation.verified", target=organisation)
    queue_notification(
        template=f"directory/email/membership_{approval}",
        to=[member.email],
        language=member.preferred_language,
        context={"full_name": member.full_name, "reason": reason},
    )
    return member


@transaction.atomic
def approve_member(*, actor: Member, member: Member) -> Member:
    """Approve a pending membership request; the member is told by mail."""
    return _decide_membership(actor=actor, member=member, approval=Approval.APPROVED)


@transaction.atomic
def reject_member(*, actor: Member, member: Member, reason: str) -> Member:
    """Decline a pending membership request with a reason the member is told."""
    if not reason.strip():
        raise ValidationError(_("Say why the request is declined; the person will be told."))
    return _decide_membership(actor=actor, member=member, approval=Approval.REJECTED, reason=reason.strip())


@transaction.atomic
def set_roles(*, actor: Member, member: Member, roles: list[str]) -> None:
    """Give `member` exactly `roles` (administrators, in the admin); records what changed."""
    wanted = set(roles)
    current = set(member.groups.values_list("name", flat=True))
    if wanted == current:
        return
    member.groups.set(Group.objects.filter(name__in=wanted))
    member.__dict__.pop("roles", None)
    audit.record(actor=actor, action="member.roles_changed", target=member,
                 added=sorted(wanted - current), removed=sorted(current - wanted))


@transaction.atomic
def update_profile(
    *, member: Member, full_name: str, position: str, organisation: Organisation | None, country: Country | None,
    preferred_language: str,
) -> Member:
    """A member edits their own profile; the audit entry names the fields that changed."""
    new = {"full_name": " ".join(full_name.split()), "position": position.strip(), "organisation": organisation,
           "country": country, "preferred_language": preferred_language}
    changed = [field for field in PROFILE_FIELDS if getattr(member, field) != new[field]]
    if not changed:
        return member
    for field in changed:
        setattr(member, field, new[field])
    member.save(update_fields=changed)
    audit.record(actor=member, action="member.profile_updated", target=member, fields=changed)
    return member


@transaction.atomic
def set_notifications_muted(*, member: Member, kind: str, muted: bool) -> None:
    """Unsubscribe a member from an optional kind of notification (NOTIFICATION_KINDS), or back."""
    if kind not in NOTIFICATION_KINDS:
        raise ValidationError(_("This kind of notification does not exist."))
    member = Member.objects.select_for_update().get(pk=member.pk)
    kinds = set(member.muted_notifications or [])
    kinds = kinds | {kind} if muted else kinds - {kind}
    if kinds != set(member.muted_notifications or []):
        member.muted_notifications = sorted(kinds)
        member.save(update_fields=["muted_notifications"])
        audit.record(actor=member, action="member.unsubscribed" if muted else "member.resubscribed", target=member,
                     kind=kind)


def set_preferred_language(*, member: Member, language: str) -> None:
    """Remember the interface language a member picked: one of the interface languages, else nothing.

    A single UPDATE, so no transaction of its own; not audited (not personal data).
    """
    if language in dict(settings.LANGUAGES) and member.preferred_language != language:
        Member.objects.filter(pk=member.pk).update(preferred_language=language)
        member.preferred_language = language


@transaction.atomic
def record_outreach(*, actor: Member, country: Country, contacted_on, channel: str, outcome: str):
    """Log a contact with a country the service is not reaching (officers and managers)."""
    if not actor.has_perm("directory.record_outreach"):
        raise PermissionDenied(_("Only helpdesk officers log outreach."))
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError(_("Say what came of the contact."))
    contact = OutreachContact.objects.create(country=country, contacted_on=contacted_on, channel=channel,
                                             by=actor, outcome=outcome[:5000])
    audit.record(actor=actor, action="outreach.recorded", target=contact, country=country.iso2)
    return contact


def accept_terms(*, member) -> None:
    """The member accepted the current privacy notice and terms of use."""
    member.terms_version, member.terms_accepted_at = settings.HELPDESK_TERMS_VERSION, timezone.now()
    Member.objects.filter(pk=member.pk).update(terms_version=member.terms_version,
                                               terms_accepted_at=member.terms_accepted_at)
    audit.record(actor=member, action="member.terms_accepted", target=member,
                 version=settings.HELPDESK_TERMS_VERSION)

"""Factories for the directory's people and organisations, and the privacy app's custom patterns."""

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from cphelpdesk.directory.models import Approval, Country, Member, Organisation
from cphelpdesk.directory.roles import Role
from cphelpdesk.privacy.models import CustomPattern

PASSWORD = "a-long-test-password"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    type = Organisation.Type.NATIONAL_NGO
    scope = Organisation.Scope.NATIONAL


class MemberFactory(factory.django.DjangoModelFactory):
    """An approved member; pass `roles=[Role.OFFICER]` for staff."""

    class Meta:
        model = Member
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    country = factory.LazyFunction(lambda: Country.objects.get(iso2="ML"))
    approval = Approval.APPROVED
    password = factory.django.Password(PASSWORD)
    # Accepted the current privacy notice and terms (TermsMiddleware would ask first otherwise).
    terms_version = factory.LazyFunction(lambda: settings.HELPDESK_TERMS_VERSION)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or [Role.MEMBER]:
            self.groups.add(Group.objects.get(name=role))
        self.__dict__.pop("roles", None)  # forget the cached role set

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """Members made by tests have confirmed their address, as allauth requires before login."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def staff_with_mfa(role: str, **fields) -> Member:
    """A staff member with a TOTP authenticator already activated; returns the member (secret on `.totp_secret`)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    member = MemberFactory(roles=[role], **fields)
    member.totp_secret = generate_totp_secret()
    TOTP.activate(member, member.totp_secret)
    return member




def make_query(requester=None, **fields):
    """A query submitted through the real intake action (routing, SLA, first message, events)."""
    from cphelpdesk.queries import actions

    requester = requester or MemberFactory()
    fields.setdefault("subject", "Terms of reference for a sub-national group")
    fields.setdefault("question", "Could you share a template of terms of reference?")
    fields.setdefault("no_child_details_confirmed", True)
    return actions.submit_query(requester=requester, **fields)


class CustomPatternFactory(factory.django.DjangoModelFactory):
    """An active administrator-defined pattern (WFP beneficiary cards by default)."""

    class Meta:
        model = CustomPattern

    name = factory.Sequence(lambda n: f"Beneficiary card {n}")
    kind = "beneficiary_card"
    regex = r"\bWFP-\d{8}\b"
class ResourceFactory(factory.django.DjangoModelFactory):
    """A published resource (pass status=... for another stage); indexed for search like the real ones."""

    class Meta:
        model = "library.Resource"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Guidance note {n} on child protection coordination")
    summary = "How coordination groups organise their work."
    body = "Practical steps for the coordination group and its members."
    type = "guidance"
    language = "en"
    source = "CP AoR"
    year = 2025
    visibility = "public"
    status = "published"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            from cphelpdesk.library.indexing import index

            index(self)

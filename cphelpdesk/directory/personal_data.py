"""What the directory keeps about a member (the account, its addresses and authenticators), and how the
erasure and member-retention paths of `core.erasure` erase it."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password

from cphelpdesk.core import config_cache
from cphelpdesk.core.erasure import FORMER_MEMBER, Path, Stage, Target, anonymised_email, register
from cphelpdesk.directory.models import Member


def find_members(target: Target) -> None:
    """The members' names and every address they used are to go from every copy."""
    for name, email in Member.objects.filter(pk__in=target.members).values_list("full_name", "email"):
        if name != FORMER_MEMBER:
            target.add_person(name, email)
    target.add_words(*EmailAddress.objects.filter(user_id__in=target.members).values_list("email", flat=True))


def anonymise_accounts(target: Target) -> None:
    """Name, address, position, password, verified addresses and authenticators go; organisation and country
    stay (the reach metrics read them)."""
    for pk in target.members:
        Member.objects.filter(pk=pk).update(
            full_name=FORMER_MEMBER, email=anonymised_email(pk), position="", password=make_password(None),
            rejection_reason="", muted_notifications=[], email_bounced_at=None)
    EmailAddress.objects.filter(user_id__in=target.members).delete()
    Authenticator.objects.filter(user_id__in=target.members).delete()
    # Updated without signals: lists kept per process (the "Assign to" list names staff) must forget them too.
    config_cache.rows_changed(Member._meta.label)


def register_steps() -> None:
    """Called from DirectoryConfig.ready()."""
    register("directory", Path.ERASURE, Path.MEMBERS, step=find_members, stage=Stage.FIND)
    register("directory", Path.ERASURE, Path.MEMBERS, step=anonymise_accounts)

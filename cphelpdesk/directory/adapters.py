"""django-allauth hooks: where members land after logging in (in their language), how mail names an account,
and login limits that lock nobody out."""

import math

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.stages import AuthenticateStage
from django import forms
from django.urls import reverse
from django.utils.translation import ngettext

from cphelpdesk.directory import login_limits
from cphelpdesk.directory.middleware import use_member_language
from cphelpdesk.directory.models import Member


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user):
        """Log in, and speak the member's language from now on in this request too, so that the "signed in"
        notice rendered next reads in the language of the page it appears on."""
        super().login(request, user)
        use_member_language(request, user)

    def get_login_redirect_url(self, request):
        return reverse("site:dashboard")

    def get_signup_redirect_url(self, request):
        return reverse("directory:profile")

    def pre_authenticate(self, request, **credentials):
        """allauth's per-address limit, then the account's growing delay (login_limits), which a known device
        or a valid code from the account's authenticator app passes."""
        super().pre_authenticate(request, **credentials)
        login = credentials.get("email", "")
        wait = login_limits.claim_check(login)
        if wait and not _passes_the_delay(request, login):
            minutes = math.ceil(wait / 60)
            raise forms.ValidationError(ngettext(
                "Too many wrong passwords were typed for this account. Try again in %(minutes)s minute, log in "
                "from a device you have used before, or enter a code from your authenticator app.",
                "Too many wrong passwords were typed for this account. Try again in %(minutes)s minutes, log in "
                "from a device you have used before, or enter a code from your authenticator app.",
                minutes) % {"minutes": minutes}, code="login_delayed")

    def authentication_failed(self, request, **credentials):
        login_limits.record_failure(credentials.get("email", ""))

    def post_login(self, request, user, **kwargs):
        """A complete login (password, and the second factor where there is one) clears the account's count
        and makes this browser a known device."""
        response = super().post_login(request, user, **kwargs)
        login_limits.forget_failures(user.email)
        login_limits.remember_device(response, user)
        return response

    def get_login_stages(self):
        return [SecondFactorStage.path if stage == "allauth.mfa.stages.AuthenticateStage" else stage
                for stage in super().get_login_stages()]


def _passes_the_delay(request, login: str) -> bool:
    member = Member.objects.with_email(login).first()
    if member is None:
        return False
    if login_limits.is_known_device(request, member):
        return True
    if login_limits.second_factor_is_valid(member, request.POST.get("code", "")):
        # The code was asked for before the password: the second-factor step that follows is already done.
        request.second_factor_checked_for = member.pk
        return True
    return False


class SecondFactorStage(AuthenticateStage):
    """allauth's second-factor step, skipped when the code was already given on the login form (a delayed
    account, above) in this same request."""

    path = "cphelpdesk.directory.adapters.SecondFactorStage"

    def _should_handle(self, request) -> bool:
        if self.login.user is not None and getattr(request, "second_factor_checked_for", None) == self.login.user.pk:
            return False
        return super()._should_handle(request)


def user_display(user) -> str:
    """The account as allauth's mail and pages name it: its address, never the name its holder typed."""
    return user.email

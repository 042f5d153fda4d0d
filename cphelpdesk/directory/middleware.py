"""Per-request member handling: the interface language and the staff MFA requirement."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from cphelpdesk.directory import mfa_enrolment

# allauth's pages that add an authenticator (an app, recovery codes): /accounts/2fa/totp/activate/,
# /accounts/2fa/recovery-codes/generate/ and the rest of /accounts/2fa/ but signing in with one.
ENROLMENT_PREFIX = "/accounts/2fa/"


def use_member_language(request, member) -> None:
    """Show the page in the member's preferred language, unless the reader picked one with the switcher
    (cookie). Also for pages reached from a personal link without login (survey invitations)."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(member.preferred_language)
        request.LANGUAGE_CODE = translation.get_language()


class MemberLanguageMiddleware:
    """Use the member's preferred language until they pick one with the switcher (cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            use_member_language(request, request.user)
        return self.get_response(request)


class StaffMFAMiddleware:
    """Staff must set up an authenticator app before doing anything else (HELPDESK_REQUIRE_STAFF_MFA), and may
    set up their first one only once this session has proven the account's mailbox (mfa_enrolment): a password
    alone must not be enough to tie the account to someone's phone."""

    # Pages a staff member without MFA still needs: account pages (including MFA set-up and
    # logout), the language switch, health checks and static files.
    exempt_prefixes = ("/accounts/", "/i18n/", "/healthz", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if request.path_info.startswith(ENROLMENT_PREFIX) and mfa_enrolment.needs_mailbox_proof(request):
            return redirect("directory:confirm_mailbox")
        if (
            settings.HELPDESK_REQUIRE_STAFF_MFA
            and user.is_authenticated
            and user.is_helpdesk_staff
            and not request.path_info.startswith(self.exempt_prefixes)
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                _("Staff accounts must use two-factor authentication. Set up an authenticator app to continue."),
            )
            if mfa_enrolment.needs_mailbox_proof(request):
                return redirect("directory:confirm_mailbox")
            return redirect("mfa_activate_totp")
        return self.get_response(request)

"""Everyone with an account accepts the current privacy notice and terms of use once, before anything else."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class TermsMiddleware:
    # What someone who has not accepted yet still needs: the notice itself, account pages (logout, MFA),
    # the language switch, health checks, static files and the API (its clients are programs).
    exempt_prefixes = ("/privacy/", "/terms/", "/accounts/", "/i18n/", "/healthz", "/static/", "/api/",
                       "/unsubscribe/", "/referrals/", "/feedback/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and user.terms_version != settings.HELPDESK_TERMS_VERSION
                and not request.path_info.startswith(self.exempt_prefixes)):
            return redirect(f"{reverse('privacy:accept')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

"""django-allauth hooks: where members land after logging in, how mail names an account."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from cphelpdesk.directory.middleware import use_member_language


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user):
        """Log in, and speak the member's language from now on in this request too, so that the "signed in"
        notice rendered next reads in the language of the page it appears on."""
        super().login(request, user)
        use_member_language(request, user)

    def get_login_redirect_url(self, request):
        return reverse("core:dashboard")

    def get_signup_redirect_url(self, request):
        return reverse("directory:profile")


def user_display(user) -> str:
    """The account as allauth's mail and pages name it: its address, never the name its holder typed."""
    return user.email

"""django-allauth hooks: where members land after logging in, how mail names an account."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return reverse("core:dashboard")

    def get_signup_redirect_url(self, request):
        return reverse("directory:profile")


def user_display(user) -> str:
    """The account as allauth's mail and pages name it: its address, never the name its holder typed."""
    return user.email

"""Members make and revoke their API tokens from their profile."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cphelpdesk.api import actions
from cphelpdesk.api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=100,
                           help_text=gettext_lazy("For example the name of the tool that will use it."))
    scope = forms.ChoiceField(label=gettext_lazy("Access"), choices=ApiToken.Scope.choices,
                              initial=ApiToken.Scope.READ, widget=forms.RadioSelect,
                              help_text=gettext_lazy("A tool that only reads queries needs no more than read."))


@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """List the member's tokens; a POST makes a new one and shows it this once."""
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _record, new_token = actions.create_token(actor=request.user, name=form.cleaned_data["name"],
                                                  scope=form.cleaned_data["scope"])
        form = TokenForm()
    return render(request, "api/tokens.html", {
        "form": form, "new_token": new_token, "token_days": settings.HELPDESK_API_TOKEN_DAYS,
        "tokens": ApiToken.objects.filter(member=request.user, revoked_at__isnull=True),
    })


@require_POST
@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk, member=request.user).first()
    if token is None:
        raise Http404
    actions.revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("api_tokens:list")

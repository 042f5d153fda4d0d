"""Owners (and the helpdesk's officers and managers) upload a CSV of subscribers from the web."""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from cphelpdesk.communities.imports import import_subscribers, may_import
from cphelpdesk.communities.models import Community

MAX_CSV_BYTES = 5 * 1024 * 1024  # some 100,000 rows: more than any list the helpdesk runs


class SubscribersForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_(
        "Columns: email, name, delivery mode (each, daily, weekly or web). A header row is optional. "
        "Addresses already subscribed keep their subscription; no mail is sent."))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


def subscribers(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a CSV of subscribers; the page then says what was added, changed, and which lines were refused."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    community = get_object_or_404(Community, slug=slug)
    if not may_import(request.user, community):
        raise PermissionDenied
    form = SubscribersForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_subscribers(community=community, data=form.cleaned_data["file"].read(), actor=request.user)
        form = SubscribersForm()
    return render(request, "communities/import_subscribers.html",
                  {"community": community, "form": form, "report": report})

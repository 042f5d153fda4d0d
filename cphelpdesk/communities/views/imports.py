"""Owners (and the helpdesk's officers and managers) upload a CSV of subscribers, and an mbox of their list's
past archive, from the web."""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from cphelpdesk.communities import tasks
from cphelpdesk.communities.imports import import_subscribers, keep_uploaded_archive, may_import
from cphelpdesk.communities.models import Community

MAX_CSV_BYTES = 5 * 1024 * 1024  # some 100,000 rows: more than any list the helpdesk runs
MAX_MBOX_BYTES = 200 * 1024 * 1024  # years of a busy list, text only


class SubscribersForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_(
        "Columns: email, name, delivery mode (each, daily, weekly or web). A header row is optional. "
        "Addresses already subscribed keep their subscription; no mail is sent."))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


class ArchiveForm(forms.Form):
    file = forms.FileField(label=_("mbox file"), help_text=_(
        "An mbox of the list's past messages (a Mailman 2 pipermail archive or a groups.io export). Their dates "
        "and threads are kept, messages already in the archive are skipped, and no mail is sent."))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_MBOX_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        if not file.read(5).startswith(b"From "):
            raise forms.ValidationError(_("This is not an mbox file: it must begin with a line “From …”."))
        file.seek(0)
        return file


def _importable(request: HttpRequest, slug: str) -> Community:
    """The community named in the address, for one who may import into it (PermissionDenied otherwise)."""
    community = get_object_or_404(Community, slug=slug)
    if not may_import(request.user, community):
        raise PermissionDenied
    return community


def subscribers(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a CSV of subscribers; the page then says what was added, changed, and which lines were refused."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    community = _importable(request, slug)
    form = SubscribersForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_subscribers(community=community, data=form.cleaned_data["file"].read(), actor=request.user)
        form = SubscribersForm()
    return render(request, "communities/import_subscribers.html",
                  {"community": community, "form": form, "report": report})


def archive(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload an mbox of the list's past archive: the worker imports it and mails the report to the uploader."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    community = _importable(request, slug)
    form = ArchiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name = keep_uploaded_archive(form.cleaned_data["file"])
        transaction.on_commit(lambda: tasks.import_uploaded_archive.enqueue(community.pk, name, request.user.pk))
        messages.success(request, _("The archive is being imported; you will receive the report by mail."))
        return redirect("communities:threads", community.slug)
    return render(request, "communities/import_archive.html", {"community": community, "form": form})

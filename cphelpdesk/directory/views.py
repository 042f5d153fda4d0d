"""Member profile and the officers' membership approval queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cphelpdesk.directory import actions, selectors
from cphelpdesk.directory.forms import MemberDetailsForm, RejectionForm
from cphelpdesk.directory.models import Member
from cphelpdesk.directory.permissions import require_perm
from cphelpdesk.directory.roles import Role


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """A member's own profile: details, membership status, language."""
    member = request.user
    if request.method == "POST":
        form = MemberDetailsForm(request.POST, member=member)
        if form.is_valid():
            actions.update_profile(member=member, **form.cleaned_data)
            messages.success(request, _("Your profile is saved."))
            return redirect("directory:profile")
    else:
        form = MemberDetailsForm(member=member, initial={
            "full_name": member.full_name, "position": member.position, "country": member.country_id,
            "organisation": member.organisation_id, "preferred_language": member.preferred_language,
        })
    roles = [Role(name).label for name in sorted(member.roles) if name in Role.values]
    return render(request, "directory/profile.html", {"member": member, "form": form, "member_roles": roles})


def _member(request, pk):
    return get_object_or_404(Member.objects.select_related("organisation", "country"), pk=pk)


@require_perm("directory.view_member", get_object=_member)
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One member's details, for officers and administrators."""
    return render(request, "directory/member_detail.html", {
        "member": _member(request, pk), "rejection_form": RejectionForm(),
    })


@require_perm("directory.approve_member")
def pending_members(request: HttpRequest) -> HttpResponse:
    """Membership requests waiting for an officer."""
    return render(request, "directory/pending_members.html", {
        "members": selectors.pending_members_for(request.user)[:200], "rejection_form": RejectionForm(),
    })


@require_POST
@require_perm("directory.approve_member")
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    try:
        actions.approve_member(officer=request.user, member=member)
        messages.success(request, _("%(name)s is now a member.") % {"name": member.full_name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory:pending")


@require_POST
@require_perm("directory.approve_member")
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    form = RejectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the request is declined; the person will be told."))
        return redirect("directory:member", pk=pk)
    try:
        actions.reject_member(officer=request.user, member=member, reason=form.cleaned_data["reason"])
        messages.success(request, _("The request from %(name)s was declined.") % {"name": member.full_name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory:pending")

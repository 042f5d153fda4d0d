"""Member profile and the officers' membership approval queue."""

from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cphelpdesk.core.inputs import parse_id
from cphelpdesk.core.links import problem_page
from cphelpdesk.core.notifications import NOTIFICATION_KINDS, UnsubscribeLinkProblem, read_unsubscribe_token
from cphelpdesk.directory import actions, mfa_enrolment, selectors
from cphelpdesk.directory.forms import MailboxCodeForm, MemberDetailsForm, RejectionForm
from cphelpdesk.directory.models import Country, Member
from cphelpdesk.directory.permissions import get_permitted_or_404, require_perm
from cphelpdesk.directory.roles import Role


class MembershipSignupView(SignupView):
    """allauth's sign-up, starting from the country so that the organisation list stays short."""

    def get_initial(self):
        initial = super().get_initial()
        country = Country.objects.filter(pk=parse_id(self.request.GET.get("country")) or 0).first()
        if country:
            initial["country"] = country
        return initial

    def get_template_names(self):
        if self.request.method == "GET" and "country" not in self.get_initial():
            return ["account/signup_country.html"]
        return ["account/signup.html"]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "countries": Country.objects.all()}


signup = MembershipSignupView.as_view()


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


@csrf_exempt  # mail clients POST here with no session (RFC 8058 one-click); the signed token is the proof
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop (or restart) an optional kind of notification from a mail's link, without logging in.

    GET only shows a button: link scanners that follow every URL in a mail must not unsubscribe anyone.
    """
    try:
        member_id, kind = read_unsubscribe_token(token)
    except UnsubscribeLinkProblem as problem:
        return problem_page(request, problem)
    member = Member.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return problem_page(request, UnsubscribeLinkProblem("invalid"))
    if request.method == "POST":
        muted = request.POST.get("subscribe") != "1"
        actions.set_notifications_muted(member=member, kind=kind, muted=muted)
        member.refresh_from_db(fields=["muted_notifications"])
    return render(request, "directory/unsubscribe.html", {
        "kind_label": NOTIFICATION_KINDS[kind], "muted": kind in (member.muted_notifications or []),
        "done": request.method == "POST"})


def _member(request, pk):
    return get_object_or_404(Member.objects.select_related("organisation", "country"), pk=pk)


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One member's details, for officers and administrators (and the member themself)."""
    member = get_permitted_or_404(request.user, "directory.view_member",
                                  Member.objects.select_related("organisation", "country"), pk=pk)
    return render(request, "directory/member_detail.html", {"member": member, "rejection_form": RejectionForm()})


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
        actions.approve_member(actor=request.user, member=member)
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
        actions.reject_member(actor=request.user, member=member, reason=form.cleaned_data["reason"])
        messages.success(request, _("The request from %(name)s was declined.") % {"name": member.full_name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory:pending")


@never_cache
@login_required
def confirm_mailbox(request: HttpRequest) -> HttpResponse:
    """Before a staff account's first authenticator: a code mailed to its address, typed back here
    (directory.mfa_enrolment), so that a password alone cannot set one up."""
    if not mfa_enrolment.needs_mailbox_proof(request):
        return redirect("mfa_activate_totp")
    form = MailboxCodeForm(request.POST if request.POST.get("action") == "check" else None)
    if request.method == "POST" and request.POST.get("action") == "send":
        if mfa_enrolment.send_code(request):
            messages.success(request, _("We sent a code to %(address)s.") % {"address": request.user.email})
        else:
            messages.error(request, _("Several codes were sent already: use the latest one, or try again in an "
                                      "hour."))
        return redirect("directory:confirm_mailbox")
    if form.is_bound and form.is_valid():
        if mfa_enrolment.check_code(request, form.cleaned_data["code"]):
            return redirect("mfa_activate_totp")
        form.add_error("code", _("This code is not right, or no longer valid. Ask for a new one if needed."))
    return render(request, "directory/confirm_mailbox.html", {
        "form": form, "code_sent": mfa_enrolment.PENDING_KEY in request.session,
    }, status=400 if form.is_bound else 200)

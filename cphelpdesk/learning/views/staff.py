"""Pages of facilitators, coordinators and officers: attendance, the review queue and a review, a
coordinator's team, enrolling someone else, recommending learning on a query."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cphelpdesk.core.inputs import parse_id
from cphelpdesk.directory.models import Member
from cphelpdesk.learning import access, selectors
from cphelpdesk.learning.actions import enrolment as enrolling
from cphelpdesk.learning.actions import referrals, reviews, sessions
from cphelpdesk.learning.forms import EnrolMemberForm, RecommendForm, ReviewForm
from cphelpdesk.learning.models import LiveSession, Pathway, SessionRegistration, Submission
from cphelpdesk.learning.views import learner_required, problem_text
from cphelpdesk.queries.models import Query


@learner_required
def facilitate(request: HttpRequest) -> HttpResponse:
    """A facilitator's desk: submissions waiting for their review and the sessions they run."""
    if not request.user.has_perm("learning.facilitate"):
        raise PermissionDenied
    return render(request, "learning/facilitate.html", {
        "submissions": selectors.review_queue(request.user),
        "sessions": selectors.facilitated_sessions(request.user)[:50]})


@learner_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The facilitator marks who came (a form per member; no JavaScript)."""
    item = get_object_or_404(LiveSession.objects.select_related("step__pathway"), pk=pk)
    if not access.can_mark_attendance(request.user, item):
        raise PermissionDenied
    if request.method == "POST":
        registration = get_object_or_404(SessionRegistration, session=item,
                                         pk=parse_id(request.POST.get("registration")))
        try:
            sessions.mark_attendance(actor=request.user, registration=registration,
                                     attended=request.POST.get("attended") == "yes")
            messages.success(request, _("Attendance recorded."))
        except ValidationError as error:
            messages.error(request, problem_text(error))
        return redirect("learning:attendance", pk=item.pk)
    registrations = item.registrations.filter(status__in=SessionRegistration.HOLDS_PLACE).select_related("member")
    return render(request, "learning/attendance.html", {
        "session": item, "registrations": registrations, "waitlist": selectors.waitlist(item).select_related(
            "member")})


def _reviewable(request: HttpRequest, pk: int) -> Submission:
    submission = get_object_or_404(Submission.objects.select_related(
        "enrolment__member", "step__pathway"), pk=pk)
    if not access.can_review(request.user, submission):
        raise Http404
    return submission


@learner_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a submission, or return it with comments."""
    submission = _reviewable(request, pk)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reviews.review(actor=request.user, submission=submission,
                           accept=form.cleaned_data["decision"] == "accept", comments=form.cleaned_data["comments"])
            messages.success(request, _("Review recorded; the member is told by mail."))
            return redirect("learning:facilitate")
        except ValidationError as error:
            messages.error(request, problem_text(error))
    earlier = submission.enrolment.submissions.filter(step=submission.step).exclude(pk=submission.pk)
    return render(request, "learning/review.html", {"submission": submission, "form": form, "earlier": earlier})


@learner_required
def submission_file(request: HttpRequest, pk: int) -> FileResponse:
    """A submitted file, for the member who sent it and those who may review it."""
    submission = get_object_or_404(Submission.objects.select_related("enrolment", "step__pathway"), pk=pk)
    if submission.enrolment.member_id != request.user.pk and not access.can_review(request.user, submission):
        raise Http404
    response = FileResponse(submission.file.open("rb"), as_attachment=True, filename=submission.name,
                            content_type=submission.content_type)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@learner_required
def team(request: HttpRequest) -> HttpResponse:
    """A coordinator's view of their coordination group's members' learning (and nobody else's)."""
    if not request.user.has_perm("learning.follow_team"):
        raise PermissionDenied
    return render(request, "learning/team.html", {"enrolments": selectors.team_progress(request.user)})


@require_POST
@learner_required
def enrol_member(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator enrols a member of their team, an officer anyone, by address."""
    pathway = get_object_or_404(Pathway, slug=slug)
    form = EnrolMemberForm(request.POST)
    member = Member.objects.with_email(form.cleaned_data["email"]).first() if form.is_valid() else None
    if member is None or not access.can_enrol(request.user, member):
        # The same answer whether or not the address is a member's: addresses cannot be probed.
        messages.error(request, _("You cannot enrol this person: they must be an approved member you may "
                                  "enrol (a member of your coordination group)."))
    else:
        try:
            enrolling.enrol(actor=request.user, member=member, pathway=pathway)
            messages.success(request, _("%(name)s is enrolled and told by mail.") % {"name": member.full_name})
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, problem_text(error))
    return redirect(pathway.get_absolute_url())


@require_POST
@learner_required
def recommend(request: HttpRequest, reference: str) -> HttpResponse:
    """An officer recommends learning on a query they work on; back to the query page."""
    query = get_object_or_404(Query, reference=reference)
    if not request.user.has_perm("queries.read_query", query):
        raise Http404
    form = RecommendForm(request.POST)
    if form.is_valid():
        try:
            referrals.recommend(actor=request.user, query=query, **form.chosen())
            messages.success(request, _("The recommendation is recorded on the query. Include its link in your "
                                        "reply."))
        except ValidationError as error:
            messages.error(request, problem_text(error))
    else:
        messages.error(request, _("Choose a pathway, a step or a session to recommend."))
    return redirect(reverse("queries:detail", kwargs={"reference": query.reference}) + "#learning")

"""A member's pages: the catalogue, a pathway and its steps, module pages, quizzes, sessions, my learning."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cphelpdesk.learning import access, selectors
from cphelpdesk.learning.actions import enrolment as enrolling
from cphelpdesk.learning.actions import quizzes, reviews, sessions
from cphelpdesk.learning.forms import EnrolMemberForm, QuizForm, SubmissionForm
from cphelpdesk.learning.models import Enrolment, LiveSession, Pathway, SessionRegistration, Step, Submission
from cphelpdesk.learning.views import learner_required, problem_text


def _language() -> str:
    return (get_language() or "en")[:2]


def _pathway(request: HttpRequest, slug: str) -> Pathway:
    """A published pathway (a draft too, for officers)."""
    pathway = get_object_or_404(Pathway.objects.prefetch_related("translations"), slug=slug)
    if not pathway.is_published and not access.is_officer(request.user):
        raise Http404
    return selectors.localise(pathway, _language())


def _open_step(request: HttpRequest, slug: str, pk: int):
    """(pathway, step, enrolment) for a step whose content the user may see: an enrolment (active, with the
    step's prerequisites done, which puts the step in progress; or completed), or an officer or one of the
    pathway's facilitators (no enrolment), who read everything. Otherwise a redirect to the pathway page."""
    pathway = _pathway(request, slug)
    step = get_object_or_404(Step.objects.select_related("pathway").prefetch_related("translations"),
                             pathway=pathway, pk=pk)
    selectors.localise(step, _language())
    enrolment = selectors.enrolment_of(request.user, pathway)
    if enrolment is not None and enrolment.status == Enrolment.Status.ACTIVE:
        try:
            enrolling.start_step(actor=request.user, enrolment=enrolment, step=step)
        except ValidationError as error:
            messages.error(request, problem_text(error))
            return redirect(pathway.get_absolute_url())
        return pathway, step, enrolment
    if enrolment is not None and enrolment.status == Enrolment.Status.COMPLETED:
        return pathway, step, enrolment
    if access.is_officer(request.user) or pathway.facilitators.filter(pk=request.user.pk).exists():
        return pathway, step, None
    messages.info(request, _("Enrol in the pathway to follow its steps."))
    return redirect(pathway.get_absolute_url())


def opens_step(view):
    """Give the view the pathway, step and enrolment, or send the user back to the pathway page."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, pk: int, *args, **kwargs):
        opened = _open_step(request, slug, pk)
        if isinstance(opened, HttpResponse):
            return opened
        return view(request, *opened, *args, **kwargs)

    return learner_required(wrapper)


def _own(enrolment: Enrolment | None) -> Enrolment:
    """The enrolment a member acts on (officers and facilitators reading a step have none)."""
    if enrolment is None:
        raise PermissionDenied
    return enrolment


@learner_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The published pathways, each in the reader's language where there is a version."""
    return render(request, "learning/catalogue.html", {"pathways": selectors.catalogue(_language())})


@learner_required
def pathway(request: HttpRequest, slug: str) -> HttpResponse:
    """A pathway: its steps in order, what each waits for, and the member's progress."""
    item = _pathway(request, slug)
    enrolment = selectors.enrolment_of(request.user, item)
    may_enrol_others = access.is_officer(request.user) or access.team_of(request.user).exists()
    reads_all = access.is_officer(request.user) or item.facilitators.filter(pk=request.user.pk).exists()
    return render(request, "learning/pathway.html", {
        "pathway": item, "enrolment": enrolment, "steps": selectors.outline(item, enrolment, _language()),
        "pathway_languages": selectors.languages_of(item), "reads_all": reads_all,
        "enrol_form": EnrolMemberForm() if may_enrol_others else None})


@require_POST
@learner_required
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    item = _pathway(request, slug)
    try:
        enrolling.enrol(actor=request.user, member=request.user, pathway=item)
        messages.success(request, _("You are enrolled. Start with the first step."))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, problem_text(error))
    return redirect(item.get_absolute_url())


@require_POST
@learner_required
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    item = _pathway(request, slug)
    enrolment = get_object_or_404(Enrolment, member=request.user, pathway=item)
    try:
        enrolling.withdraw(actor=request.user, enrolment=enrolment)
        messages.success(request, _("You have withdrawn from this pathway. Your progress is kept."))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, problem_text(error))
    return redirect(item.get_absolute_url())


@opens_step
def step(request: HttpRequest, pathway: Pathway, item: Step, enrolment: Enrolment | None) -> HttpResponse:
    """A step: a module's pages and quiz, a live session's dates, an external course or an assignment to
    submit, and the member's progress on it."""
    progress = enrolment.progress.filter(step=item).first() if enrolment else None
    context = {"pathway": pathway, "step": item, "enrolment": enrolment, "progress": progress}
    if item.kind == Step.Kind.MODULE:
        context["pages"] = selectors.pages_of(item, _language())
        context["quiz"] = getattr(item, "quiz", None)
    elif item.kind == Step.Kind.LIVE_SESSION:
        context["sessions"] = selectors.sessions_of(item)
    else:
        context["submissions"] = list(enrolment.submissions.filter(step=item)) if enrolment else []
        # A new file only once the last one was returned (one waits for review at a time).
        context["form"] = SubmissionForm() if all(
            submission.status == Submission.Status.RETURNED for submission in context["submissions"]) else None
    return render(request, "learning/step.html", context)


@opens_step
def module_page(request: HttpRequest, pathway: Pathway, item: Step, enrolment: Enrolment | None,
                number: int) -> HttpResponse:
    """One page of a module, light and printable, with the resources it cites."""
    pages = selectors.pages_of(item, _language(), reader=request.user)
    if not 1 <= number <= len(pages):
        raise Http404
    return render(request, "learning/module_page.html", {
        "pathway": pathway, "step": item, "page": pages[number - 1], "number": number, "count": len(pages),
        "enrolment": enrolment})


@require_POST
@opens_step
def finish(request: HttpRequest, pathway: Pathway, item: Step, enrolment: Enrolment | None) -> HttpResponse:
    """The member has read a module without a quiz."""
    try:
        enrolling.finish_module(actor=request.user, enrolment=_own(enrolment), step=item)
        messages.success(request, _("Step done."))
    except ValidationError as error:
        messages.error(request, problem_text(error))
    return redirect(pathway.get_absolute_url())


@opens_step
def quiz(request: HttpRequest, pathway: Pathway, item: Step, enrolment: Enrolment | None) -> HttpResponse:
    """A module's quiz as a plain form; the answers are scored on the server."""
    item_quiz = getattr(item, "quiz", None)
    if item_quiz is None:
        raise Http404
    form = QuizForm(item_quiz, request.POST if request.method == "POST" else None)
    if request.method == "POST" and enrolment is not None and form.is_valid():
        try:
            attempt = quizzes.submit_attempt(actor=request.user, enrolment=enrolment, step=item,
                                             answers=form.answers())
            return redirect("learning:quiz_result", slug=pathway.slug, pk=item.pk, attempt=attempt.pk)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, problem_text(error))
    attempts = enrolment.quiz_attempts.filter(step=item) if enrolment else []
    return render(request, "learning/quiz.html", {
        "pathway": pathway, "step": item, "quiz": item_quiz, "form": form, "enrolment": enrolment,
        "attempts": attempts, "attempts_left": quizzes.attempts_left(enrolment, item_quiz) if enrolment else 0,
        "passed": any(attempt.passed for attempt in attempts)})


@opens_step
def quiz_result(request: HttpRequest, pathway: Pathway, item: Step, enrolment: Enrolment | None,
                attempt: int) -> HttpResponse:
    if enrolment is None:
        raise Http404
    result = get_object_or_404(enrolment.quiz_attempts, step=item, pk=attempt)
    return render(request, "learning/quiz_result.html", {
        "pathway": pathway, "step": item, "attempt": result, "quiz": item.quiz,
        "attempts_left": quizzes.attempts_left(enrolment, item.quiz)})


@require_POST
@opens_step
def submit(request: HttpRequest, pathway: Pathway, item: Step, enrolment: Enrolment | None) -> HttpResponse:
    """Send an external course's certificate or an assignment for review."""
    form = SubmissionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            reviews.submit(actor=request.user, enrolment=_own(enrolment), step=item, upload=form.cleaned_data["file"],
                           note=form.cleaned_data["note"])
            messages.success(request, _("Sent for review. You will hear by mail."))
        except ValidationError as error:
            messages.error(request, problem_text(error))
    else:
        messages.error(request, _("Choose a file to send."))
    return redirect(item.get_absolute_url())


@learner_required
def session(request: HttpRequest, pk: int) -> HttpResponse:
    """A live session in its own time zone: places left, and the member's place or waitlist position."""
    item = get_object_or_404(LiveSession.objects.select_related("step__pathway", "facilitator"), pk=pk)
    pathway = _pathway(request, item.step.pathway.slug)
    registration = SessionRegistration.objects.filter(session=item, member=request.user).first()
    return render(request, "learning/session.html", {
        "pathway": pathway, "step": selectors.localise(item.step, _language()), "session": item,
        "taken": selectors.places_taken(item), "registration": registration,
        "position": selectors.waitlist_position(registration) if registration else None,
        "may_mark": access.can_mark_attendance(request.user, item)})


@require_POST
@learner_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(LiveSession.objects.select_related("step__pathway"), pk=pk)
    _pathway(request, item.step.pathway.slug)
    try:
        registration = sessions.register(actor=request.user, session=item)
        messages.success(request, _("You have a place.") if registration.status == "registered"
                         else _("The session is full: you are on the waitlist."))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, problem_text(error))
    return redirect(item.get_absolute_url())


@require_POST
@learner_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(SessionRegistration, session_id=pk, member=request.user)
    try:
        sessions.cancel(actor=request.user, registration=registration)
        messages.success(request, _("Your registration is cancelled."))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, problem_text(error))
    return redirect("learning:session", pk=pk)


@learner_required
def mine(request: HttpRequest) -> HttpResponse:
    """The member's pathways with their progress, and their sessions to come."""
    return render(request, "learning/mine.html", selectors.my_learning(request.user, _language()))

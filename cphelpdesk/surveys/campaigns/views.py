"""Survey campaign pages: managers build, target, run and read surveys; respondents answer from their link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cphelpdesk.core import audit
from cphelpdesk.core.exports import FORMATS, Sheet, csv_response, xlsx_response
from cphelpdesk.core.links import problem_page
from cphelpdesk.directory.middleware import use_member_language
from cphelpdesk.directory.permissions import require_perm
from cphelpdesk.surveys.campaigns import actions, selectors
from cphelpdesk.surveys.campaigns.forms import (
    AudienceForm,
    NewSurveyForm,
    QuestionForm,
    ResponseForm,
    SectionForm,
    SurveyForm,
    TemplateForm,
)
from cphelpdesk.surveys.models import Question, Section, Survey

manager_only = require_perm("surveys.manage_campaigns")


def _survey(pk: int) -> Survey:
    return get_object_or_404(Survey, pk=pk)


def _question(pk: int, question_pk: int) -> Question:
    return get_object_or_404(Question.objects.select_related("survey"), pk=question_pk, survey_id=pk)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _list(request: HttpRequest, status: int = 200, new_form=None, template_form=None) -> HttpResponse:
    return render(request, "surveys/campaigns/list.html", {
        "rows": selectors.survey_rows(), "new_form": new_form or NewSurveyForm(),
        "template_form": template_form or TemplateForm()}, status=status)


@require_GET
@manager_only
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Every survey with its response rate; buttons to start one from a template or empty."""
    return _list(request)


@require_POST
@manager_only
def create(request: HttpRequest) -> HttpResponse:
    form = NewSurveyForm(request.POST)
    if not form.is_valid():
        return _list(request, status=400, new_form=form)
    survey = actions.create_survey(actor=request.user, title=form.cleaned_data["title"])
    return redirect("surveys:campaign", pk=survey.pk)


@require_POST
@manager_only
def create_from_template(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST)
    if not form.is_valid():
        return _list(request, status=400, template_form=form)
    survey = actions.create_from_template(actor=request.user, template=form.cleaned_data["template"])
    messages.success(request, _("The survey is created from the template: check it, then choose its audience."))
    return redirect("surveys:campaign", pk=survey.pk)


def _builder(request: HttpRequest, survey: Survey, status: int = 200, **forms) -> HttpResponse:
    context = {
        "survey": survey, "row": selectors.survey_row(survey), "groups": selectors.questions_by_section(survey),
        "survey_form": forms.get("survey_form") or SurveyForm(instance=survey),
        "question_form": forms.get("question_form") or QuestionForm(survey=survey),
        "section_form": forms.get("section_form") or SectionForm(),
    }
    return render(request, "surveys/campaigns/builder.html", context, status=status)


@require_http_methods(["GET", "POST"])
@manager_only
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    """The builder: the survey's details, sections and questions (changeable while a draft)."""
    survey = _survey(pk)
    if request.method == "GET":
        return _builder(request, survey)
    # The form works on a copy, so that the page keeps the saved title above a form with errors.
    form = SurveyForm(request.POST, instance=Survey.objects.get(pk=survey.pk))
    if form.is_valid():
        try:
            actions.update_survey(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The survey is saved."))
        return redirect("surveys:campaign", pk=survey.pk)
    return _builder(request, survey, status=400, survey_form=form)


@require_POST
@manager_only
def add_section(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    form = SectionForm(request.POST)
    if not form.is_valid():
        return _builder(request, survey, status=400, section_form=form)
    try:
        actions.add_section(actor=request.user, survey=survey, title=form.cleaned_data["title"])
    except ValidationError as error:
        _refused(request, error)
    return redirect("surveys:campaign", pk=survey.pk)


@require_POST
@manager_only
def delete_section(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    section = get_object_or_404(Section.objects.select_related("survey"), pk=section_pk, survey_id=pk)
    return _pressed(request, lambda: actions.delete_section(actor=request.user, section=section),
                    lambda _section: _("The section and its questions are deleted."), "surveys:campaign", pk)


@require_POST
@manager_only
def add_question(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    form = QuestionForm(request.POST, survey=survey)
    done = _save_question(request, form, lambda **fields: actions.add_question(
        actor=request.user, survey=survey, **fields), _("The question is added."))
    return done or _builder(request, survey, status=400, question_form=form)


def _save_question(request: HttpRequest, form: QuestionForm, save, done: str) -> HttpResponse | None:
    """Save a valid form through `save`; the redirect to the builder, or None to show the form's errors again.
    A survey no longer a draft is said in a message on the builder."""
    if not form.is_valid():
        return None
    try:
        save(**form.action_arguments())
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            form.add_error(None, error)
            return None
        _refused(request, error)
    else:
        messages.success(request, done)
    return redirect("surveys:campaign", pk=form.survey.pk)


@require_http_methods(["GET", "POST"])
@manager_only
def edit_question(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question(pk, question_pk)
    form = QuestionForm.for_question(question, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        done = _save_question(request, form, lambda **fields: actions.update_question(
            actor=request.user, question=question, **fields), _("The question is saved."))
        if done:
            return done
    return render(request, "surveys/campaigns/question.html", {"question": question, "form": form},
                  status=400 if form.is_bound else 200)


@require_POST
@manager_only
def delete_question(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question(pk, question_pk)
    return _pressed(request, lambda: actions.delete_question(actor=request.user, question=question),
                    lambda _question: _("The question is deleted."), "surveys:campaign", pk)


@require_POST
@manager_only
def move_question(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question(pk, question_pk)
    return _pressed(request, lambda: actions.move_question(
        actor=request.user, question=question, up=request.POST.get("direction") == "up"), None, "surveys:campaign", pk)


@require_http_methods(["GET", "POST"])
@manager_only
def audience(request: HttpRequest, pk: int) -> HttpResponse:
    """Whom the survey goes to, how many that is, and the open / remind / close buttons."""
    survey = _survey(pk)
    form = AudienceForm(request.POST if request.method == "POST" else None, initial=survey.audience)
    if request.method == "POST" and form.is_valid():
        try:
            count = actions.set_audience(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, ngettext("The audience is saved: %(count)s member.",
                                               "The audience is saved: %(count)s members.", count) % {"count": count})
        return redirect("surveys:audience", pk=survey.pk)
    return render(request, "surveys/campaigns/audience.html", {
        "survey": survey, "form": form, "row": selectors.survey_row(survey),
        "count": selectors.audience_members(survey.audience).count(),
        "newcomers": selectors.newcomers(survey).count() if survey.is_open else 0},
        status=400 if form.is_bound else 200)


def _run(request: HttpRequest, pk: int, action, done) -> HttpResponse:
    """Run a survey action from its button on the audience page."""
    survey = _survey(pk)
    return _pressed(request, lambda: action(actor=request.user, survey=survey), done, "surveys:audience", pk)


def _pressed(request: HttpRequest, run, done, page: str, pk: int) -> HttpResponse:
    """A button's action: `run()`, then `done(result)` as the message saying what happened (None: no message),
    or the reasons it was refused; back to the survey's `page` either way."""
    try:
        result = run()
    except ValidationError as error:
        _refused(request, error)
    else:
        if done is not None:
            messages.success(request, done(result))
    return redirect(page, pk=pk)


@require_POST
@manager_only
def open_survey(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, actions.open_survey, lambda count: ngettext(
        "The survey is open: %(count)s invitation is on its way.",
        "The survey is open: %(count)s invitations are on their way.", count) % {"count": count})


@require_POST
@manager_only
def send_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, actions.send_reminders, lambda count: ngettext(
        "%(count)s reminder is on its way.", "%(count)s reminders are on their way.", count) % {"count": count})


@require_POST
@manager_only
def invite_newcomers(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, actions.invite_newcomers, lambda count: ngettext(
        "%(count)s invitation is on its way.", "%(count)s invitations are on their way.", count) % {"count": count})


@require_POST
@manager_only
def close_survey(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, actions.close_survey, lambda survey: _("The survey is closed."))


@require_GET
@manager_only
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Per question figures and breakdowns, small numbers hidden; `?format=csv` or `xlsx` downloads them
    (audited)."""
    survey = _survey(pk)
    if survey.status != Survey.Status.CLOSED:
        # Results watched while answers come in would show each new answer: they wait for the close.
        if request.GET.get("format"):
            raise Http404
        return render(request, "surveys/campaigns/results.html", {
            "survey": survey, "row": selectors.survey_row(survey), "minimum": selectors.MIN_RESPONSES})
    found = selectors.results(survey)
    file_format = request.GET.get("format")
    if file_format in FORMATS:
        audit.record(actor=request.user, action="survey_results.exported", target=survey, format=file_format)
        header, rows = selectors.results_table(found)
        filename = f"survey-{survey.pk}-results.{file_format}"
        if file_format == "csv":
            return csv_response(filename, header, rows)
        return xlsx_response(filename, [Sheet(_("Results"), header, rows)])
    return render(request, "surveys/campaigns/results.html", {
        "survey": survey, "row": found.row, "results": found, "minimum": selectors.MIN_RESPONSES})


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire, reached from the invitation mail (in the member's language, like the mail); the signed
    link is the credential, once."""
    try:
        invitation = actions.read_invitation(token=token[:500])
    except actions.InvitationLinkProblem as problem:
        return problem_page(request, problem)
    use_member_language(request, invitation.member)
    survey = invitation.survey
    form = ResponseForm(request.POST if request.method == "POST" else None,
                        groups=selectors.questions_by_section(survey))
    if request.method == "POST" and form.is_valid():
        try:
            actions.submit_response(invitation=invitation, nonce=invitation.nonce, answers=form.answers())
        except actions.InvitationLinkProblem as problem:
            return problem_page(request, problem)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "surveys/campaigns/thanks.html", {"survey": survey})
    return render(request, "surveys/campaigns/answer.html", {"survey": survey, "form": form},
                  status=400 if form.is_bound else 200)

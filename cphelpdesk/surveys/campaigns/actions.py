"""Survey campaigns: build a survey (while a draft), open it (mailing invitations), remind, close, answer.

Every function runs in one transaction and is audited; mail goes through the outbox with the change. Managers
call all but `submit_response`, whose credential is the invitation's signed single-use link.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cphelpdesk.core import audit, links
from cphelpdesk.core.inputs import clean_text
from cphelpdesk.core.notifications import absolute_url, queue_notification, unsubscribe_headers
from cphelpdesk.detection.detector import find_personal_data, redact
from cphelpdesk.directory.models import Member
from cphelpdesk.surveys.campaigns.blueprints import BLUEPRINTS
from cphelpdesk.surveys.campaigns.selectors import (
    POSITIONS,
    SURVEY_MAIL,
    audience_members,
    newcomers,
    survey_row,
    unsubscribed,
)
from cphelpdesk.surveys.models import Answer, Invitation, Question, Response, Section, Survey

INVITATION_SALT = "cphelpdesk.surveys.invitation"
TEXT_MAX_LENGTH = 4000
NUMBER_MAX = 1_000_000_000


def default_audience() -> dict:
    """A new survey goes to coordinators and IM officers of countries with an active group, until changed."""
    return {"positions": list(POSITIONS), "regions": [], "desks": [], "active_groups": True}


class InvitationLinkProblem(links.LinkProblem):
    """A survey link that cannot be used; `problem` says why."""

    problems = {
        "invalid": (gettext_lazy("The link is not valid. Check that you copied all of it from the message."), 400),
        "answered": (gettext_lazy("This survey was already answered with this link. Thank you!"), 410),
        "closed": (gettext_lazy("This survey is closed and no longer takes answers. Thank you all the same."), 410),
    }
    title = gettext_lazy("Survey link")


# No max age: an invitation's link works until it is answered or its survey closes.
INVITATION_LINK = links.Purpose(INVITATION_SALT, InvitationLinkProblem)


# --- links ---------------------------------------------------------------------------------------

def invitation_token(invitation: Invitation) -> str:
    return INVITATION_LINK.sign_row(invitation.pk, invitation.nonce)


def invitation_url(invitation: Invitation) -> str:
    return absolute_url("surveys:answer", token=invitation_token(invitation))


def read_invitation(*, token: str) -> Invitation:
    """The invitation a link is for, or `InvitationLinkProblem` saying why the link cannot be used."""
    pk, nonce = INVITATION_LINK.unsign_row(token)
    invitation = Invitation.objects.select_related("survey", "member").filter(pk=pk).first()
    if invitation is None or not links.nonce_matches(nonce, invitation.nonce):
        raise InvitationLinkProblem("invalid")
    _check_answerable(invitation)
    return invitation


def _check_answerable(invitation: Invitation) -> None:
    if invitation.responded_on is not None:
        raise InvitationLinkProblem("answered")
    if not invitation.survey.is_open:
        raise InvitationLinkProblem("closed")


# --- building ------------------------------------------------------------------------------------

def _locked(survey: Survey, status: str, refusal: str) -> Survey:
    """The survey re-read under a row lock, refused with `refusal` unless it has `status`."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != status:
        raise ValidationError(refusal)
    return survey


def _locked_draft(survey: Survey) -> Survey:
    return _locked(survey, Survey.Status.DRAFT,
                   _("The survey is no longer a draft: its questions and audience are fixed."))


@transaction.atomic
def create_survey(*, actor: Member, title: str, intro: str = "") -> Survey:
    """A new draft survey with no questions yet."""
    survey = Survey.objects.create(title=clean_text(title)[:200], intro=clean_text(intro), created_by=actor,
                                   audience=default_audience())
    audit.record(actor=actor, action="survey.created", target=survey)
    return survey


@transaction.atomic
def create_from_template(*, actor: Member, template: str) -> Survey:
    """A draft survey holding a ready template's sections and questions (`blueprints.BLUEPRINTS`), worded in
    the active language; the manager can change it before opening it."""
    blueprint = BLUEPRINTS.get(template)
    if blueprint is None:
        raise ValidationError(_("There is no such template."))
    survey = Survey.objects.create(title=str(blueprint.title), intro=str(blueprint.intro), template=template,
                                   created_by=actor, audience=default_audience())
    position = 0
    for section_position, (title, questions) in enumerate(blueprint.sections):
        section = Section.objects.create(survey=survey, title=str(title), position=section_position)
        for spec in questions:
            Question.objects.create(survey=survey, section=section, text=str(spec.text), kind=spec.kind,
                                    required=spec.required, choices=[str(choice) for choice in spec.choices],
                                    help_text=str(spec.help_text), position=position)
            position += 1
    audit.record(actor=actor, action="survey.created", target=survey, template=template)
    return survey


@transaction.atomic
def update_survey(*, actor: Member, survey: Survey, title: str, intro: str, closes_on: date | None) -> Survey:
    """Change the title, introduction and answer-by date of a draft."""
    survey = _locked_draft(survey)
    survey.title, survey.intro, survey.closes_on = clean_text(title)[:200], clean_text(intro), closes_on
    survey.save(update_fields=["title", "intro", "closes_on"])
    audit.record(actor=actor, action="survey.updated", target=survey)
    return survey


@transaction.atomic
def add_section(*, actor: Member, survey: Survey, title: str) -> Section:
    survey = _locked_draft(survey)
    position = (survey.sections.aggregate(last=Max("position"))["last"] or 0) + 1
    section = Section.objects.create(survey=survey, title=clean_text(title)[:200], position=position)
    audit.record(actor=actor, action="survey_section.added", target=survey, section=section.pk)
    return section


@transaction.atomic
def delete_section(*, actor: Member, section: Section) -> None:
    """Delete a draft's section with its questions."""
    survey = _locked_draft(section.survey)
    audit.record(actor=actor, action="survey_section.deleted", target=survey, section=section.pk,
                 questions=section.questions.count())
    section.delete()


def _clean_choices(kind: str, choices) -> list[str]:
    cleaned = list(dict.fromkeys(clean_text(choice)[:200] for choice in choices if clean_text(choice)))
    if kind in Question.CHOICE_KINDS and len(cleaned) < 2:
        raise ValidationError({"choices": _("Give at least two choices, one a line.")})
    return cleaned if kind in Question.CHOICE_KINDS else []


def _question_fields(survey: Survey, *, text: str, kind: str, section: Section | None, required: bool,
                     choices, help_text: str) -> dict:
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of question.")})
    if section is not None and section.survey_id != survey.pk:
        raise ValidationError({"section": _("Choose a section of this survey.")})
    if not clean_text(text):
        raise ValidationError({"text": _("Write the question.")})
    return {"text": clean_text(text)[:500], "kind": kind, "section": section, "required": required,
            "choices": _clean_choices(kind, choices), "help_text": clean_text(help_text)[:500]}


@transaction.atomic
def add_question(*, actor: Member, survey: Survey, text: str, kind: str, section: Section | None = None,
                 required: bool = False, choices=(), help_text: str = "") -> Question:
    """A question at the end of the draft (of its section). Choice kinds need at least two choices."""
    survey = _locked_draft(survey)
    fields = _question_fields(survey, text=text, kind=kind, section=section, required=required, choices=choices,
                              help_text=help_text)
    position = (survey.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    question = Question.objects.create(survey=survey, position=position, **fields)
    audit.record(actor=actor, action="survey_question.added", target=survey, question=question.pk)
    return question


@transaction.atomic
def update_question(*, actor: Member, question: Question, text: str, kind: str, section: Section | None,
                    required: bool, choices=(), help_text: str = "") -> Question:
    survey = _locked_draft(question.survey)
    fields = _question_fields(survey, text=text, kind=kind, section=section, required=required, choices=choices,
                              help_text=help_text)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    audit.record(actor=actor, action="survey_question.updated", target=survey, question=question.pk)
    return question


@transaction.atomic
def delete_question(*, actor: Member, question: Question) -> None:
    survey = _locked_draft(question.survey)
    audit.record(actor=actor, action="survey_question.deleted", target=survey, question=question.pk)
    question.delete()


@transaction.atomic
def move_question(*, actor: Member, question: Question, up: bool) -> None:
    """Swap the question with the one before (`up`) or after it in its section."""
    survey = _locked_draft(question.survey)
    siblings = list(survey.questions.filter(section=question.section_id).order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        Question.objects.filter(pk=sibling.pk).update(position=position)
    audit.record(actor=actor, action="survey_question.moved", target=survey, question=question.pk)


@transaction.atomic
def set_audience(*, actor: Member, survey: Survey, positions: list[str], regions: list[str], desks: list[str],
                 active_groups: bool) -> int:
    """Record whom a draft will be sent to; returns how many members that is now."""
    survey = _locked_draft(survey)
    survey.audience = {"positions": [key for key in positions if key in POSITIONS], "regions": list(regions),
                       "desks": list(desks), "active_groups": bool(active_groups)}
    survey.save(update_fields=["audience"])
    count = audience_members(survey.audience).count()
    audit.record(actor=actor, action="survey.audience_set", target=survey, audience=survey.audience, count=count)
    return count


# --- running -------------------------------------------------------------------------------------

def _mail(invitation: Invitation, template: str) -> None:
    survey, member = invitation.survey, invitation.member
    headers, unsubscribe_url = unsubscribe_headers(member, SURVEY_MAIL)
    queue_notification(
        template=template, to=[member.email], language=member.preferred_language, headers=headers,
        context={"name": member.get_short_name(), "title": survey.title, "intro": survey.intro,
                 "url": invitation_url(invitation), "unsubscribe_url": unsubscribe_url,
                 "closes_on": survey.closes_on.isoformat() if survey.closes_on else ""},
    )


@transaction.atomic
def open_survey(*, actor: Member, survey: Survey) -> int:
    """Open a draft: invite every member of its audience, one mail each in their language with their own
    link; returns how many were invited."""
    survey = _locked_draft(survey)
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    if survey.closes_on and survey.closes_on < timezone.localdate():
        raise ValidationError(_("The answer-by date has passed: change it before opening the survey."))
    now = timezone.now()
    invited = _invite(survey, audience_members(survey.audience), now)
    if not invited:
        raise ValidationError(_("Nobody matches the audience: widen it before opening the survey."))
    survey.status, survey.opened_at = Survey.Status.OPEN, now
    survey.save(update_fields=["status", "opened_at"])
    audit.record(actor=actor, action="survey.opened", target=survey, invited=invited)
    return invited


def _invite(survey: Survey, members, now) -> int:
    invitations = Invitation.objects.bulk_create(
        Invitation(survey=survey, member=member, nonce=links.new_nonce(), sent_at=now)
        for member in members.order_by("pk"))
    for invitation in invitations:
        _mail(invitation, "surveys/email/survey_invitation")
    return len(invitations)


@transaction.atomic
def invite_newcomers(*, actor: Member, survey: Survey) -> int:
    """Invite the members who joined an open survey's audience since it was opened (new members, changed
    positions); returns how many."""
    survey = _locked(survey, Survey.Status.OPEN, _("Only an open survey takes more people."))
    invited = _invite(survey, newcomers(survey), timezone.now())
    audit.record(actor=actor, action="survey.newcomers_invited", target=survey, invited=invited)
    return invited


@transaction.atomic
def send_reminders(*, actor: Member, survey: Survey) -> int:
    """Remind, once per call, every invited member who has not answered an open survey (and still takes survey
    mail); returns how many."""
    survey = _locked(survey, Survey.Status.OPEN, _("Only an open survey can be reminded of."))
    now = timezone.now()
    pending = list(survey.invitations.filter(responded_on__isnull=True, member__is_active=True)
                   .exclude(unsubscribed("member__")).select_related("member", "survey"))
    for invitation in pending:
        invitation.reminded_at, invitation.reminders = now, invitation.reminders + 1
        _mail(invitation, "surveys/email/survey_reminder")
    Invitation.objects.bulk_update(pending, ["reminded_at", "reminders"])
    audit.record(actor=actor, action="survey.reminders_sent", target=survey, reminded=len(pending))
    return len(pending)


@transaction.atomic
def close_survey(*, actor: Member | None, survey: Survey) -> Survey:
    """Close an open survey: its links stop taking answers."""
    survey = _locked(survey, Survey.Status.OPEN, _("Only an open survey can be closed."))
    survey.status, survey.closed_at = Survey.Status.CLOSED, timezone.now()
    row = survey_row(survey)
    survey.invited_count, survey.responded_count = row.invited, row.responded
    survey.save(update_fields=["status", "closed_at", "invited_count", "responded_count"])
    audit.record(actor=actor, action="survey.closed", target=survey)
    return survey


def close_due_surveys(today: date | None = None) -> int:
    """Close every open survey whose answer-by date has passed (the daily task); returns how many."""
    today = today or timezone.localdate()
    count = 0
    for survey in Survey.objects.filter(status=Survey.Status.OPEN, closes_on__lt=today):
        close_survey(actor=None, survey=survey)
        count += 1
    return count


# --- answering -----------------------------------------------------------------------------------

def _blank(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def clean_answer(question: Question, value):
    """The stored form of one answer ({"number"|"choices"|"text": ...}), None when left blank, or
    ValidationError. Checks every kind's range or choices, whatever channel the answer came through."""
    if _blank(value):
        if question.required:
            raise ValidationError(_("This question needs an answer."))
        return None
    kind = question.kind
    if kind in (Question.Kind.RATING, Question.Kind.NUMBER):
        low, high = (1, 10) if kind == Question.Kind.RATING else (0, NUMBER_MAX)
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not low <= number <= high:
            raise ValidationError(_("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
        return {"number": number}
    if kind in Question.CHOICE_KINDS:
        chosen = [value] if isinstance(value, str) else list(value)
        if any(choice not in question.choices for choice in chosen) or (
                kind == Question.Kind.SINGLE and len(chosen) != 1):
            raise ValidationError(_("Choose among the choices given."))
        return {"choices": list(dict.fromkeys(chosen))}
    text = clean_text(str(value))
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(_("Keep the answer under %(count)s characters.") % {"count": TEXT_MAX_LENGTH})
    # Answers are kept de-identified: personal data in a comment (a name with an age, a phone number, an
    # address...) is replaced by its placeholder before it is stored, and managers read and export it so.
    text = redact(text, find_personal_data(text))
    return {"text": text} if text else None


@transaction.atomic
def submit_response(*, invitation: Invitation, nonce: str, answers: dict[int, object]) -> Response:
    """Store a completed questionnaire, once per invitation.

    Precondition: `nonce` comes from a verified invitation link. The response keeps no link to the member or
    the invitation: only the member's region, country, desk and organisation type at this moment, for the
    breakdowns. Errors are a ValidationError keyed by question id (`q<id>`).
    """
    invitation = Invitation.objects.select_for_update().select_related("survey").get(pk=invitation.pk)
    if not links.nonce_matches(nonce, invitation.nonce):
        raise InvitationLinkProblem("invalid")
    _check_answerable(invitation)  # under the row lock: two posts of one link cannot both pass
    survey = invitation.survey
    cleaned, errors = {}, {}
    for question in survey.questions.all():
        try:
            cleaned[question] = clean_answer(question, answers.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
    if errors:
        raise ValidationError(errors)
    member = Member.objects.select_related("country__region", "organisation").get(pk=invitation.member_id)
    response = Response.objects.create(
        survey=survey, region=member.country.region if member.country else None,
        organisation_type=member.organisation.type if member.organisation else "")
    Answer.objects.bulk_create(Answer(response=response, question=question, **value)
                               for question, value in cleaned.items() if value is not None)
    invitation.responded_on = timezone.localdate()
    invitation.save(update_fields=["responded_on"])
    # The survey, not the response or the invitation: the log must not tie a member to their answers.
    audit.record(actor=None, action="survey_response.submitted", target=survey)
    return response

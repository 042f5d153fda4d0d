"""Reads of survey campaigns: the audience, response rates, and results with small numbers hidden."""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cphelpdesk.directory.models import Approval, Country, Member, Organisation
from cphelpdesk.directory.roles import Role
from cphelpdesk.surveys.models import Answer, Question, Survey

# Issue #6: "aggregates hidden under 5 responses", for a whole question and for each breakdown cell.
MIN_RESPONSES = 5
# The optional notification (core.notifications.NOTIFICATION_KINDS) a member may unsubscribe from.
SURVEY_MAIL = "survey_invitations"

# Positions are free text in members' profiles (directory.Member.position), so roles are recognised by words,
# in the four interface languages. "IMO" is matched as a capitalised word only (not inside "Timor").
POSITIONS = {
    "coordinator": (gettext_lazy("Coordinators and co-coordinators"),
                    Q(position__icontains="coordina") | Q(position__contains="منسق")),
    "im": (gettext_lazy("Information management officers"),
           Q(position__icontains="information management") | Q(position__icontains="gestion de l'information")
           | Q(position__icontains="gestión de la información") | Q(position__icontains="gestión de información")
           | Q(position__contains="إدارة المعلومات") | Q(position__regex=r"(^|[^A-Za-z])IMO([^A-Za-z]|$)")),
}


def unsubscribed(prefix: str = "") -> Q:
    """Members who unsubscribed from survey mail (a text match on the JSON list: the `contains` lookup on JSON
    is not available on SQLite). `prefix` reaches the member from a related model."""
    return Q(**{f"{prefix}muted_notifications__icontains": f'"{SURVEY_MAIL}"'})


def audience_members(criteria: dict) -> QuerySet[Member]:
    """Approved, active members (the member role: staff are not surveyed) who take survey mail, matching a
    survey's audience criteria: `positions` (keys of POSITIONS; none means every position), `regions` and `desks`
    (codes; of the member's country), `active_groups` (only countries with an active national coordination
    group)."""
    members = Member.objects.filter(is_active=True, approval=Approval.APPROVED, groups__name=Role.MEMBER).exclude(
        email="").exclude(unsubscribed())
    positions = [POSITIONS[key][1] for key in criteria.get("positions", []) if key in POSITIONS]
    if positions:
        members = members.filter(reduce(or_, positions))
    if criteria.get("regions"):
        members = members.filter(country__region__code__in=criteria["regions"])
    if criteria.get("desks"):
        members = members.filter(country__desk__code__in=criteria["desks"])
    if criteria.get("active_groups"):
        members = members.filter(country__in=Country.objects.with_active_group())
    return members.distinct()


def newcomers(survey: Survey) -> QuerySet[Member]:
    """Members of the survey's audience who have no invitation yet."""
    return audience_members(survey.audience).exclude(survey_invitations__survey=survey)


@dataclass
class SurveyRow:
    survey: Survey
    invited: int
    responded: int

    @property
    def rate(self) -> float | None:
        """Share of the invited who answered, or None before anyone was invited."""
        return self.responded / self.invited if self.invited else None


def survey_rows() -> list[SurveyRow]:
    """Every survey with its invitations and answers, newest first (the managers' list); a closed survey's
    figures are those counted when it closed."""
    surveys = Survey.objects.annotate(
        invited=Count("invitations"), responded=Count("invitations", filter=Q(invitations__responded_on__isnull=False)))
    return [_row(survey, survey.invited, survey.responded) for survey in surveys]


def survey_row(survey: Survey) -> SurveyRow:
    invitations = survey.invitations.aggregate(invited=Count("pk"), responded=Count("pk", filter=Q(
        responded_on__isnull=False)))
    return _row(survey, invitations["invited"], invitations["responded"])


def _row(survey: Survey, invited: int, responded: int) -> SurveyRow:
    if survey.invited_count is not None:
        return SurveyRow(survey, survey.invited_count, survey.responded_count or 0)
    return SurveyRow(survey, invited, responded)


def questions_by_section(survey: Survey) -> list[tuple]:
    """[(section or None, [questions])] in page order; questions outside any section come first."""
    questions = list(survey.questions.select_related("section").order_by("position", "pk"))
    groups = [(None, [question for question in questions if question.section_id is None])]
    for section in survey.sections.all():
        groups.append((section, [question for question in questions if question.section_id == section.pk]))
    return [(section, items) for section, items in groups if items or section is not None]


# --- results -------------------------------------------------------------------------------------

@dataclass
class Cell:
    """One aggregate: a whole question or a group of a breakdown. `counts` holds (label, count) pairs."""

    label: str
    n: int
    mean: float | None = None
    counts: list[tuple[str, int]] = field(default_factory=list)
    # Hidden although large enough, so that a small group beside it cannot be worked out by subtraction.
    suppressed: bool = False

    @property
    def hidden(self) -> bool:
        return self.n < MIN_RESPONSES or self.suppressed


@dataclass
class Breakdown:
    title: str
    cells: list[Cell]


@dataclass
class QuestionResult:
    question: Question
    overall: Cell
    summary: dict = field(default_factory=dict)  # numbers: {label: minimum, median, maximum}
    comments: list[str] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)


@dataclass
class Results:
    row: SurveyRow
    responses: int
    sections: list[tuple]  # [(section or None, [QuestionResult])]


def _cell(question: Question, label: str, answers: list[Answer]) -> Cell:
    cell = Cell(label=label, n=len(answers))
    if cell.hidden:
        return cell
    if question.kind in (Question.Kind.RATING, Question.Kind.NUMBER):
        cell.mean = statistics.fmean(answer.number for answer in answers)
        if question.kind == Question.Kind.RATING:
            scores = Counter(answer.number for answer in answers)
            cell.counts = [(str(score), scores[score]) for score in range(1, 11)]
    elif question.has_choices:
        chosen = Counter(choice for answer in answers for choice in answer.choices)
        cell.counts = [(choice, chosen[choice]) for choice in question.choices]
    return cell


def _protect(cells: list[Cell]) -> list[Cell]:
    """Complementary suppression: the whole question is shown, so the groups a breakdown hides could be worked
    out together by subtracting the groups it shows. Hide the smallest shown groups too until the hidden ones
    hold at least MIN_RESPONSES answers between them (or every group is hidden)."""
    hidden = sum(cell.n for cell in cells if cell.hidden)
    for cell in sorted((cell for cell in cells if not cell.hidden), key=lambda cell: cell.n):
        if hidden == 0 or hidden >= MIN_RESPONSES:
            break
        cell.suppressed, cell.mean, cell.counts = True, None, []
        hidden += cell.n
    return cells


def _groups(answers: list[Answer], key) -> list[tuple[str, list[Answer]]]:
    groups: dict[str, list[Answer]] = {}
    for answer in answers:
        groups.setdefault(key(answer.response), []).append(answer)
    return sorted(groups.items())


def _region(response) -> str:
    return response.region.localized_name if response.region else _("Not known")


def _organisation_type(response) -> str:
    return (str(Organisation.Type(response.organisation_type).label) if response.organisation_type
            else _("Not known"))


def _question_result(question: Question, answers: list[Answer]) -> QuestionResult:
    result = QuestionResult(question=question, overall=_cell(question, _("All responses"), answers))
    if result.overall.hidden:
        return result
    if question.kind == Question.Kind.TEXT:
        # In alphabetical order: the order answers came in would line them up with whoever answered when.
        result.comments = sorted(answer.text for answer in answers if answer.text)
        return result
    if question.kind == Question.Kind.NUMBER:
        # No minimum or maximum: each is one respondent's own answer (a group's size names its country).
        result.summary = {_("median"): statistics.median(answer.number for answer in answers)}
    result.breakdowns = [
        Breakdown(title, _protect([_cell(question, label, group) for label, group in _groups(answers, key)]))
        for title, key in ((_("By region"), _region), (_("By organisation type"), _organisation_type))]
    return result


def results(survey: Survey) -> Results:
    """Per question: the count, mean and distribution (ratings, numbers), counts per choice, comments, and
    breakdowns by region and organisation type; any aggregate of fewer than MIN_RESPONSES answers is hidden."""
    answers: dict[int, list[Answer]] = {}
    for answer in (Answer.objects.filter(response__survey=survey)
                   .select_related("response__region")):
        answers.setdefault(answer.question_id, []).append(answer)
    sections = [(section, [_question_result(question, answers.get(question.pk, [])) for question in questions])
                for section, questions in questions_by_section(survey)]
    return Results(row=survey_row(survey), responses=survey.responses.count(), sections=sections)


def results_table(results: Results) -> tuple[list[str], list[list]]:
    """The results as CSV rows (header, rows): one row per figure, hidden ones marked, never their value."""
    header = [_("Section"), _("Question"), _("Kind"), _("Breakdown"), _("Group"), _("Responses"), _("Figure"),
              _("Value")]
    hidden = _("hidden: fewer than %(count)s responses, or hidden with them") % {"count": MIN_RESPONSES}
    rows = []
    for section, question_results in results.sections:
        section_title = section.title if section else ""
        for result in question_results:
            question = result.question
            start = [section_title, question.text, question.get_kind_display()]
            cells = [("", result.overall)] + [(breakdown.title, cell) for breakdown in result.breakdowns
                                               for cell in breakdown.cells]
            for breakdown_title, cell in cells:
                # A hidden group's size is left out too; the question's own count gives nothing away.
                prefix = [*start, breakdown_title, cell.label, "" if cell.hidden and breakdown_title else cell.n]
                if cell.hidden:
                    rows.append([*prefix, "", hidden])
                    continue
                if cell.mean is not None:
                    rows.append([*prefix, _("mean"), round(cell.mean, 2)])
                rows.extend([*prefix, label, count] for label, count in cell.counts)
            overall = [*start, "", _("All responses"), result.overall.n]
            rows.extend([*overall, name, value] for name, value in result.summary.items())
            rows.extend([*overall, _("comment"), comment] for comment in result.comments)
    return header, rows

"""Survey results: means, distributions, counts, comments and breakdowns on known answers; figures under five
responses hidden; the audited, formula-safe CSV; and who may see the managers' pages."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.models import Country
from cphelpdesk.directory.roles import Role
from cphelpdesk.surveys.campaigns import actions, selectors
from cphelpdesk.surveys.models import Answer, Question, Response, Survey
from tests.factories import MemberFactory, staff_with_mfa

pytestmark = pytest.mark.django_db
Kind = Question.Kind
HIDDEN_CSV = "hidden: fewer than 5 responses, or hidden with them"


@pytest.fixture
def survey(manager):
    """Seven responses: five from Mali (government), two from Syria (UN agencies)."""
    survey = actions.create_survey(actor=manager, title="Annual survey")
    section = actions.add_section(actor=manager, survey=survey, title="The helpdesk")
    add = lambda text, kind, **more: actions.add_question(  # noqa: E731
        actor=manager, survey=survey, section=section, text=text, kind=kind, **more)
    questions = {
        "rating": add("Quality", Kind.RATING),
        "lead": add("Who leads?", Kind.SINGLE, choices=["Government", "UN agency"]),
        "challenges": add("Challenges", Kind.MULTIPLE, choices=["Funding", "Turnover", "Access"]),
        "members": add("How many members?", Kind.NUMBER),
        "comment": add("Comment", Kind.TEXT),
        "rare": add("Anything else?", Kind.TEXT),
    }
    mali, syria = Country.objects.get(iso2="ML"), Country.objects.get(iso2="SY")
    rows = [
        # country, type, rating, lead, challenges, members, comment, rare
        (mali, "gov", 10, "Government", ["Funding", "Turnover"], 10, "Great help", "Thanks"),
        (mali, "gov", 9, "Government", ["Funding"], 20, "=HYPERLINK(\"http://evil\")", ""),
        (mali, "gov", 8, None, ["Access"], 30, "Slow at times", ""),
        (mali, "gov", 7, None, ["Funding"], 40, "+1 from us", ""),
        (mali, "gov", 6, None, ["Turnover"], 50, "-", "More trainings"),
        (syria, "un", 2, "UN agency", None, 1, None, ""),
        (syria, "un", 3, "UN agency", None, 2, None, ""),
    ]
    for country, kind, rating, lead, challenges, members, comment, rare in rows:
        response = Response.objects.create(survey=survey, region=country.region, organisation_type=kind)
        values = {"rating": {"number": rating}, "lead": lead and {"choices": [lead]},
                  "challenges": challenges and {"choices": challenges}, "members": {"number": members},
                  "comment": comment and {"text": comment}, "rare": rare and {"text": rare}}
        for key, value in values.items():
            if value:
                Answer.objects.create(response=response, question=questions[key], **value)
    return closed(survey)


def closed(survey):
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED, closed_at=timezone.now())
    survey.refresh_from_db()
    return survey


def by_text(results):
    return {result.question.text: result for _section, items in results.sections for result in items}


def test_means_distributions_counts_and_breakdowns_on_known_answers(survey):
    results = by_text(selectors.results(survey))
    rating = results["Quality"]
    assert rating.overall.n == 7 and rating.overall.mean == pytest.approx(45 / 7)
    assert dict(rating.overall.counts) == {"1": 0, "2": 1, "3": 1, "4": 0, "5": 0, "6": 1, "7": 1, "8": 1,
                                           "9": 1, "10": 1}
    # Two answers from the Middle East: hidden, and so is the other region, whose figures the whole question's
    # would otherwise give away by subtraction.
    regions = {cell.label: cell for cell in rating.breakdowns[0].cells}
    assert regions["Middle East and North Africa"].hidden and regions["Middle East and North Africa"].mean is None
    assert regions["West and Central Africa"].suppressed and regions["West and Central Africa"].mean is None
    types = {cell.label: cell for cell in rating.breakdowns[1].cells}
    assert types["UN agency"].hidden and types["Government"].suppressed and types["Government"].counts == []

    members = results["How many members?"]
    assert members.overall.mean == pytest.approx(153 / 7)
    assert members.summary == {"median": 20}  # a minimum or a maximum is one respondent's own answer

    challenges = results["Challenges"]
    assert challenges.overall.n == 5 and challenges.overall.counts == [("Funding", 3), ("Turnover", 2), ("Access", 1)]
    assert [cell.label for cell in challenges.breakdowns[0].cells] == ["West and Central Africa"]

    # In alphabetical order, never in the order they came in.
    assert results["Comment"].comments == sorted(
        ["Great help", "=HYPERLINK(\"http://evil\")", "Slow at times", "+1 from us", "-"])
    # Fewer than five answers: the whole question is hidden, comments too.
    assert results["Who leads?"].overall.n == 4 and results["Who leads?"].overall.hidden
    assert results["Who leads?"].overall.counts == [] and results["Who leads?"].breakdowns == []
    assert results["Anything else?"].overall.hidden and results["Anything else?"].comments == []


def test_the_results_page_shows_figures_and_says_what_is_hidden(manager_client, survey):
    page = manager_client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "7 responses." in page and "fewer than 5 responses is hidden" in page
    assert "Mean: <strong>6.4</strong>" in page
    assert '<th scope="row" dir="auto">Funding</th><td>3</td><td>60%</td>' in page
    assert "<caption>By region</caption>" in page and "<caption>By organisation type</caption>" in page
    assert ('<th scope="row">West and Central Africa</th><td>—</td>\n        <td colspan="1">hidden, so that a smaller'
            in page)
    assert ('<th scope="row">Middle East and North Africa</th><td>—</td>\n        <td colspan="1">hidden (fewer than 5)'
            in page)
    assert page.count("Hidden: fewer than 5 answers.") == 2
    assert "Slow at times" in page and "More trainings" not in page
    assert "median: 20" in page and "minimum" not in page and "maximum" not in page


def test_the_csv_holds_the_same_figures_hidden_ones_marked_and_formulas_defused(manager_client, manager, survey):
    response = manager_client.get(reverse("surveys:results", args=[survey.pk]), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert f'survey-{survey.pk}-results.csv' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0] == ["Section", "Question", "Kind", "Breakdown", "Group", "Responses", "Figure", "Value"]
    body = rows[1:]
    assert ["The helpdesk", "Quality", "Rating from 1 to 10", "", "All responses", "7", "mean", "6.43"] in body
    assert ["The helpdesk", "Quality", "Rating from 1 to 10", "By region", "West and Central Africa", "", "",
            HIDDEN_CSV] in body
    assert ["The helpdesk", "Quality", "Rating from 1 to 10", "By region", "Middle East and North Africa", "", "",
            HIDDEN_CSV] in body
    assert ["The helpdesk", "Who leads?", "Single choice", "", "All responses", "4", "", HIDDEN_CSV] in body
    assert not [row for row in body if row[1] == "Who leads?" and row[6] in {"Government", "UN agency"}]
    assert ["The helpdesk", "How many members?", "Number", "", "All responses", "7", "median", "20"] in body
    comments = [row[7] for row in body if row[6] == "comment"]
    assert "'=HYPERLINK(\"http://evil\")" in comments and "'+1 from us" in comments and "'-" in comments
    assert "More trainings" not in response.content.decode()
    entry = AuditEntry.objects.get(action="survey_results.exported")
    assert entry.actor == manager and entry.target_id == str(survey.pk)


def test_the_xlsx_holds_the_same_rows_as_the_csv(manager_client, survey):
    import openpyxl

    csv_rows = list(csv.reader(io.StringIO(manager_client.get(
        reverse("surveys:results", args=[survey.pk]), {"format": "csv"}).content.decode().lstrip("\ufeff"))))
    response = manager_client.get(reverse("surveys:results", args=[survey.pk]), {"format": "xlsx"})
    assert f'survey-{survey.pk}-results.xlsx' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [[_same(cell) for cell in row] for row in sheet.iter_rows(values_only=True)] == [
        [_same(cell) for cell in row] for row in csv_rows]
    assert AuditEntry.objects.filter(action="survey_results.exported", details__format="xlsx").count() == 1


def _same(cell):
    """A cell as both files hold it: XLSX keeps numbers as numbers, CSV as text."""
    if cell in (None, ""):
        return ""
    try:
        return float(cell)
    except ValueError:
        return str(cell)


def manager_pages(survey):
    """(method, url) of every managers' page and button."""
    question = survey.questions.first()
    pk = survey.pk
    return [
        ("get", reverse("surveys:campaigns")), ("post", reverse("surveys:create")),
        ("post", reverse("surveys:create_from_template")), ("get", reverse("surveys:campaign", args=[pk])),
        ("post", reverse("surveys:campaign", args=[pk])), ("post", reverse("surveys:add_section", args=[pk])),
        ("post", reverse("surveys:add_question", args=[pk])),
        ("post", reverse("surveys:delete_section", args=[pk, survey.sections.first().pk])),
        ("get", reverse("surveys:edit_question", args=[pk, question.pk])),
        ("post", reverse("surveys:delete_question", args=[pk, question.pk])),
        ("post", reverse("surveys:move_question", args=[pk, question.pk])),
        ("get", reverse("surveys:audience", args=[pk])), ("post", reverse("surveys:open", args=[pk])),
        ("post", reverse("surveys:remind", args=[pk])),
        ("post", reverse("surveys:invite_newcomers", args=[pk])), ("post", reverse("surveys:close", args=[pk])),
        ("get", reverse("surveys:results", args=[pk])), ("get", reverse("surveys:results", args=[pk]) + "?format=csv"),
        ("get", reverse("surveys:results", args=[pk]) + "?format=xlsx"),
    ]


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EXPERT, Role.OFFICER, Role.FOCAL_POINT])
def test_only_managers_run_campaigns(client, survey, role):
    client.force_login(MemberFactory() if role == Role.MEMBER else staff_with_mfa(role))
    for method, url in manager_pages(survey):
        assert getattr(client, method)(url).status_code == 403, url
    assert not AuditEntry.objects.filter(action="survey_results.exported").exists()
    assert survey.questions.count() == 6


def test_visitors_are_sent_to_log_in(client, survey):
    for method, url in manager_pages(survey):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), url


def test_managers_see_every_page_and_the_link_on_their_staff_page(manager_client, survey, client):
    for method, url in manager_pages(survey):
        if method == "get":
            response = manager_client.get(url)
            assert response.status_code == 200, url
            if response["Content-Type"].startswith("text/html"):
                assert "<script" not in response.content.decode().split("<main", 1)[-1]
    assert reverse("surveys:campaigns") in manager_client.get(reverse("site:staff_home")).content.decode()
    client.force_login(staff_with_mfa(Role.OFFICER))
    assert reverse("surveys:campaigns") not in client.get(reverse("site:staff_home")).content.decode()


def test_only_as_many_groups_are_hidden_as_protect_the_small_ones(manager):
    """Seven answers from Kenya, six from Mali, two from Syria: Syria's two are hidden, and Mali's six with
    them (subtracting Kenya and Mali from the whole would give Syria's); Kenya's stay shown."""
    survey = actions.create_survey(actor=manager, title="Three regions")
    rating = actions.add_question(actor=manager, survey=survey, text="Quality", kind=Kind.RATING)
    for iso2, count, score in (("KE", 7, 9), ("ML", 6, 6), ("SY", 2, 2)):
        region = Country.objects.get(iso2=iso2).region
        for _ in range(count):
            response = Response.objects.create(survey=survey, region=region, organisation_type="gov")
            Answer.objects.create(response=response, question=rating, number=score)
    [result] = by_text(selectors.results(closed(survey))).values()
    cells = {cell.label: cell for cell in result.breakdowns[0].cells}
    assert cells["Eastern and Southern Africa"].mean == 9 and not cells["Eastern and Southern Africa"].hidden
    assert cells["West and Central Africa"].suppressed and cells["Middle East and North Africa"].hidden
    assert sum(cell.n for cell in cells.values() if cell.hidden) >= selectors.MIN_RESPONSES
    # One type of organisation only: a breakdown with nothing hidden shows it.
    [only] = result.breakdowns[1].cells
    assert only.n == 15 and not only.hidden


def test_results_wait_until_the_survey_is_closed(manager_client, survey):
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN, closed_at=None)
    page = manager_client.get(reverse("surveys:results", args=[survey.pk]))
    assert page.status_code == 200 and "shown once the survey is closed" in page.content.decode()
    assert "Mean" not in page.content.decode() and "Great help" not in page.content.decode()
    for file_format in ("csv", "xlsx"):
        assert manager_client.get(reverse("surveys:results", args=[survey.pk]), {"format": file_format}
                                  ).status_code == 404
    assert not AuditEntry.objects.filter(action="survey_results.exported").exists()

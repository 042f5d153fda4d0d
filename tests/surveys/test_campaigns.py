"""Survey campaigns (issue #6 point 2): building, audience, invitations over SMTP, answering once, reminders,
closing, and who may do it."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.models import Country, Organisation
from cphelpdesk.surveys.campaigns import actions, selectors
from cphelpdesk.surveys.models import Answer, Invitation, Question, Response, Survey
from tests.factories import MemberFactory, OrganisationFactory
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db
Kind = Question.Kind


def member(iso2="ML", position="CP AoR coordinator", **fields):
    return MemberFactory(country=Country.objects.get(iso2=iso2), position=position, **fields)


def small_survey(manager, **audience):
    """A draft with one section: a required rating, a single choice, a number and a comment."""
    survey = actions.create_survey(actor=manager, title="Pilot survey")
    section = actions.add_section(actor=manager, survey=survey, title="About you")
    actions.add_question(actor=manager, survey=survey, section=section, text="How satisfied are you?",
                         kind=Kind.RATING, required=True)
    actions.add_question(actor=manager, survey=survey, section=section, text="Who leads the group?",
                         kind=Kind.SINGLE, choices=["Government", "UN agency", "NGO"])
    actions.add_question(actor=manager, survey=survey, text="How many members?", kind=Kind.NUMBER)
    actions.add_question(actor=manager, survey=survey, text="Any comment?", kind=Kind.TEXT)
    if audience:
        actions.set_audience(actor=manager, survey=survey, **{
            "positions": [], "regions": [], "desks": [], "active_groups": False, **audience})
    return survey


def opened(manager, survey, django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        count = actions.open_survey(actor=manager, survey=survey)
    run_queued_tasks()
    return count


def link_in(mail) -> str:
    body = mail.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://[^\s]+(/survey/[^\s]+/)", body).group(1)


def answers_for(survey, **by_text):
    questions = {question.text: question for question in survey.questions.all()}
    return {f"q{questions[text].pk}": value for text, value in by_text.items()}


# --- building ------------------------------------------------------------------------------------

def test_a_manager_creates_the_coordination_group_survey_with_one_button(manager_client):
    page = manager_client.get(reverse("surveys:campaigns")).content.decode()
    assert "Annual coordination group survey" in page
    response = manager_client.post(reverse("surveys:create_from_template"), {"template": "coordination_group"})
    survey = Survey.objects.get()
    assert response["Location"] == reverse("surveys:campaign", args=[survey.pk])
    assert survey.is_draft and survey.template == "coordination_group"
    sections = [section.title for section in survey.sections.all()]
    assert sections == ["Leadership and staffing", "Members", "Challenges", "The helpdesk"]
    questions = list(survey.questions.order_by("position"))
    lead, co_lead, coordinator, imo = questions[:4]
    assert lead.kind == co_lead.kind == coordinator.kind == imo.kind == Kind.SINGLE
    assert "Government-led" in lead.choices and "UN agency co-lead" in co_lead.choices
    assert "dedicated or double-hatting" in coordinator.text and "(IMO)" in imo.text
    assert any(choice.startswith("Double-hatting") for choice in imo.choices)
    assert sum(question.kind == Kind.NUMBER for question in questions) == 6
    assert [question.kind for question in questions if question.section.title == "Challenges"] == [
        Kind.MULTIPLE, Kind.TEXT]
    helpdesk = [question for question in questions if question.section.title == "The helpdesk"]
    assert [question.kind for question in helpdesk] == [Kind.RATING] * 3 + [Kind.TEXT]
    assert [question.text.split(":")[0] for question in helpdesk[:3]] == [
        "Appropriateness", "Timeliness", "Quality"]
    builder = manager_client.get(response["Location"]).content.decode()
    assert "Who leads the coordination group?" in builder and "<caption>Members</caption>" in builder
    assert AuditEntry.objects.filter(action="survey.created", target_id=str(survey.pk)).exists()
    with pytest.raises(actions.ValidationError):
        actions.create_from_template(actor=None, template="nothing")


def test_the_builder_adds_edits_moves_and_deletes_questions_while_a_draft(manager_client, manager):
    manager_client.post(reverse("surveys:create"), {"title": "Learning needs"})
    survey = Survey.objects.get(title="Learning needs")
    assert survey.audience == actions.default_audience()
    assert manager_client.post(reverse("surveys:create"), {"title": ""}).status_code == 400
    url = reverse("surveys:add_question", args=[survey.pk])
    one_choice = manager_client.post(url, {"text": "Which format?", "kind": "single", "choices": "Online"})
    assert one_choice.status_code == 400 and "at least two choices" in one_choice.content.decode()
    added = manager_client.post(reverse("surveys:add_section", args=[survey.pk]), {"title": "Formats"})
    assert added.status_code == 302
    section = survey.sections.get()
    manager_client.post(url, {"text": "Which format?", "kind": "single", "section": section.pk,
                              "choices": "Online\n\nIn person\nOnline\n", "required": "on"})
    manager_client.post(url, {"text": "Why?", "kind": "text", "section": section.pk})
    first, second = survey.questions.order_by("position")
    assert first.choices == ["Online", "In person"] and first.required and first.section == section
    manager_client.post(reverse("surveys:move_question", args=[survey.pk, second.pk]), {"direction": "up"})
    assert list(survey.questions.order_by("position")) == [second, first]
    edit = reverse("surveys:edit_question", args=[survey.pk, first.pk])
    assert 'value="Which format?"' in manager_client.get(edit).content.decode()
    bad = manager_client.post(edit, {"text": "Which formats?", "kind": "multiple", "choices": "Online"})
    assert bad.status_code == 400 and "at least two choices" in bad.content.decode()
    manager_client.post(edit, {"text": "Which formats?", "kind": "multiple", "section": section.pk,
                               "choices": "Online\nIn person\nBlended"})
    first.refresh_from_db()
    assert (first.text, first.kind, first.choices) == ("Which formats?", "multiple", ["Online", "In person", "Blended"])
    manager_client.post(reverse("surveys:delete_question", args=[survey.pk, second.pk]))
    assert list(survey.questions.all()) == [first]
    extra = actions.add_section(actor=manager, survey=survey, title="Extra")
    actions.add_question(actor=manager, survey=survey, section=extra, text="Extra question", kind=Kind.TEXT)
    builder = manager_client.get(reverse("surveys:campaign", args=[survey.pk])).content.decode()
    assert "Delete the section “Extra” and its questions" in builder
    assert manager_client.post(reverse("surveys:delete_section", args=[survey.pk + 1, extra.pk])).status_code == 404
    manager_client.post(reverse("surveys:delete_section", args=[survey.pk, extra.pk]))
    assert list(survey.sections.all()) == [section] and list(survey.questions.all()) == [first]
    # A question of another survey is not found through this one.
    other = actions.create_survey(actor=None, title="Other")
    assert manager_client.get(reverse("surveys:edit_question", args=[other.pk, first.pk])).status_code == 404
    # Once open, nothing changes.
    member()
    actions.open_survey(actor=None, survey=survey)
    refused = manager_client.post(reverse("surveys:delete_question", args=[survey.pk, first.pk]), follow=True)
    assert "no longer a draft" in refused.content.decode() and survey.questions.count() == 1
    manager_client.post(url, {"text": "Late", "kind": "text"})
    assert survey.questions.count() == 1
    assert "can no longer change" in manager_client.get(reverse("surveys:campaign", args=[survey.pk])).content.decode()


# --- audience ------------------------------------------------------------------------------------

def test_audience_counts_by_position_region_desk_and_active_groups(manager_client, manager):
    member("ML", "CP AoR coordinator")                        # West and Central Africa, French desk
    member("ML", "Coordinatrice du groupe de travail")
    member("ML", "Child protection officer")
    member("SY", "Information management officer")            # Middle East and North Africa, Arabic desk
    member("SY", "IMO, CP AoR")
    member("SY", "منسق حماية الطفل")
    member("CO", "Coordinadora del AoR")                      # Latin America, Spanish desk
    member("FR", "Coordinator")                               # no coordination group
    member("ML", "Coordinator", is_active=False)
    member("ML", "Coordinator", approval="pending")
    member("TL", "Timor programme officer")
    survey = small_survey(manager)

    def count(**criteria):
        return selectors.audience_members({"positions": [], "regions": [], "desks": [], "active_groups": False,
                                           **criteria}).count()

    assert count() == 9
    assert count(positions=["coordinator"]) == 5
    assert count(positions=["im"]) == 2
    assert count(positions=["coordinator", "im"], active_groups=True) == 6
    assert count(positions=["coordinator", "im"], regions=["wca"]) == 2
    assert count(regions=["wca", "mena"]) == 6
    assert count(positions=["coordinator"], desks=["ar"]) == 1
    assert count(desks=["fr", "es"]) == 4

    page = manager_client.post(reverse("surveys:audience", args=[survey.pk]),
                               {"positions": ["coordinator", "im"], "regions": ["wca", "mena"],
                                "active_groups": "on"}, follow=True).content.decode()
    assert "The audience is saved: 5 members." in page and "5 members match this audience." in page
    survey.refresh_from_db()
    assert survey.audience == {"positions": ["coordinator", "im"], "regions": ["wca", "mena"], "desks": [],
                               "active_groups": True}
    assert "Open the survey and invite 5 members" in page


# --- sending and answering -----------------------------------------------------------------------

def french(text: str) -> str:
    """`text` as the French page says it."""
    with translation.override("fr"):
        return gettext(text)


def test_invitations_go_by_smtp_and_the_link_answers_once_without_login(
        client, manager, inbox, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(type=Organisation.Type.GOVERNMENT)
    respondent = member("ML", organisation=organisation, preferred_language="fr")
    others = [member("SY") for _ in range(2)]
    survey = small_survey(manager, positions=["coordinator"])
    assert opened(manager, survey, django_capture_on_commit_callbacks) == 3
    survey.refresh_from_db()
    assert survey.is_open and Invitation.objects.filter(survey=survey).count() == 3
    for person in [respondent, *others]:
        [mail] = inbox.to(person.email)
        assert "Pilot survey" in mail["Subject"]
    [mail] = inbox.to(respondent.email)
    path = link_in(mail)
    assert all(link_in(inbox.to(other.email)[0]) != path for other in others)

    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="fr"' in html  # the member's language, as the mail was
    # The manager's own words stay as written; what the page adds is in the member's language.
    assert '<h2 dir="auto">About you</h2>' in html and "<legend>How satisfied are you? (obligatoire)</legend>" in html
    assert 'type="radio"' in html and 'type="number"' in html and "<textarea" in html
    missing = client.post(path, answers_for(survey, **{"Any comment?": "Nothing"}))
    assert missing.status_code == 400 and 'class="errorlist"' in missing.content.decode()
    bad_choice = client.post(path, answers_for(survey, **{"How satisfied are you?": "9",
                                                          "Who leads the group?": "Nobody"}))
    assert bad_choice.status_code == 400 and not Response.objects.exists()

    done = client.post(path, answers_for(survey, **{"How satisfied are you?": "9", "Who leads the group?": "NGO",
                                                    "How many members?": "14", "Any comment?": "Useful."}))
    saved = french("Your answers to “%(title)s” are saved. They are kept without your name.") % {
        "title": "Pilot survey"}
    assert done.status_code == 200 and saved in done.content.decode()
    response = Response.objects.get()
    assert (response.region.code, response.organisation_type) == ("wca", "gov")
    # Nothing that names the respondent or their group, and no time to match the invitation's by.
    assert {field.name for field in Response._meta.get_fields()}.isdisjoint(
        {"member", "invitation", "country", "desk", "created_at", "submitted_at"})
    by_question = {answer.question.text: answer for answer in response.answers.select_related("question")}
    assert by_question["How satisfied are you?"].number == 9
    assert by_question["Who leads the group?"].choices == ["NGO"]
    assert by_question["How many members?"].number == 14 and by_question["Any comment?"].text == "Useful."
    assert Invitation.objects.get(member=respondent).responded_on == timezone.localdate()
    entry = AuditEntry.objects.get(action="survey_response.submitted")
    assert entry.actor is None and entry.target_id == str(survey.pk) and entry.details == {}

    again = client.get(path)
    assert again.status_code == 410 and "already answered" in again.content.decode()
    assert client.post(path, answers_for(survey, **{"How satisfied are you?": "1"})).status_code == 410
    assert Response.objects.count() == 1


def test_reminders_go_only_to_those_who_have_not_answered_once_per_call(
        manager, inbox, django_capture_on_commit_callbacks):
    answered, waiting = member("ML"), member("SY")
    survey = small_survey(manager, positions=["coordinator"])
    opened(manager, survey, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(member=answered)
    actions.submit_response(invitation=invitation, nonce=invitation.nonce,
                            answers={survey.questions.get(kind=Kind.RATING).pk: 8})
    inbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_reminders(actor=manager, survey=survey) == 1
    run_queued_tasks()
    assert not inbox.to(answered.email)
    [reminder] = inbox.to(waiting.email)
    assert "Reminder" in reminder["Subject"]
    token = link_in(reminder).split("/")[-2]
    assert actions.read_invitation(token=token) == Invitation.objects.get(member=waiting)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_reminders(actor=manager, survey=survey) == 1
    run_queued_tasks()
    assert len(inbox.to(waiting.email)) == 2
    pending = Invitation.objects.get(member=waiting)
    assert pending.reminders == 2 and pending.reminded_at is not None
    assert Invitation.objects.get(member=answered).reminders == 0
    assert [entry.details["reminded"] for entry in AuditEntry.objects.filter(action="survey.reminders_sent")] == [
        1, 1]


def test_manager_buttons_open_remind_and_close(manager_client, manager, django_capture_on_commit_callbacks):
    member("ML")
    survey = small_survey(manager, positions=["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        page = manager_client.post(reverse("surveys:open", args=[survey.pk]), follow=True).content.decode()
    assert "The survey is open: 1 invitation is on its way." in page
    assert "Remind those who have not answered" in page
    page = manager_client.post(reverse("surveys:remind", args=[survey.pk]), follow=True).content.decode()
    assert "1 reminder is on its way." in page
    page = manager_client.post(reverse("surveys:close", args=[survey.pk]), follow=True).content.decode()
    assert "The survey is closed." in page
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED and survey.closed_at is not None
    refused = manager_client.post(reverse("surveys:remind", args=[survey.pk]), follow=True).content.decode()
    assert "Only an open survey" in refused
    assert manager_client.get(reverse("surveys:open", args=[survey.pk])).status_code == 405
    listing = manager_client.get(reverse("surveys:campaigns")).content.decode()
    assert "Pilot survey" in listing and "0%" in listing
    actions_done = set(AuditEntry.objects.filter(target_id=str(survey.pk)).values_list("action", flat=True))
    assert {"survey.opened", "survey.reminders_sent", "survey.closed"} <= actions_done


def test_opening_needs_questions_and_an_audience(manager):
    empty = actions.create_survey(actor=manager, title="Empty")
    member("ML")
    with pytest.raises(actions.ValidationError, match="at least one question"):
        actions.open_survey(actor=manager, survey=empty)
    past = small_survey(manager, positions=["coordinator"])
    actions.update_survey(actor=manager, survey=past, title="Past", intro="",
                          closes_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(actions.ValidationError, match="answer-by date has passed"):
        actions.open_survey(actor=manager, survey=past)
    nobody = small_survey(manager, regions=["eca"], positions=["im"])
    with pytest.raises(actions.ValidationError, match="Nobody matches"):
        actions.open_survey(actor=manager, survey=nobody)
    assert Survey.objects.filter(status=Survey.Status.DRAFT).count() == 3


def test_closed_tampered_and_forged_links_are_refused_with_a_clear_page(client, manager):
    member("ML")
    survey = small_survey(manager, positions=["coordinator"])
    actions.open_survey(actor=manager, survey=survey)
    invitation = Invitation.objects.get()
    token = actions.invitation_token(invitation)
    url = lambda token: reverse("surveys:answer", args=[token])  # noqa: E731
    tampered = client.get(url(token[:-2] + ("xx" if not token.endswith("xx") else "yy")))
    assert tampered.status_code == 400 and "not valid" in tampered.content.decode()
    assert client.get(url(signing.dumps([invitation.pk, invitation.nonce], salt="other"))).status_code == 400
    assert client.get(url(signing.dumps([invitation.pk, "0" * 32], salt=actions.INVITATION_SALT))).status_code == 400
    assert client.get(url(signing.dumps({"i": 1}, salt=actions.INVITATION_SALT))).status_code == 400
    assert client.get(url("garbage")).status_code == 400
    assert client.get(url(token)).status_code == 200
    actions.close_survey(actor=manager, survey=survey)
    closed = client.post(url(token), answers_for(survey, **{"How satisfied are you?": "9"}))
    assert closed.status_code == 410 and "survey is closed" in closed.content.decode()
    assert not Response.objects.exists()


def test_the_action_checks_every_kind_whatever_the_channel(manager):
    member("ML")
    survey = small_survey(manager, positions=["coordinator"])
    actions.open_survey(actor=manager, survey=survey)
    invitation = Invitation.objects.get()
    ids = {question.text: question.pk for question in survey.questions.all()}
    for bad in ({ids["How satisfied are you?"]: 11}, {ids["How satisfied are you?"]: "x"},
                {ids["How satisfied are you?"]: 5, ids["How many members?"]: -1},
                {ids["How satisfied are you?"]: 5, ids["Who leads the group?"]: ["NGO", "UN agency"]},
                {ids["How satisfied are you?"]: 5, ids["Any comment?"]: "x" * 4001}, {}):
        with pytest.raises(actions.ValidationError):
            actions.submit_response(invitation=invitation, nonce=invitation.nonce, answers=bad)
    with pytest.raises(actions.InvitationLinkProblem):
        actions.submit_response(invitation=invitation, nonce="0" * 32, answers={ids["How satisfied are you?"]: 5})
    assert not Response.objects.exists()


def test_a_survey_closes_itself_the_day_after_its_answer_by_date(manager):
    from cphelpdesk.core.scheduler import periodic_tasks
    from cphelpdesk.surveys.tasks import close_due_surveys

    member("ML")
    survey = small_survey(manager, positions=["coordinator"])
    today = timezone.localdate()
    actions.update_survey(actor=manager, survey=survey, title=survey.title, intro="", closes_on=today)
    actions.open_survey(actor=manager, survey=survey)
    assert actions.close_due_surveys(today) == 0
    assert close_due_surveys.call() == 0
    assert actions.close_due_surveys(today + timedelta(days=1)) == 1
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    assert AuditEntry.objects.get(action="survey.closed").actor is None
    [entry] = [entry for entry in periodic_tasks() if entry.name.endswith("close_due_surveys")]
    assert entry.every == timedelta(days=1)


def rated_by(manager, respondents):
    """An open survey the `respondents` answered, scoring its rating question 6, 7, 8..."""
    survey = small_survey(manager, positions=["coordinator"])
    actions.open_survey(actor=manager, survey=survey)
    rating = survey.questions.get(kind=Kind.RATING)
    for score, person in enumerate(respondents, start=6):
        invitation = Invitation.objects.get(member=person)
        actions.submit_response(invitation=invitation, nonce=invitation.nonce, answers={rating.pk: score})
    return survey, rating


def test_dropping_invitations_leaves_the_answers_and_results(manager):
    """Retention (#7) may drop who was asked and who answered; the answers stay, tied to nobody."""
    respondents = [member("ML") for _ in range(5)]
    survey, rating = rated_by(manager, respondents)
    def overall():
        return next(result.overall for _section, items in selectors.results(survey).sections for result in items
                    if result.question == rating)

    before = overall()
    Invitation.objects.filter(survey=survey).delete()
    respondents[0].delete()
    assert Response.objects.filter(survey=survey).count() == 5 and Answer.objects.count() == 5
    after = overall()
    assert (after.n, after.mean) == (before.n, before.mean) == (5, 8.0)


def test_members_may_unsubscribe_from_survey_mail(client, manager, inbox, django_capture_on_commit_callbacks):
    leaving, staying = member("ML"), member("ML")
    muted = member("ML", muted_notifications=["survey_invitations"])
    survey = small_survey(manager, positions=["coordinator"])
    assert muted not in selectors.audience_members(survey.audience)
    opened(manager, survey, django_capture_on_commit_callbacks)
    assert not inbox.to(muted.email)
    [invitation] = inbox.to(leaving.email)
    header = re.fullmatch(r"<https?://[^/]+(/[^>]+)>", invitation["List-Unsubscribe"].strip()).group(1)
    assert header in inbox.body(invitation)
    assert client.post(header, {"List-Unsubscribe": "One-Click"}).status_code == 200
    leaving.refresh_from_db()
    assert leaving.muted_notifications == ["survey_invitations"]
    inbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_reminders(actor=manager, survey=survey) == 1
    run_queued_tasks()
    assert not inbox.to(leaving.email) and len(inbox.to(staying.email)) == 1


def test_members_who_join_the_audience_later_can_be_invited(manager_client, manager, inbox,
                                                            django_capture_on_commit_callbacks):
    first = member("ML")
    survey = small_survey(manager, positions=["coordinator"])
    opened(manager, survey, django_capture_on_commit_callbacks)
    page = manager_client.get(reverse("surveys:audience", args=[survey.pk])).content.decode()
    assert "joined the audience" not in page
    late = member("SY", "Coordinator")
    page = manager_client.get(reverse("surveys:audience", args=[survey.pk])).content.decode()
    assert "Invite 1 member who joined the audience since it opened" in page
    inbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = manager_client.post(reverse("surveys:invite_newcomers", args=[survey.pk]), follow=True)
    run_queued_tasks()
    assert "1 invitation is on its way." in done.content.decode()
    assert len(inbox.to(late.email)) == 1 and not inbox.to(first.email)
    assert Invitation.objects.filter(survey=survey).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.invite_newcomers(actor=manager, survey=survey) == 0
    actions.close_survey(actor=manager, survey=survey)
    with pytest.raises(actions.ValidationError):
        actions.invite_newcomers(actor=manager, survey=survey)


def test_retention_drops_invitations_of_long_closed_surveys_and_keeps_rates_and_results(manager):
    from cphelpdesk.privacy.retention import anonymise_members, place_hold, run_retention

    respondents = [member("ML") for _ in range(5)]
    silent = member("ML")
    survey, _rating = rated_by(manager, respondents)
    actions.close_survey(actor=manager, survey=survey)
    still_open = small_survey(manager, positions=["coordinator"])
    actions.open_survey(actor=manager, survey=still_open)
    place_hold(actor=manager, reason="Complaint under review", member=silent)

    def figures(survey):
        survey.refresh_from_db()
        result = next(result.overall for _section, items in selectors.results(survey).sections for result in items
                      if result.question.kind == Kind.RATING)
        row = selectors.survey_row(survey)
        return row.invited, row.responded, result.n, result.mean

    before = figures(survey)
    assert before == (6, 5, 5, 8.0)
    run = run_retention(now=timezone.now() + timedelta(days=181))
    assert run.counts["survey_invitations"] == {"done": 5, "held": 1}
    assert list(Invitation.objects.filter(survey=survey).values_list("member", flat=True)) == [silent.pk]
    assert Invitation.objects.filter(survey=still_open).count() == 6  # open: untouched
    assert figures(survey) == before
    assert next(row for row in selectors.survey_rows() if row.survey == survey).rate == 5 / 6
    # An erased account takes its invitations with it; the answers stay, naming nobody.
    anonymise_members([respondents[0].pk])
    assert not Invitation.objects.filter(member=respondents[0]).exists()
    assert Response.objects.filter(survey=survey).count() == 5


def test_personal_data_in_a_comment_is_removed_before_it_is_stored(manager):
    respondent = member("ML")
    survey = small_survey(manager, positions=["coordinator"])
    actions.open_survey(actor=manager, survey=survey)
    comment = survey.questions.get(text="Any comment?")
    rating = survey.questions.get(text="How satisfied are you?")
    invitation = Invitation.objects.get(member=respondent)
    actions.submit_response(invitation=invitation, nonce=invitation.nonce, answers={
        rating.pk: 8, comment.pk: "Call me on +223 76 12 34 56 or write to awa.diallo@gmail.com. Useful service."})
    stored = Answer.objects.get(question=comment).text
    assert "76 12 34 56" not in stored and "awa.diallo@gmail.com" not in stored and "Useful service." in stored

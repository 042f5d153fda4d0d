"""The demo feedback (ratings on about 60% of answered queries, satisfaction near 9.1/10) and survey campaign."""

import datetime

import pytest
from django.db.models import Avg
from django.urls import reverse

from cphelpdesk.directory.roles import Role
from cphelpdesk.queries.models import QueryEvent
from cphelpdesk.site.management.commands.seed_demo import seed_demo
from cphelpdesk.surveys.campaigns import selectors
from cphelpdesk.surveys.models import FeedbackRequest, Invitation, Rating, Response, Survey
from tests.factories import staff_with_mfa

pytestmark = pytest.mark.django_db


def test_demo_ratings_are_shaped_like_the_service():
    seed_demo(seed=1, as_of=datetime.date(2026, 6, 15), report=lambda *_: None)
    requests, ratings = FeedbackRequest.objects.count(), Rating.objects.count()
    assert requests > 200
    assert 0.5 <= ratings / requests <= 0.7
    means = Rating.objects.aggregate(a=Avg("appropriateness"), t=Avg("timeliness"), q=Avg("quality"))
    overall = sum(means.values()) / 3
    assert 8.8 <= overall <= 9.4
    low = [r for r in Rating.objects.all() if r.lowest <= 5]
    assert 0 < len(low) < ratings * 0.1
    assert QueryEvent.objects.filter(kind="low_rating_alert").count() == len(low)
    assert QueryEvent.objects.filter(kind="rated").count() == ratings
    # Every rating belongs to an answered query with its feedback request, rated after it was asked.
    assert not Rating.objects.filter(query__answered_at__isnull=True).exists()
    assert all(r.submitted_at >= r.query.feedback_request.sent_at
               for r in Rating.objects.select_related("query__feedback_request"))


def test_the_demo_holds_last_years_survey_with_results_to_read(client):
    seed_demo(seed=1, as_of=datetime.date(2026, 6, 15), report=lambda *_: None)
    survey = Survey.objects.get()
    assert survey.status == Survey.Status.CLOSED and survey.template == "coordination_group"
    invited = Invitation.objects.filter(survey=survey).count()
    answered = Invitation.objects.filter(survey=survey, responded_on__isnull=False).count()
    assert invited > 30 and Response.objects.filter(survey=survey).count() == answered
    assert 0.45 <= answered / invited <= 0.75
    # Reminded only those who had not answered by then.
    reminder = survey.opened_at + datetime.timedelta(days=14)
    assert not Invitation.objects.filter(reminded_at__isnull=False, responded_on__lt=reminder.date()).exists()
    assert (survey.invited_count, survey.responded_count) == (invited, answered)
    results = selectors.results(survey)
    shown = [result for _section, items in results.sections for result in items if not result.overall.hidden]
    assert len(shown) >= 10
    assert survey.created_by.email.startswith("manager@")
    client.force_login(staff_with_mfa(Role.MANAGER))
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 200

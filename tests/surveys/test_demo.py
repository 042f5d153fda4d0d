"""The demo feedback: ratings on about 60% of answered queries, satisfaction near the service's 9.1/10."""

import datetime

import pytest
from django.db.models import Avg

from cphelpdesk.core.management.commands.seed_demo import seed_demo
from cphelpdesk.queries.models import QueryEvent
from cphelpdesk.surveys.models import FeedbackRequest, Rating

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

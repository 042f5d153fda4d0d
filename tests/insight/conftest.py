"""Fixtures shared by the insight tests: a manager's client and a small known dataset."""

import pytest

from cphelpdesk.surveys.models import Rating
from tests.insight.test_metrics import at, build


@pytest.fixture
def dataset():
    """Ten requests from two countries; 4 closed (3 full, 1 partial with a gap); 3 ratings."""
    closed = [build(at(3 + n), country="ML", topics=["IM.4W"], channel="email", status="closed", outcome="full",
                    closed_at=at(20), first_response_at=at(3 + n, 12), first_response_on_time=True,
                    sla_class="standard") for n in range(3)]
    build(at(8), country="CD", topics=["CAPB.TRAIN", "IM.4W"], status="closed", outcome="partial",
          closed_at=at(21), gaps=1)
    for n in range(6):
        build(at(10 + n), country="CD", channel="web")
    build(at(16), country="CO", status="withdrawn", outcome="withdrawn", closed_at=at(17))
    for query, score in zip(closed, (9, 9, 10), strict=True):
        Rating.objects.create(query=query, appropriateness=score, timeliness=score, quality=score)
    Rating.objects.update(submitted_at=at(22))

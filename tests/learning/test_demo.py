"""The demo's learning: five pathways with every kind of step, translations, sessions in several time zones,
teams, learners at every stage, no mail; the same seed gives the same data."""

import datetime

import pytest

from cphelpdesk.directory.models import GroupMembership
from cphelpdesk.learning import selectors
from cphelpdesk.learning.models import (
    Certificate,
    Enrolment,
    LearningReferral,
    LiveSession,
    ModulePage,
    SessionRegistration,
    Step,
    StepProgress,
)
from cphelpdesk.mail.models import OutboundMessage
from cphelpdesk.site.management.commands.seed_demo import seed_demo

pytestmark = pytest.mark.django_db

TITLES = ["New CP coordinator", "CP information manager", "CPMS in practice", "Sub-national coordination",
          "Co-leading as a national NGO"]


def test_the_demo_holds_the_pathways_learners_and_sessions(client):
    before = OutboundMessage.objects.count()
    seed_demo(seed=1, as_of=datetime.date(2026, 6, 15), report=lambda *_: None)
    assert OutboundMessage.objects.count() == before
    pathways = selectors.catalogue("en")
    assert [pathway.display_title for pathway in pathways] == TITLES
    for pathway in pathways:
        assert set(pathway.steps.values_list("kind", flat=True)) == set(Step.Kind.values)
    assert selectors.catalogue("ar")[0].display_title == "منسق جديد لحماية الطفل"
    assert sum(1 for p in pathways if {"fr", "es", "ar"} <= set(selectors.languages_of(p))) >= 2
    assert ModulePage.objects.filter(translations__language="fr").count() >= 4
    assert ModulePage.objects.filter(resources__isnull=False).exists()
    assert LiveSession.objects.values("time_zone").distinct().count() >= 4
    # Every session keeps within its capacity; those past it wait.
    for session in LiveSession.objects.all():
        assert selectors.places_taken(session) <= session.capacity
    assert SessionRegistration.objects.filter(status="attended").exists()
    assert Enrolment.objects.filter(status="completed").count() == Certificate.objects.count() > 10
    assert Enrolment.objects.filter(status="active").count() > 30
    assert StepProgress.objects.filter(status="in_progress").exists()
    assert GroupMembership.objects.filter(role="coordinator").count() >= 5
    assert LearningReferral.objects.exists()
    # The demo member coordinates Mali's group and sees their team's learning.
    member = GroupMembership.objects.get(member__email="member@demo.example.org")
    assert member.role == "coordinator" and member.group.country.iso2 == "ML"
    client.force_login(member.member)
    team = client.get("/learning/team/").content.decode()
    assert "New CP coordinator" in team or "CPMS in practice" in team


def test_the_same_seed_gives_the_same_learning():
    seed_demo(seed=3, as_of=datetime.date(2026, 6, 15), report=lambda *_: None)
    first = sorted(Certificate.objects.values_list("code", flat=True))
    assert first and len(set(first)) == len(first)

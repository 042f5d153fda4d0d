"""Factories for learning: pathways and their steps, quizzes, live sessions; and coordination teams."""

from datetime import timedelta

import factory
from django.utils import timezone

from cphelpdesk.directory.models import CoordinationGroup, Country, GroupMembership
from cphelpdesk.learning.models import Choice, LiveSession, ModulePage, Pathway, Question, Quiz, Step
from tests.factories import MemberFactory


class PathwayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pathway

    slug = factory.Sequence(lambda n: f"pathway-{n}")
    title = factory.Sequence(lambda n: f"New CP coordinator {n}")
    summary = "The first months of a child protection coordinator."
    is_published = True


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    pathway = factory.SubFactory(PathwayFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Step {n}")
    kind = Step.Kind.MODULE


class ModulePageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModulePage

    step = factory.SubFactory(StepFactory)
    title = "What coordination is for"
    body = "<p>Coordination brings partners together around shared priorities.</p>"


class LiveSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveSession

    step = factory.SubFactory(StepFactory, kind=Step.Kind.LIVE_SESSION)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    time_zone = "Africa/Dakar"
    capacity = 2
    link = "https://meet.example.org/cp-coordination"
    facilitator = factory.SubFactory(MemberFactory)


def make_quiz(step: Step, *, pass_mark: int = 50, max_attempts: int = 2) -> Quiz:
    """A two-question quiz: one single choice (right: "Lead"), one multiple choice (right: "A" and "B")."""
    quiz = Quiz.objects.create(step=step, pass_mark=pass_mark, max_attempts=max_attempts)
    single = Question.objects.create(quiz=quiz, text="Who leads a CP AoR?", kind=Question.Kind.SINGLE, order=1)
    Choice.objects.create(question=single, text="Lead", is_correct=True, order=1)
    Choice.objects.create(question=single, text="Donor", order=2)
    multiple = Question.objects.create(quiz=quiz, text="Which are CPMS standards?", kind=Question.Kind.MULTIPLE,
                                       order=2)
    Choice.objects.create(question=multiple, text="A", is_correct=True, order=1)
    Choice.objects.create(question=multiple, text="B", is_correct=True, order=2)
    Choice.objects.create(question=multiple, text="C", order=3)
    return quiz


def right_answers(quiz: Quiz) -> dict[int, set[int]]:
    return {question.pk: {choice.pk for choice in question.choices.all() if choice.is_correct}
            for question in quiz.questions.all()}


def team(coordinator=None, members=()) -> CoordinationGroup:
    """A coordination group led by `coordinator`, with `members` in its team."""
    group = CoordinationGroup.objects.create(country=Country.objects.get(iso2="ML"), name="CP AoR Mali")
    coordinator = coordinator or MemberFactory()
    GroupMembership.objects.create(group=group, member=coordinator, role=GroupMembership.Role.COORDINATOR)
    for member in members:
        GroupMembership.objects.create(group=group, member=member)
    return group

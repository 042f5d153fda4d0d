"""Quiz scoring: single and multiple choice, the pass mark, retries up to the limit, the best attempt counts."""

import pytest
from django.core.exceptions import ValidationError

from cphelpdesk.learning.actions import enrolment, quizzes
from cphelpdesk.learning.models import Enrolment, StepProgress
from tests.factories import MemberFactory
from tests.learning.factories import StepFactory, make_quiz, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    step = StepFactory()
    StepFactory(pathway=step.pathway)  # a second step, so passing does not complete the pathway
    return make_quiz(step, pass_mark=100, max_attempts=3)


def enrolled(quiz):
    member = MemberFactory()
    return member, enrolment.enrol(actor=member, member=member, pathway=quiz.step.pathway)


def test_a_multiple_choice_question_is_right_only_with_exactly_the_correct_set(quiz):
    answers = right_answers(quiz)
    single, multiple = quiz.questions.all()
    wrong_extra = {choice.pk for choice in multiple.choices.all()}
    assert quizzes.score(quiz, answers) == 100
    assert quizzes.score(quiz, {**answers, multiple.pk: wrong_extra}) == 50
    assert quizzes.score(quiz, {**answers, multiple.pk: set(list(answers[multiple.pk])[:1])}) == 50
    assert quizzes.score(quiz, {single.pk: answers[single.pk]}) == 50
    assert quizzes.score(quiz, {}) == 0


def test_a_failed_attempt_keeps_the_step_open_and_a_pass_marks_it_done_with_the_best_score(quiz):
    member, enrolment_ = enrolled(quiz)
    _single, multiple = quiz.questions.all()
    half = {**right_answers(quiz), multiple.pk: set()}
    failed = quizzes.submit_attempt(actor=member, enrolment=enrolment_, step=quiz.step, answers=half)
    assert failed.score == 50 and not failed.passed
    progress = enrolment_.progress.get(step=quiz.step)
    assert progress.status == StepProgress.Status.IN_PROGRESS and progress.score == 50
    passed = quizzes.submit_attempt(actor=member, enrolment=enrolment_, step=quiz.step, answers=right_answers(quiz))
    assert passed.passed
    progress.refresh_from_db()
    assert progress.status == StepProgress.Status.DONE and progress.score == 100
    with pytest.raises(ValidationError, match="already passed"):
        quizzes.submit_attempt(actor=member, enrolment=enrolment_, step=quiz.step, answers=half)


def test_no_attempt_beyond_the_limit(quiz):
    member, enrolment_ = enrolled(quiz)
    for _attempt in range(3):
        quizzes.submit_attempt(actor=member, enrolment=enrolment_, step=quiz.step, answers={})
    assert quizzes.attempts_left(enrolment_, quiz) == 0
    with pytest.raises(ValidationError, match="all your attempts"):
        quizzes.submit_attempt(actor=member, enrolment=enrolment_, step=quiz.step, answers=right_answers(quiz))


def test_the_best_attempt_counts_and_a_lower_later_one_does_not_lower_it():
    step = StepFactory()
    StepFactory(pathway=step.pathway)
    quiz = make_quiz(step, pass_mark=75, max_attempts=3)
    member, enrolment_ = enrolled(quiz)
    _single, multiple = quiz.questions.all()
    quizzes.submit_attempt(actor=member, enrolment=enrolment_, step=step,
                           answers={**right_answers(quiz), multiple.pk: set()})
    quizzes.submit_attempt(actor=member, enrolment=enrolment_, step=step, answers={})
    assert enrolment_.progress.get(step=step).score == 50


def test_passing_the_quiz_of_the_last_step_completes_the_pathway():
    step = StepFactory()
    quiz = make_quiz(step, pass_mark=50)
    member, enrolment_ = enrolled(quiz)
    quizzes.submit_attempt(actor=member, enrolment=enrolment_, step=step, answers=right_answers(quiz))
    enrolment_.refresh_from_db()
    assert enrolment_.status == Enrolment.Status.COMPLETED and enrolment_.certificates.count() == 1

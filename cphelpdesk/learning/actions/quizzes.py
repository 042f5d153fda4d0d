"""Quiz attempts: scored on the spot, passed at the pass mark, the best attempt counting."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.learning import selectors
from cphelpdesk.learning.actions import completion
from cphelpdesk.learning.models import Enrolment, Quiz, QuizAttempt, Step


def score(quiz: Quiz, answers: dict[int, set[int]]) -> int:
    """The percentage of questions answered right: a question is right only when exactly its correct choices
    were chosen (for a multiple-choice question, all of them and nothing else)."""
    questions = list(quiz.questions.prefetch_related("choices"))
    if not questions:
        return 100
    right = sum(1 for question in questions
                if {choice.pk for choice in question.choices.all() if choice.is_correct}
                == set(answers.get(question.pk, ())))
    return round(100 * right / len(questions))


def attempts_left(enrolment: Enrolment, quiz: Quiz) -> int:
    return max(quiz.max_attempts - enrolment.quiz_attempts.filter(step_id=quiz.step_id).count(), 0)


@transaction.atomic
def submit_attempt(*, actor, enrolment: Enrolment, step: Step, answers: dict[int, set[int]]) -> QuizAttempt:
    """Score an attempt; passing marks the step done. The best score is kept on the step's progress; no
    attempt after a pass or beyond the attempts allowed."""
    enrolment = Enrolment.objects.select_for_update().select_related("pathway").get(pk=enrolment.pk)
    if enrolment.member_id != actor.pk:
        raise PermissionDenied(_("This is not your enrolment."))
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(_("You are not following this pathway now."))
    quiz = Quiz.objects.filter(step=step).first()
    if quiz is None or step.pathway_id != enrolment.pathway_id:
        raise ValidationError(_("This step has no quiz."))
    missing = selectors.prerequisites_missing(enrolment, step)
    if missing:
        raise ValidationError(_("Finish these steps first: %(steps)s.")
                              % {"steps": ", ".join(item.title for item in missing)})
    if enrolment.quiz_attempts.filter(step=step, passed=True).exists():
        raise ValidationError(_("You have already passed this quiz."))
    if not attempts_left(enrolment, quiz):
        raise ValidationError(_("You have used all your attempts at this quiz."))
    result = score(quiz, answers)
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment, step=step, score=result, passed=result >= quiz.pass_mark,
        answers={str(question): sorted(choices) for question, choices in answers.items()})
    audit.record(actor=actor, action="quiz_attempt.submitted", target=enrolment, step=step.pk, score=result,
                 passed=attempt.passed)
    if attempt.passed:
        completion.complete_step(actor=actor, enrolment=enrolment, step=step, score=result)
    else:
        row = completion.start(enrolment, step)
        row.score = max(result, row.score or 0)
        row.save(update_fields=["score"])
    return attempt

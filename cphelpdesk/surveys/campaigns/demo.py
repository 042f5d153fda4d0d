"""Demo campaign: last year's coordination-group survey, closed, answered by about 60% of those invited.

Rows are written directly (no mail, no audit): the survey comes from the ready template, invitations go to the
demo's coordinators and IM officers in countries with an active group, answers are drawn from `context.rng`.
"""

from datetime import UTC, datetime, time, timedelta

from cphelpdesk.directory.models import Member
from cphelpdesk.surveys.campaigns.actions import create_from_template
from cphelpdesk.surveys.campaigns.selectors import audience_members
from cphelpdesk.surveys.models import Answer, Invitation, Question, Response, Survey

CHUNK = 2000
RESPONSE_SHARE = 0.6
COMMENTS = ["Staff turnover means we train new members every few months.",
            "The helpdesk's templates saved us a lot of time.",
            "Funding for the IMO position ends this year.",
            "Answers were quick and fitted our context."]


def _value(rng, question: Question) -> dict | None:
    kind = question.kind
    if kind == Question.Kind.RATING:
        return {"number": rng.choice((6, 7, 8, 8, 9, 9, 9, 10, 10, 10))}
    if kind == Question.Kind.NUMBER:
        return {"number": rng.randint(0, 12)} if rng.random() < 0.9 else None
    if kind == Question.Kind.SINGLE:
        return {"choices": [rng.choice(question.choices)]}
    if kind == Question.Kind.MULTIPLE:
        return {"choices": rng.sample(question.choices, rng.randint(1, 3))}
    return {"text": rng.choice(COMMENTS)} if rng.random() < 0.3 else None


def seed(context) -> None:
    rng = context.rng
    today = datetime.combine(context.today, time(9), tzinfo=UTC)
    manager = Member.objects.filter(email__startswith="manager@").first()
    survey = create_from_template(actor=manager, template="coordination_group")
    opened = today - timedelta(days=200)
    Survey.objects.filter(pk=survey.pk).update(
        title=f"{survey.title} {opened.year}", status=Survey.Status.CLOSED,
        opened_at=opened, closed_at=opened + timedelta(days=30), closes_on=(opened + timedelta(days=28)).date(),
        created_at=opened - timedelta(days=7))
    questions = list(survey.questions.all())
    members = list(audience_members(survey.audience).select_related("country__region",
                                                                      "organisation").order_by("pk"))
    reminder = opened + timedelta(days=14)
    invitations, responses, answers = [], [], []
    for member in members:
        invitation = Invitation(survey=survey, member=member, nonce=f"{rng.getrandbits(128):032x}", sent_at=opened)
        if rng.random() < RESPONSE_SHARE:
            invitation.responded_on = (opened + timedelta(days=rng.uniform(0.1, 28))).date()
            response = Response(survey=survey, region=member.country.region if member.country else None,
                                organisation_type=member.organisation.type if member.organisation else "")
            responses.append(response)
            answers.extend(Answer(response=response, question=question, **value) for question in questions
                           if (value := _value(rng, question)) is not None)
        if invitation.responded_on is None or invitation.responded_on > reminder.date():
            invitation.reminded_at, invitation.reminders = reminder, 1
        invitations.append(invitation)
    Invitation.objects.bulk_create(invitations, batch_size=CHUNK)
    Response.objects.bulk_create(responses, batch_size=CHUNK)
    Answer.objects.bulk_create(answers, batch_size=CHUNK)
    Survey.objects.filter(pk=survey.pk).update(invited_count=len(invitations), responded_count=len(responses))
    context.report(f"  survey campaign: {len(invitations):,} invited, {len(responses):,} answered")

"""Demo feedback: about 60% of the demo's answered queries rated, shaped like the service's own figures.

Mean overall satisfaction about 9.1/10, a few low ratings (which alerted their desk), one reminder to those who
took more than a week; then last year's coordination-group survey (`campaigns/demo.py`). Deterministic from
`context.rng` and `context.today`; rows are bulk-created in chunks, so it stays fast at `--scale 210` (100,000
queries).
"""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings

from cphelpdesk.queries import timeline
from cphelpdesk.queries.models import EventKind, Outcome, Query, QueryEvent, Status
from cphelpdesk.surveys.actions import LOW_RATING
from cphelpdesk.surveys.campaigns import demo as campaigns_demo
from cphelpdesk.surveys.models import FeedbackRequest, Rating

CHUNK = 2000
RATED_SHARE = 0.6
COMMENTS = {
    "en": ["Very useful, thank you.", "Clear and practical; we used it the same week.",
           "Thanks for the quick answer and the templates."],
    "fr": ["Très utile, merci.", "Réponse claire et pratique, utilisée dès la semaine suivante.",
           "Merci pour la rapidité et les modèles."],
    "es": ["Muy útil, gracias.", "Clara y práctica; la usamos esa misma semana.",
           "Gracias por la respuesta rápida y las plantillas."],
    "ar": ["مفيد جداً، شكراً.", "إجابة واضحة وعملية، استخدمناها في الأسبوع نفسه.", "شكراً على سرعة الرد والنماذج."],
}
LOW_COMMENTS = {
    "en": ["The answer came after our deadline.", "Too general for our context."],
    "fr": ["La réponse est arrivée après notre échéance.", "Trop général pour notre contexte."],
    "es": ["La respuesta llegó después de nuestro plazo.", "Demasiado general para nuestro contexto."],
    "ar": ["وصلت الإجابة بعد الموعد النهائي.", "عامة جداً بالنسبة لسياقنا."],
}


def seed(context) -> None:
    _seed_feedback(context)
    campaigns_demo.seed(context)


def _seed_feedback(context) -> None:
    rng = context.rng
    now = datetime.combine(context.today, time(0), tzinfo=UTC)
    days, remind_after = settings.HELPDESK_FEEDBACK_DAYS, settings.HELPDESK_FEEDBACK_REMINDER_DAYS
    eligible = (Query.objects.filter(answered_at__isnull=False, answered_at__lte=now)
                .exclude(requester_email="").exclude(outcome__in=[Outcome.WITHDRAWN, Outcome.INDIVIDUAL_CASE])
                .exclude(status__in=[Status.WITHDRAWN, Status.MERGED])
                .order_by("pk").values_list("pk", "answered_at", "language"))
    id_range = context.shared.get("demo_queries", {}).get("id_range")
    if id_range:
        eligible = eligible.filter(pk__range=id_range)
    counts = {"requests": 0, "ratings": 0, "low": 0}
    requests, ratings, events = [], [], []

    def flush():
        FeedbackRequest.objects.bulk_create(requests, batch_size=CHUNK)
        Rating.objects.bulk_create(ratings, batch_size=CHUNK)
        QueryEvent.objects.bulk_create(events, batch_size=CHUNK)
        counts["requests"] += len(requests)
        counts["ratings"] += len(ratings)
        requests.clear(), ratings.clear(), events.clear()

    for query_id, answered_at, language in eligible.iterator(chunk_size=CHUNK):
        sent = answered_at + timedelta(seconds=rng.randint(1, 5))
        feedback = FeedbackRequest(query_id=query_id, nonce=f"{rng.getrandbits(128):032x}", sent_at=sent,
                                   expires_at=sent + timedelta(days=days))
        events.append(timeline.event(query_id, EventKind.FEEDBACK_REQUESTED, at=sent))
        rated_at = None
        if rng.random() < RATED_SHARE:
            # Most rate within two days of the answer; the rest after the reminder.
            delay = timedelta(hours=rng.uniform(0.2, 48)) if rng.random() < 0.75 else timedelta(
                days=rng.uniform(remind_after + 0.1, days - 1))
            rated_at = sent + delay if sent + delay < now else None
        reminder = sent + timedelta(days=remind_after)
        if reminder < now and (rated_at is None or rated_at > reminder):
            feedback.reminded_at = reminder
            events.append(timeline.event(query_id, EventKind.FEEDBACK_REMINDED, at=reminder))
        requests.append(feedback)
        if rated_at is not None:
            scores = _scores(rng)
            low = min(scores.values()) <= LOW_RATING
            pool = (LOW_COMMENTS if low else COMMENTS).get(language, COMMENTS["en"] if not low else LOW_COMMENTS["en"])
            comment = rng.choice(pool) if rng.random() < (0.8 if low else 0.25) else ""
            ratings.append(Rating(query_id=query_id, comment=comment, submitted_at=rated_at, updated_at=rated_at,
                                  **scores))
            events.append(timeline.event(query_id, EventKind.RATED, at=rated_at, **scores, comment=bool(comment)))
            if low:
                counts["low"] += 1
                events.append(timeline.event(query_id, EventKind.LOW_RATING_ALERT, at=rated_at,
                                             lowest=min(scores.values()), recipients=1))
        if len(requests) >= CHUNK:
            flush()
    flush()
    context.report(f"  feedback: {counts['requests']:,} requests, {counts['ratings']:,} ratings "
                   f"({counts['low']:,} low)")


def _scores(rng) -> dict[str, int]:
    """Most requesters are very satisfied (9-10), some fairly (6-8), a few not (2-5): overall mean about 9.1."""
    draw = rng.random()
    if draw < 0.04:
        base = rng.randint(2, 5)
    elif draw < 0.16:
        base = rng.randint(6, 8)
    else:
        base = rng.choice((9, 10, 10, 10))
    return {dimension: max(1, min(10, base + rng.choice((-1, 0, 0, 0, 1))))
            for dimension in ("appropriateness", "timeliness", "quality")}

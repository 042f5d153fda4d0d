"""The demo queries: a year shaped like the real service, consistent with the actions, the same for the same seed."""

import datetime
import hashlib
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count

from cphelpdesk.directory.models import Country, Member
from cphelpdesk.queries import actions, routing
from cphelpdesk.queries.models import (
    OPEN_STATUSES,
    PAUSED_STATUSES,
    Gap,
    Message,
    Query,
    QueryEvent,
    ReferenceCounter,
    Referral,
    SLATarget,
    Status,
)
from cphelpdesk.queries.selectors import overdue_condition
from cphelpdesk.queries.working_time import WorkCalendar
from cphelpdesk.site.management.commands.seed_demo import seed_demo

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 6, 15)
NOW = datetime.datetime.combine(AS_OF, datetime.time(0), tzinfo=datetime.UTC)  # the demo's "now"
YEAR_AGO = NOW - datetime.timedelta(days=365)


def quiet_seed(seed: int = 1, as_of: datetime.date = AS_OF):
    return seed_demo(seed=seed, as_of=as_of, report=lambda *_: None)


def fingerprint() -> str:
    rows = Query.objects.order_by("reference").values_list(
        "reference", "subject", "country__iso2", "status", "outcome", "received_at")
    return hashlib.sha256(repr([(*row[:-1], row[-1].isoformat()) for row in rows]).encode()).hexdigest()


def fingerprint_of(seed: int) -> str:
    """Seed inside a savepoint, read the fingerprint, roll back: the next seed starts from an empty directory."""
    with transaction.atomic():
        quiet_seed(seed)
        digest = fingerprint()
        transaction.set_rollback(True)
    return digest


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def test_a_year_shaped_like_the_service():
    context = quiet_seed()
    queries = Query.objects.all()
    assert not queries.filter(received_at__gte=NOW).exists()
    assert not queries.filter(received_at__lt=YEAR_AGO).exists()
    requests = queries.counted().filter(received_at__gte=YEAR_AGO)
    assert 430 <= requests.count() <= 530
    assert requests.values("country").distinct().count() >= 41
    # A few countries with a coordination group asked nothing: the outreach list.
    silent = Country.objects.with_active_group().exclude(queries__isnull=False)
    assert 1 <= silent.count() <= 3
    assert sorted(silent.values_list("iso2", flat=True)) == context.shared["demo_queries"]["outreach_countries"]

    done = queries.filter(status__in=[Status.ANSWERED, Status.CLOSED])
    assert 0.91 <= share(done.filter(outcome="full").count(), done.count()) <= 0.97
    assert set(done.values_list("outcome", flat=True)) == {"full", "partial"}
    closed = queries.filter(status=Status.CLOSED)
    assert 0.06 <= share(closed.filter(gaps__isnull=False).distinct().count(), closed.count()) <= 0.11
    assert 15 <= Gap.objects.count() <= 25
    assert Gap.objects.values("status").distinct().count() >= 3
    assert Gap.objects.exclude(working_group="").exists()

    roots = Counter()
    for topic_codes in _topic_codes_by_query().values():
        roots.update({code.split(".")[0] for code in topic_codes})
    assert {root for root, _count in roots.most_common(3)} == {"CAPB", "AME", "COORD"}
    assert max(len(codes) for codes in _topic_codes_by_query().values()) <= 3

    assert 0.07 <= share(queries.filter(urgency="urgent").count(), queries.count()) <= 0.13
    assert share(queries.filter(organisation__scope__in=["national", "local"]).count(), queries.count()) >= 0.1
    assert set(queries.values_list("channel", flat=True)) >= {"email", "web", "list", "chat", "api", "staff"}
    assert set(queries.values_list("language", flat=True)) >= {"en", "fr", "es", "ar"}
    assert queries.filter(service_type="question").count() > queries.count() / 2

    # The staff queue has work in it: recent queries in several open statuses, some overdue.
    open_statuses = set(queries.filter(status__in=OPEN_STATUSES).values_list("status", flat=True))
    assert len(open_statuses) >= 3 and {Status.AWAITING_REQUESTER, Status.REFERRED} <= open_statuses
    assert queries.filter(overdue_condition(NOW)).exists()
    assert queries.filter(status=Status.WITHDRAWN).exists() and queries.filter(status=Status.MERGED).exists()
    merged = queries.filter(status=Status.MERGED).first()
    assert merged.merged_into and merged.merged_into.reference < merged.reference

    referrals = Referral.objects.all()
    assert 0.05 <= share(referrals.values("query").distinct().count(), queries.count()) <= 0.15
    assert share(referrals.filter(status="answered").count(), referrals.count()) > 0.7
    assert {"focal_point", "working_group"} <= set(referrals.values_list("destination", flat=True))

    # The demo member and the demo expert have something to look at.
    assert Query.objects.filter(requester__email="member@demo.example.org").count() >= 5
    assert Query.objects.filter(assignments__member__email="expert@demo.example.org").exists()


def _topic_codes_by_query() -> dict:
    codes = {}
    for query_id, code in Query.topics.through.objects.values_list("query_id", "topic__code"):
        codes.setdefault(query_id, []).append(code)
    return codes


def test_demo_rows_are_what_the_actions_would_write():
    quiet_seed()
    targets = {(t.sla_class, t.measure): (t.amount, t.unit) for t in SLATarget.objects.all()}
    calendars = {}
    for query in Query.objects.select_related("country", "desk"):
        assert query.desk == routing.desk_for(query)
        assert query.sla_class == routing.sla_class_for(query)
        calendar = calendars.setdefault(query.desk_id, WorkCalendar.for_desk(query.desk))
        if query.first_response_at is None:
            assert query.first_response_due == calendar.add(query.received_at,
                                                            *targets[(query.sla_class, "first_response")])
        else:
            assert query.first_response_due is None and query.first_response_at >= query.received_at
        if query.answered_at:
            assert query.resolution_due is None and query.status in {Status.ANSWERED, Status.CLOSED}
            assert query.outcome in {"full", "partial"}
        else:  # moved on by the time spent waiting, as `actions.base._due_after_pauses` computes it
            due = calendar.add(query.received_at, *targets[(query.sla_class, "resolution")])
            if query.paused_working_minutes:
                due = calendar.add_working_minutes(due, query.paused_working_minutes)
            assert abs(query.resolution_due - due) < datetime.timedelta(seconds=1)
        assert (query.paused_at is not None) == (query.status in PAUSED_STATUSES)
        assert (query.paused_working_minutes > 0) == (query.paused_clock_seconds > 0)
        assert query.acknowledged_at and query.received_at < query.acknowledged_at < query.received_at + \
            datetime.timedelta(minutes=15)
    # Every query opens with the requester's question and a "submitted" event; answers have their event.
    first_kinds = {q.pk: q.messages.order_by("created_at", "id").first().kind for q in Query.objects.all()[:50]}
    assert set(first_kinds.values()) == {Message.Kind.REQUESTER}
    submitted = QueryEvent.objects.filter(kind="submitted").values("query").distinct().count()
    assert submitted == Query.objects.count()
    answered = QueryEvent.objects.filter(kind="answered").values("query").distinct().count()
    assert answered == Query.objects.exclude(answered_at=None).count()
    assert not QueryEvent.objects.filter(at__gt=NOW).exists()
    assert Query.objects.filter(paused_working_minutes__gt=0, resolution_due__isnull=False).exists()
    # One lead per assigned query, an officer of the query's desk.
    leads = Query.objects.filter(assignments__role="lead").annotate(n=Count("assignments")).values_list("n", flat=True)
    assert set(leads) == {1}
    for query in Query.objects.filter(assignments__role="lead").select_related("desk")[:40]:
        lead = query.assignments.get(role="lead").member
        assert query.desk.officers.filter(pk=lead.pk).exists()


def test_references_are_numbered_per_year_and_continue_after_the_demo():
    quiet_seed()
    for year, last in ReferenceCounter.objects.values_list("year", "last"):
        numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in
                         Query.objects.filter(reference__startswith=f"CPH-{year}-").values_list("reference", flat=True))
        assert numbers == list(range(1, last + 1))
        received = Query.objects.filter(reference__startswith=f"CPH-{year}-").order_by("reference")
        assert all(query.received_at.year == year for query in received)
    in_order = list(Query.objects.filter(received_at__year=AS_OF.year).order_by("received_at", "pk")
                    .values_list("reference", flat=True))
    assert in_order == sorted(in_order, key=lambda reference: int(reference.rsplit("-", 1)[1]))
    member = Member.objects.get(email="member@demo.example.org")
    query = actions.submit_query(
        requester=member, subject="Terms of reference", question="Could you share a template?",
        no_child_details_confirmed=True, received_at=NOW + datetime.timedelta(hours=10),
    )
    assert query.reference == f"CPH-{AS_OF.year}-{len(in_order) + 1:04d}"


def test_same_seed_same_queries_other_seed_other_queries():
    first = fingerprint_of(1)
    assert fingerprint_of(1) == first
    assert fingerprint_of(2) != first

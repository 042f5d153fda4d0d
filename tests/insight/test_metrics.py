"""Every DESIGN.md metric on small hand-built datasets whose answers are known."""

from datetime import date, datetime, timedelta

import pytest

from cphelpdesk.directory.models import Country, Desk, Organisation
from cphelpdesk.insight import selectors
from cphelpdesk.insight.selectors import Filters
from cphelpdesk.queries.models import Gap, Query
from cphelpdesk.surveys.models import Rating
from cphelpdesk.taxonomy.models import Topic
from tests.factories import MemberFactory, OrganisationFactory, make_query

pytestmark = pytest.mark.django_db
START, END = date(2025, 3, 1), date(2025, 3, 31)


def at(day: int, hour: int = 10, month: int = 3) -> datetime:
    from datetime import UTC

    return datetime(2025, month, day, hour, tzinfo=UTC)


def build(received: datetime, *, country: str = "ML", topics=(), organisation=None, gaps: int = 0, **fields) -> Query:
    """A query through the real intake, then its service history written as it stands."""
    requester = MemberFactory(organisation=organisation or OrganisationFactory())
    query = make_query(requester=requester, country=Country.objects.get(iso2=country),
                       topics=[Topic.objects.get(code=code) for code in topics])
    fields.setdefault("first_response_due", None)
    Query.objects.filter(pk=query.pk).update(received_at=received, **fields)
    for number in range(gaps):
        Gap.objects.create(title=f"gap {query.pk}-{number}").queries.add(query)
    query.refresh_from_db()
    return query


def headline(filters=None):
    return selectors.headline(START, END, filters)


def test_requests_and_countries_exclude_withdrawn_and_merged():
    build(at(1, 0), country="ML")
    build(at(31, 23), country="ML")
    build(at(10), country="CD")
    build(at(11), country="SN", status="withdrawn", outcome="withdrawn", closed_at=at(12))
    original = build(at(12), country="CD")
    build(at(13), country="NE", status="merged", merged_into=original, closed_at=at(13))
    build(at(28, 23, month=2), country="TD")  # the day before the period
    build(at(1, 0, month=4), country="TD")  # the day after
    figures = headline()
    assert (figures.requests, figures.countries) == (4, 2)


def test_full_response_and_gap_rates_count_queries_closed_in_the_period():
    build(at(1, month=2), status="closed", outcome="full", closed_at=at(2))  # received before, closed in the period
    build(at(3), status="closed", outcome="full", closed_at=at(5), gaps=2)  # two gaps: one query with gaps
    build(at(3), status="closed", outcome="partial", closed_at=at(6), gaps=1)
    build(at(3), status="closed", outcome="referred", closed_at=at(7))
    build(at(3), status="answered", outcome="full", answered_at=at(8))  # answered, not closed
    build(at(3), status="closed", outcome="full", closed_at=at(2, month=4))  # closed after the period
    build(at(3), status="withdrawn", outcome="withdrawn", closed_at=at(9), gaps=1)  # never counted
    figures = headline()
    assert (figures.closed, figures.full, figures.with_gaps) == (4, 2, 2)
    assert figures.full_rate == 0.5 and figures.gap_rate == 0.5


def test_no_closed_query_gives_no_rate_rather_than_zero():
    build(at(3))
    figures = headline()
    assert figures.full_rate is None and figures.gap_rate is None


def test_time_to_first_response_per_sla_class_and_on_time_as_judged_when_it_went_out():
    # Each response was judged against its due date when it went out (tests/queries: test_routing_and_sla).
    build(at(3), sla_class="urgent", first_response_at=at(3, 20), first_response_on_time=True)  # 10 h
    build(at(3), sla_class="urgent", first_response_at=at(4, 16), first_response_on_time=False)  # 30 h
    build(at(3), sla_class="urgent", first_response_at=at(4, 14), first_response_on_time=True)  # 28 h, 6 h paused
    build(at(4), sla_class="standard", first_response_at=at(4, 12), first_response_on_time=True)  # 2 h
    build(at(4), sla_class="standard", first_response_at=at(14, 12), first_response_on_time=False)  # ten days
    build(at(5), sla_class="standard", first_response_due=at(6))  # no response, due passed: late
    build(at(5), sla_class="standard", first_response_due=datetime.now().astimezone() + timedelta(days=2))
    urgent, standard, overall = headline().timeliness
    assert (urgent.sla_class, urgent.responded, urgent.on_time, urgent.late) == ("urgent", 3, 2, 1)
    assert urgent.median_hours == 28 and urgent.p90_hours == 30
    assert (standard.sla_class, standard.responded, standard.on_time, standard.late) == ("standard", 2, 1, 2)
    assert standard.median_hours == (2 + 242) / 2 and standard.on_time_rate == pytest.approx(1 / 3)
    assert (overall.sla_class, overall.responded, overall.on_time, overall.late) == ("all", 5, 3, 3)
    assert overall.median_hours == 28 and overall.p90_hours == 242


def test_satisfaction_is_shown_only_from_three_responses():
    queries = [build(at(3), status="closed", outcome="full", closed_at=at(4)) for _ in range(4)]
    for query, scores in zip(queries[:2], [(10, 9, 8), (7, 8, 9)], strict=True):
        Rating.objects.create(query=query, appropriateness=scores[0], timeliness=scores[1], quality=scores[2])
    Rating.objects.update(submitted_at=at(5))
    figures = headline()
    assert figures.satisfaction is None and figures.ratings == 2
    Rating.objects.create(query=queries[2], appropriateness=10, timeliness=10, quality=10)
    Rating.objects.create(query=queries[3], appropriateness=1, timeliness=1, quality=1)
    Rating.objects.filter(query=queries[3]).update(submitted_at=at(2, month=4))  # rated after the period
    Rating.objects.filter(query=queries[2]).update(submitted_at=at(6))
    satisfaction = headline().satisfaction
    assert satisfaction.responses == 3
    assert (satisfaction.appropriateness, satisfaction.timeliness, satisfaction.quality) == (9, 9, 9)
    assert satisfaction.overall == 9


def test_reach_is_the_share_from_national_and_local_organisations():
    national = OrganisationFactory(type="nngo", scope="national")
    local = OrganisationFactory(type="lngo", scope="local")
    ministry = OrganisationFactory(type="gov", scope="national")
    agency = OrganisationFactory(type="un", scope="international")
    for organisation in (national, local, ministry, agency, agency):
        build(at(3), organisation=organisation)
    figures = headline()
    assert figures.national_or_local == 3 and figures.reach == 0.6


def test_outreach_lists_active_group_countries_without_a_request_in_six_months():
    assert Country.objects.with_active_group().filter(iso2__in=["ML", "CD", "BF"]).count() == 3
    build(at(20), country="ML")
    build(at(2, month=10) - timedelta(days=365), country="BF")  # October 2024: within six months of 31 March
    build(at(15, month=9) - timedelta(days=365), country="CD")  # mid-September 2024: more than six months before
    listed = {country.iso2 for country in headline().outreach}
    assert "CD" in listed and not listed & {"ML", "BF"}
    assert {c.iso2 for c in selectors.outreach(END, Filters(country=Country.objects.get(iso2="ML")))} == set()
    assert [c.iso2 for c in selectors.outreach(END, Filters(country=Country.objects.get(iso2="CD")))] == ["CD"]


def test_top_topics_count_a_query_under_each_of_its_topics():
    build(at(3), topics=["IM.4W", "CAPB.TRAIN"])
    build(at(4), topics=["IM.4W"])
    build(at(5), topics=["IM.4W", "CAPB.TRAIN"])
    build(at(6), topics=["CAPB.TRAIN"], status="withdrawn")
    build(at(6))
    ranked = [(topic.code, n) for topic, n in headline().top_topics]
    assert ranked == [("IM.4W", 3), ("CAPB.TRAIN", 2)]


def test_filters_narrow_every_figure():
    un = OrganisationFactory(type="un", scope="international")
    build(at(3), country="ML", topics=["IM.4W"], channel="email", status="closed", outcome="full", closed_at=at(4))
    build(at(3), country="CD", topics=["CAPB.TRAIN"], channel="web", organisation=un, status="closed",
          outcome="partial", closed_at=at(4))
    build(at(3), country="CO", channel="web")
    mali, drc = Country.objects.get(iso2="ML"), Country.objects.get(iso2="CD")
    assert headline(Filters(channel="email")).requests == 1
    assert headline(Filters(country=drc)).full_rate == 0
    assert headline(Filters(region=mali.region)).requests == 2  # Mali and the DRC, not Colombia
    assert headline(Filters(topic=Topic.objects.get(code="IM.4W"))).full_rate == 1
    assert headline(Filters(organisation_type="un")).requests == 1
    colombia_desk = Query.objects.get(country__iso2="CO").desk
    assert headline(Filters(desk=colombia_desk)).requests == Query.objects.filter(desk=colombia_desk).count()
    assert headline(Filters(desk=Desk.objects.exclude(queries__isnull=False).first())).requests == 0


def test_counts_per_month_by_channel_per_region_and_per_country():
    build(at(3), country="ML", channel="email")
    build(at(4), country="ML", channel="web")
    build(at(4), country="CD", channel="web")
    build(at(2, month=4), country="CD", channel="web")
    months = selectors.per_month_by_channel(date(2025, 2, 15), date(2025, 4, 30))
    assert months == [(date(2025, 2, 1), {}), (date(2025, 3, 1), {"email": 1, "web": 2}),
                      (date(2025, 4, 1), {"web": 1})]
    mali, drc = Country.objects.get(iso2="ML"), Country.objects.get(iso2="CD")
    assert selectors.per_country(START, END) == [(str(mali), 2), (str(drc), 1)]
    assert sum(n for _name, n in selectors.per_region(START, END)) == 3


def test_default_period_is_the_last_twelve_months():
    assert selectors.default_period(date(2025, 6, 30)) == (date(2024, 7, 1), date(2025, 6, 30))
    assert selectors.default_period(date(2024, 2, 29)) == (date(2023, 3, 1), date(2024, 2, 29))
    assert Organisation.Scope.NATIONAL in selectors.NATIONAL_OR_LOCAL

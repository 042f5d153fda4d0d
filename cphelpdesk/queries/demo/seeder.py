"""The demo's seeder: what every stage reads (the directory, topics, SLA policy and calendars, read once), the
run from plans to written rows, and the writing of each chunk of queries."""

from datetime import UTC, datetime, time

from cphelpdesk.directory.demo import CITIES, DEMO_DOMAIN
from cphelpdesk.directory.models import Country, Desk, FocalPoint, Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import routing
from cphelpdesk.queries.demo.gaps import GapRegister
from cphelpdesk.queries.demo.life import QueryLife
from cphelpdesk.queries.demo.plans import Planner, number
from cphelpdesk.queries.demo.rows import BATCH, Rows
from cphelpdesk.queries.demo.texts import Texts
from cphelpdesk.queries.models import Assignment, Message, Query, QueryEvent, ReferenceCounter, Referral, SLATarget
from cphelpdesk.queries.working_time import WorkCalendar
from cphelpdesk.taxonomy.models import Topic

CHUNK = 2000  # queries built and written at a time (bounded memory at any scale)


class QuerySeeder:
    """Seeds the demo's queries for one `DemoContext`: `run()` once."""

    def __init__(self, context):
        self.context, self.rng, self.cities, self.domain = context, context.rng, CITIES, DEMO_DOMAIN
        # The demo's "now" is the start of the as-of day: a seed run today puts nothing in the future.
        self.now = datetime.combine(context.today, time(0), tzinfo=UTC)
        self._desks, self._calendars = {}, {}
        self.targets = {(t.sla_class, t.measure): (t.amount, t.unit) for t in SLATarget.objects.all()}
        self.topics = {topic.code: topic for topic in Topic.objects.all()}
        desks = list(Desk.objects.prefetch_related("officers").order_by("pk"))
        self.officers = {desk.pk: sorted(desk.officers.all(), key=lambda m: m.pk) for desk in desks}
        everyone = {m.pk: m for officers in self.officers.values() for m in officers}
        self.all_officers = [everyone[pk] for pk in sorted(everyone)]
        staff = context.shared.get("demo_staff", {})
        self.demo_member, self.demo_expert = staff.get(Role.MEMBER), staff.get(Role.EXPERT)
        self.experts = list(Member.objects.filter(groups__name=Role.EXPERT, is_active=True).order_by("pk"))
        self.focal_points = {}
        for focal_point in FocalPoint.objects.select_related("member").order_by("pk"):
            self.focal_points.setdefault(focal_point.region_id, []).append(focal_point.member)
        self.countries = list(Country.objects.with_active_group().select_related("region").order_by("iso2"))
        self.country_by_id = {country.pk: country for country in self.countries}
        self.by_region = {}
        for country in self.countries:
            self.by_region.setdefault(country.region_id, []).append(country)
        self.texts = Texts(self.rng, self.countries, self.by_region, self.cities)

    # --- caches that keep routing and SLA computation fast ---

    def desk_for(self, language: str, country: Country):
        key = (language, country.pk if country else None)
        if key not in self._desks:
            self._desks[key] = routing.desk_for(Query(language=language, country=country))
        return self._desks[key]

    def calendar(self, desk) -> WorkCalendar:
        key = desk.pk if desk else None
        if key not in self._calendars:
            self._calendars[key] = WorkCalendar.for_desk(desk)
        return self._calendars[key]

    def due(self, calendar, sla_class, measure, start):
        target = self.targets.get((sla_class, measure))
        return None if target is None else calendar.add(start, *target)

    def shift(self, calendar, due, sla_class, measure, paused_from, resumed_at):
        """Move a due date by a pause, as `actions._set_status` does when the clock restarts."""
        target = self.targets.get((sla_class, measure))
        if due is None or target is None:
            return due
        return calendar.after_pause(due, target[1], paused_from, resumed_at)

    # --- run ---

    def run(self) -> None:
        """Plan the year, number the queries, note the gaps, then build and write the queries chunk by chunk."""
        plans, outreach = Planner(self).plans()
        self.counters = number(plans)
        self.gap_register = GapRegister(self)
        self.originals = {plan.duplicate_of.reference for plan in plans if plan.duplicate_of}
        self.pk_by_reference, self.merges = {}, []
        counts = {"messages": 0, "events": 0, "referrals": 0}
        report_every = max(CHUNK, len(plans) // 10)
        for start in range(0, len(plans), CHUNK):
            chunk = plans[start:start + CHUNK]
            self.write([QueryLife(self, plan).live() for plan in chunk], counts)
            done = start + len(chunk)
            if len(plans) > CHUNK and (done % report_every < CHUNK or done == len(plans)):
                self.context.report(f"  queries: {done:,} of {len(plans):,} written")
        self.gap_register.finish(counts)
        for duplicate, original_reference in self.merges:
            Query.objects.filter(pk=duplicate.pk).update(merged_into_id=self.pk_by_reference[original_reference])
        for year, last in sorted(self.counters.items()):
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
        gaps = self.gap_register.gaps
        self.context.shared["demo_queries"] = {
            "as_of": self.now, "count": len(plans), "id_range": (self.first_pk, self.last_pk),
            "outreach_countries": sorted(country.iso2 for country in outreach),
            "gaps": [gap.pk for gap in gaps],
        }
        self.context.report(
            f"  queries: {len(plans):,} queries, {len(gaps)} gaps, {counts['messages']:,} messages, "
            f"{counts['referrals']:,} referrals, {counts['events']:,} timeline events")

    # --- writing a chunk ---

    def write(self, rows: list[Rows], counts: dict) -> None:
        """Write a chunk's rows, each kind in one bulk insert, linking events to the rows they name."""
        queries = [row.query for row in rows]
        Query.objects.bulk_create(queries, batch_size=BATCH)
        if queries and queries[0].pk is None:  # a backend that cannot return ids from a bulk insert
            pks = dict(Query.objects.filter(reference__in=[q.reference for q in queries])
                       .values_list("reference", "pk"))
            for query in queries:
                query.pk = pks[query.reference]
        if not hasattr(self, "first_pk"):
            self.first_pk = queries[0].pk
        self.last_pk = queries[-1].pk
        for query in queries:
            if query.reference in self.originals:
                self.pk_by_reference[query.reference] = query.pk
        Through = Query.topics.through
        Through.objects.bulk_create(
            [Through(query_id=row.query.pk, topic_id=topic.pk) for row in rows for topic in row.topics],
            batch_size=BATCH)
        messages = [message for row in rows for message in row.messages]
        Message.objects.bulk_create(messages, batch_size=BATCH)
        referrals = [referral for row in rows for referral in row.referrals]
        Referral.objects.bulk_create(referrals, batch_size=BATCH)
        Assignment.objects.bulk_create([a for row in rows for a in row.assignments], batch_size=BATCH)
        events = []
        for row in rows:
            for event, key, target in row.links:
                event.data[key] = target.pk
            for event, reference in row.deferred:
                event.query_id = self.pk_by_reference[reference]
            for gap, at in row.gap_links:
                self.gap_register.link(gap, row.query, at)
            events += row.events
        QueryEvent.objects.bulk_create(events, batch_size=BATCH)
        counts["messages"] += len(messages)
        counts["referrals"] += len(referrals)
        counts["events"] += len(events)

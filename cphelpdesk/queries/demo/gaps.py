"""The demo's gap register: gaps noted before the queries are built, flagged by queries as they are built, then
dated from their first query and moved along the register."""

from datetime import timedelta

from cphelpdesk.directory.models import Region
from cphelpdesk.queries import timeline
from cphelpdesk.queries.demo.plans import Deck
from cphelpdesk.queries.demo.rows import BATCH
from cphelpdesk.queries.demo.texts import phrases
from cphelpdesk.queries.models import EventKind, Gap, QueryEvent, Status


class GapRegister:
    """Creates the gaps (at scale > 1 regional variants are added), and the decks that decide which answered
    queries reveal a gap and which others are partial answers."""

    def __init__(self, seeder):
        self.rng, self.now = seeder.rng, seeder.now
        rng = self.rng
        known = [(gap["title"], gap["topic"], gap["working_group"]) for gap in phrases("gaps")["gaps"]]
        pool = list(known)
        rng.shuffle(pool)
        wanted = rng.randint(16, 24) + 2 * (seeder.context.scale - 1)
        if wanted > len(pool):
            variants = [(f"{title} ({region.name})", topic, group) for region in Region.objects.order_by("code")
                        for title, topic, group in known]
            rng.shuffle(variants)
            pool += variants
        gaps = []
        for title, topic_code, group in pool[:wanted]:
            gap = Gap(title=title, topic=seeder.topics.get(topic_code), status=Gap.Status.NOTED, noted_at=self.now,
                      created_by=rng.choice(seeder.all_officers) if seeder.all_officers else None)
            gap.demo_group, gap.demo_weight = group, rng.choice((1, 1, 2, 3, 5))
            gaps.append(gap)
        Gap.objects.bulk_create(gaps)
        if gaps and gaps[0].pk is None:
            by_title = dict(Gap.objects.values_list("title", "pk"))
            for gap in gaps:
                gap.pk = by_title[gap.title]
        self.gaps = gaps
        self.links = {gap.pk: [] for gap in gaps}  # gap pk -> [(query pk, flagged at, country pk)]
        # Exact shares: 8.5% of answered and of closed queries reveal a gap; 4% of the others are partial.
        self.gap_deck = {Status.CLOSED: Deck(rng, {True: 17, False: 183}),
                         Status.ANSWERED: Deck(rng, {True: 17, False: 183})}
        self.partial_deck = Deck(rng, {True: 1, False: 24})

    def flag(self, plan, rows, actor, at, event) -> None:
        """The query of `rows` reveals a gap at `at`: one of its topics' gaps, or its family's, or any."""
        if at > self.now or not self.gaps:
            return
        codes = plan.topic_codes
        root = codes[0].split(".")[0] if codes else ""
        candidates = [gap for gap in self.gaps if gap.topic and gap.topic.code in codes] or \
            [gap for gap in self.gaps if gap.topic and gap.topic.code.split(".")[0] == root] or self.gaps
        gap = self.rng.choices(candidates, weights=[gap.demo_weight for gap in candidates])[0]
        event(at, "gap_flagged", actor=actor, gap=gap.pk, title=gap.title)
        rows.gap_links.append((gap, at))

    def link(self, gap, query, at) -> None:
        """`query`, written, flagged `gap` at `at`."""
        self.links[gap.pk].append((query.pk, at, query.country_id))

    def finish(self, counts) -> None:
        """Date each gap from its first query and move it along the register, with the timeline entries
        `actions.update_gap` writes on the queries linked by then."""
        rng, now = self.rng, self.now
        description = phrases("gaps")["description"]
        Through = Gap.queries.through
        statuses = list(Gap.Status)
        links, events = [], []
        for gap in self.gaps:
            linked = sorted(self.links[gap.pk], key=lambda link: (link[1], link[0]))
            links += [Through(gap_id=gap.pk, query_id=query_pk) for query_pk, _at, _country in linked]
            gap.noted_at = linked[0][1] if linked else now - timedelta(days=rng.randint(20, 300))
            gap.description = description.format(count=len({country for *_, country in linked}) or 1)
            target = rng.choices(statuses, weights=(3, 3, 2.5, 1.5))[0]
            moment = gap.noted_at
            for status, attribute, days in ((Gap.Status.TAKEN_TO_WORKING_GROUP, "taken_to_wg_at", (7, 45)),
                                            (Gap.Status.IN_DEVELOPMENT, "in_development_at", (20, 90)),
                                            (Gap.Status.ADDRESSED, "addressed_at", (30, 120))):
                if statuses.index(target) < statuses.index(status):
                    break
                moment += timedelta(days=rng.randint(*days), hours=rng.randint(1, 8))
                if moment >= now:
                    break
                gap.status, gap.working_group = status, gap.demo_group
                setattr(gap, attribute, moment)
                events += [timeline.event(query_pk, EventKind.GAP_UPDATED, at=moment, actor=gap.created_by,
                                          gap=gap.pk, status=str(status))
                           for query_pk, at, _country in linked if at <= moment]
        Gap.objects.bulk_update(self.gaps, ["noted_at", "description", "status", "working_group", "taken_to_wg_at",
                                            "in_development_at", "addressed_at"])
        Through.objects.bulk_create(links, batch_size=BATCH)
        QueryEvent.objects.bulk_create(events, batch_size=BATCH)
        counts["events"] += len(events)

"""Stage 1 of the demo: who asks what and when, for every query of the year, before any query is built."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from cphelpdesk.directory.models import Approval, Country, Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries.demo.texts import asks
from cphelpdesk.queries.models import Channel, ReferenceCounter, Urgency

QUERIES_PER_YEAR = 480  # at scale 1, as the real helpdesk receives
COUNTRIES_WITHOUT_QUERIES = 3  # countries with a group and no query: the outreach list
NATIONAL_OR_LOCAL_SHARE = 0.3  # requesters picked among national and local organisations' members first
LANGUAGES = ("en", "fr", "es", "ar")
# Countries whose members ask most (as in the directory demo).
BUSY_COUNTRIES = {"CD", "NG", "SS", "SO", "SY", "YE", "AF", "BD", "CO", "UA", "SD", "ET"}
# Hours from UTC of the region's working day (requesters write in their daytime).
REGION_UTC_OFFSET = {"wca": 0, "esa": 3, "mena": 3, "sa": 5, "eap": 7, "lac": -5, "eca": 2}
MONTH_WEIGHT = {1: 1.0, 2: 1.1, 3: 1.15, 4: 1.05, 5: 1.0, 6: 0.95, 7: 0.85, 8: 0.7, 9: 1.0, 10: 1.15, 11: 1.2,
                12: 0.8}
WEEKDAY_WEIGHT = (1.0, 1.05, 1.0, 1.0, 0.9, 0.3, 0.3)
CHANNEL_WEIGHTS = {Channel.EMAIL: 44, Channel.WEB: 38, Channel.LIST: 6, Channel.CHAT: 5, Channel.API: 2,
                   Channel.STAFF: 5}
# How many queries of each family in every 191 (the order of the real helpdesk's top topics).
FAMILY_SHARE = {"CAPB": 41, "AME": 34, "COORD": 32, "CPMS": 20, "UASC": 13, "CPIMS": 11, "IM": 8, "HPC": 9,
                "THEM": 7, "XSECT": 7, "XCUT": 9}
# Topics that come with a family's queries as second or third topic.
RELATED_TOPICS = {
    "CAPB": ["CAPB.TRAIN", "CAPB.PATH", "CAPB.WORK", "CAPB.TRAIN", "CPMS", "CAPB.PATH"],
    "AME": ["AME.SDR", "AME.RA", "AME.IND", "AME.MSNA", "HPC.HNO", "IM.DASH"],
    "COORD": ["COORD.TOR", "COORD.SUBNAT", "COORD.LEAD", "COORD.LOCAL", "COORD.PREP", "HPC.HRP", "IM.4W"],
    "CPMS": ["CAPB.TRAIN", "AME.IND", "CAPB.PATH"],
    "UASC": ["THEM.FTR", "THEM.UASC", "THEM.ALTCARE", "THEM.CM", "XCUT.MOVE"],
    "CPIMS": ["IM.ISP", "IM.DASH", "IM.4W"],
    "IM": ["IM.4W", "IM.DASH", "IM.ISP", "COORD.TOR", "HPC.MON"],
    "HPC": ["HPC.HNO", "HPC.HRP", "HPC.MON", "AME.SDR", "IM.4W"],
    "THEM": ["THEM.CM", "THEM.MHPSS", "THEM.COMM", "CPMS", "XCUT.PSEA"],
    "XSECT": ["XSECT.CASH", "XSECT.EDU", "XSECT.HEALTH", "COORD.INTER"],
    "XCUT": ["XCUT.MOVE", "XCUT.PARTIC", "XCUT.DISAB", "XCUT.REMOTE", "XCUT.PHE"],
}
PORTUGUESE_FAMILIES = {"CAPB", "AME", "COORD", "CPMS", "UASC", "CPIMS"}


class Deck:
    """Draws values in exact proportions: each round holds every value `count` times, shuffled."""

    def __init__(self, rng, counts: dict):
        self.rng, self.counts, self.cards = rng, counts, []

    def draw(self):
        if not self.cards:
            self.cards = [value for value, count in self.counts.items() for _ in range(count)]
            self.rng.shuffle(self.cards)
        return self.cards.pop()


@dataclass(slots=True)
class Plan:
    """Who asks what and when, decided for every query before any is built (the texts come later)."""

    received_at: datetime
    country: Country
    requester: Member
    language: str
    channel: str
    family: str
    topic_codes: list
    service_type: str
    urgency: str
    needed_by: date | None
    texts: dict  # the ask's {language: (subject, question)}
    picked_topics: bool = False  # the requester ticked topics on the form
    withdrawn: bool = False
    hold: str = ""  # waiting at the demo's "now" on the requester ("awaiting"), a referral ("referred"),
    # the desk's answer past its due date ("stalled") or the desk's first reply past its due date ("late")
    duplicate_of: "Plan | None" = None
    reference: str = ""
    subject: str = ""  # kept only on queries that a duplicate repeats
    question: str = ""


class Planner:
    """Plans the year: how many queries, on which days and hours, from which countries and members, about what,
    which are withdrawn, held, late or sent twice."""

    def __init__(self, seeder):
        self.rng, self.now, self.scale = seeder.rng, seeder.now, seeder.context.scale
        self.total_base = QUERIES_PER_YEAR * self.scale
        self.latest = self.now - timedelta(minutes=1)  # the last moment a query may arrive
        self.countries, self.country_by_id = seeder.countries, seeder.country_by_id
        self.demo_member = seeder.demo_member

    def plans(self) -> tuple[list[Plan], list[Country]]:
        """Every query's plan in order of receipt (duplicates included), and the countries left without any."""
        own = self.demo_member.country_id if self.demo_member else None
        quiet = [country for country in self.countries if country.iso2 not in BUSY_COUNTRIES and country.pk != own]
        outreach = self.rng.sample(quiet, k=min(COUNTRIES_WITHOUT_QUERIES, len(quiet)))
        plans = self.year([country for country in self.countries if country not in outreach])
        self.withdraw_some(plans)
        now = self.now
        recent = [plan for plan in plans if now - timedelta(days=25) < plan.received_at
                  < now - timedelta(days=8) and not plan.withdrawn]
        older = [plan for plan in plans if plan.received_at <= now - timedelta(days=25) and not plan.withdrawn]
        self.give_the_demo_member(recent, older)
        self.hold_some(plans, recent)
        plans += self.duplicates(plans)
        plans.sort(key=lambda plan: plan.received_at)
        return plans, outreach

    def year(self, asking: list[Country]) -> list[Plan]:
        """A year of queries from the `asking` countries (the busy ones three times as often), on days and at
        hours weighted like the real helpdesk's, in exact shares of families and urgency."""
        rng = self.rng
        country_deck = Deck(rng, {country: 3 if country.iso2 in BUSY_COUNTRIES else 1 for country in asking})
        family_deck = Deck(rng, FAMILY_SHARE)
        urgency_deck = Deck(rng, {Urgency.URGENT: 1, Urgency.STANDARD: 9})
        self.pools = self.requester_pools()

        days = [self.now.date() - timedelta(days=k) for k in range(1, 366)]
        weights = [MONTH_WEIGHT[day.month] * WEEKDAY_WEIGHT[day.weekday()]
                   * (0.5 if (day.month, day.day) >= (12, 22) or (day.month, day.day) <= (1, 2) else 1.0)
                   for day in days]
        hours = list(range(6, 22))
        hour_weights = [1, 3, 6, 8, 8, 7, 5, 6, 7, 6, 5, 3, 2, 2, 1, 1]
        earliest = self.now - timedelta(days=365)
        plans = []
        for day in rng.choices(days, weights=weights, k=self.total_base):
            country = country_deck.draw()
            offset = REGION_UTC_OFFSET.get(country.region.code if country.region else "", 0)
            local = datetime.combine(day, time(rng.choices(hours, hour_weights)[0], rng.randrange(60),
                                               rng.randrange(60)), tzinfo=UTC)
            received = min(max(local - timedelta(hours=offset), earliest), self.latest)
            plans.append(self.plan_one(received, country, family_deck.draw(), urgency_deck.draw()))
        return plans

    def withdraw_some(self, plans: list[Plan]) -> None:
        """A handful withdrawn, all old enough to have been."""
        for plan in plans:
            if plan.received_at < self.now - timedelta(days=12) and self.rng.random() < 0.012:
                plan.withdrawn = True

    def give_the_demo_member(self, recent: list[Plan], older: list[Plan]) -> None:
        """The demo member's own queries: a few answered long ago, two still in the works."""
        member = self.demo_member
        if member and member.country_id in self.country_by_id:
            for plan in self.rng.sample(recent, k=min(2, len(recent))) + self.rng.sample(older, k=min(6, len(older))):
                plan.requester, plan.country = member, self.country_by_id[member.country_id]
                plan.language = member.preferred_language if member.preferred_language in plan.texts else "en"

    def hold_some(self, plans: list[Plan], recent: list[Plan]) -> None:
        """Some recent queries wait on the requester or on a referral (the queue shows every status), and a few
        are overdue: the answer or even the first reply is late."""
        rng, now = self.rng, self.now
        for index, plan in enumerate(rng.sample(recent, k=min(len(recent), 2 * self.scale))):
            plan.hold = ("awaiting", "referred")[index % 2]
        for hold, days, share in (("stalled", (18, 40), 2), ("late", (6, 12), 1)):
            pool = [plan for plan in plans if now - timedelta(days=days[1]) < plan.received_at
                    < now - timedelta(days=days[0]) and not plan.withdrawn and not plan.hold]
            for plan in rng.sample(pool, k=min(len(pool), share * self.scale)):
                plan.hold = hold

    def duplicates(self, plans: list[Plan]) -> list[Plan]:
        """The same question sent again by another channel, to be merged by an officer."""
        rng = self.rng
        candidates = [plan for plan in plans if not plan.withdrawn and plan.received_at < self.now - timedelta(days=4)]
        return [Plan(
            received_at=min(original.received_at + timedelta(hours=rng.uniform(2, 30)), self.latest),
            country=original.country, requester=original.requester, language=original.language,
            channel=Channel.WEB if original.channel != Channel.WEB else Channel.EMAIL, family=original.family,
            topic_codes=[], service_type=original.service_type, urgency=original.urgency,
            needed_by=original.needed_by, texts=original.texts, duplicate_of=original,
        ) for original in rng.sample(candidates, k=max(1, round(len(plans) * 0.004)))]

    def requester_pools(self) -> dict:
        """Approved members of the asking countries, by country, by region, and those of national and local
        organisations by country."""
        members = list(
            Member.objects.filter(groups__name=Role.MEMBER, approval=Approval.APPROVED, is_active=True,
                                  country__in=list(self.country_by_id))
            .exclude(pk=self.demo_member.pk if self.demo_member else None)
            .select_related("organisation")
            .only("pk", "email", "full_name", "position", "preferred_language", "date_joined", "country_id",
                  "organisation__name", "organisation__scope")
            .order_by("pk")
        )
        pools = {"country": {}, "local": {}, "region": {}, "all": members}
        for member in members:
            pools["country"].setdefault(member.country_id, []).append(member)
            pools["region"].setdefault(self.country_by_id[member.country_id].region_id, []).append(member)
            if member.organisation and member.organisation.scope in {"national", "local"}:
                pools["local"].setdefault(member.country_id, []).append(member)
        return pools

    def pick_requester(self, country, received) -> Member:
        rng = self.rng
        local = self.pools["local"].get(country.pk)
        pool = (local if local and rng.random() < NATIONAL_OR_LOCAL_SHARE else None) or \
            self.pools["country"].get(country.pk) or self.pools["region"].get(country.region_id) or self.pools["all"]
        member = rng.choice(pool)
        for _ in range(4):  # prefer someone who was already a member when the query came in
            if member.date_joined <= received:
                break
            member = rng.choice(pool)
        return member

    def plan_one(self, received, country, family, urgency) -> Plan:
        rng = self.rng
        requester = self.pick_requester(country, received)
        preferred = requester.preferred_language
        if country.iso2 == "MZ" and family in PORTUGUESE_FAMILIES and rng.random() < 0.45:
            language = "pt"
        elif rng.random() < 0.88:
            language = preferred
        else:
            others = [code for code in (country.languages or []) if code in LANGUAGES and code != preferred]
            language = rng.choice(others) if others else preferred
        family_asks = asks()[family]
        topic_code, hint, service_type, _weight, texts = rng.choices(
            family_asks, weights=[ask.weight for ask in family_asks])[0]
        if language not in texts:
            language = "en"
        codes = [topic_code]
        wanted = rng.choices((1, 2, 3), weights=(55, 35, 10))[0]
        if wanted > 1 and hint:
            codes.append(hint)
        related = [code for code in RELATED_TOPICS[family] if code not in codes]
        while len(codes) < wanted and related:
            code = related.pop(rng.randrange(len(related)))
            if code not in codes:
                codes.append(code)
        channel = rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
        needed_by = None
        if urgency == Urgency.URGENT:
            needed_by = received.date() + timedelta(days=rng.randint(2, 10))
        elif rng.random() < 0.08:
            needed_by = received.date() + timedelta(days=rng.randint(10, 40))
        return Plan(
            received_at=received, country=country, requester=requester, language=language, channel=channel,
            family=family, topic_codes=codes, service_type=service_type, urgency=urgency, needed_by=needed_by,
            texts=texts, picked_topics=channel in {Channel.WEB, Channel.API} and rng.random() < 0.6,
        )


def number(plans: list[Plan]) -> dict[int, int]:
    """CPH-<year>-<number> in order of receipt, after any number already given (as `next_reference`); the last
    number of each year."""
    years = sorted({plan.received_at.year for plan in plans})
    counters = {year: 0 for year in years}
    counters.update(dict(ReferenceCounter.objects.filter(year__in=years).values_list("year", "last")))
    for plan in plans:
        year = plan.received_at.year
        counters[year] += 1
        plan.reference = f"CPH-{year}-{counters[year]:04d}"
    return counters

"""Demo communities: the coordinators' forum, the CPIE coordination and IM group and one community per language
desk, a few hundred subscribers with mixed delivery modes, and a year of threads in four languages.

What people write lives in `communities/data/` (`communities.json` for the communities, `threads_<language>.json`
for the conversations and the small words around them); this module only combines it. Everything is drawn from a
random source seeded from the demo's seed and laid out before the as-of day, so the same seed, scale and day give
the same archive. Rows are written with `bulk_create` in chunks of threads, with the fields `submit_post` would
set (post counts and latest activity of published posts, Message-IDs, In-Reply-To and References chains), but
nothing goes through `delivery`: seeding never fills the outbox.
"""

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from functools import cache
from pathlib import Path

from django.conf import settings

from cphelpdesk.communities import indexing
from cphelpdesk.communities.models import Community, Post, Subscription, Thread
from cphelpdesk.directory.demo import NAMES, ascii_slug
from cphelpdesk.directory.models import Country, Desk, Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries.models import Query
from cphelpdesk.search import index as search_index

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr", "es", "ar")
THREADS = 300  # threads at scale 1, over the year before the as-of day
CHUNK = 2000  # threads built and written at a time (bounded memory at any scale)
BATCH = 2000
DELIVERY_MIX = {Subscription.Delivery.EACH_POST: 66, Subscription.Delivery.DAILY: 14,
                Subscription.Delivery.WEEKLY: 8, Subscription.Delivery.WEB_ONLY: 12}
# Why a demo post waits for a moderator (the reasons `submit_post` is given by the inbound checks).
HOLD_REASONS = [["non_subscriber"], ["non_subscriber"], ["too_large"], ["too_many_recipients"]]
REPLY_COUNTS = {0: 8, 1: 20, 2: 22, 3: 17, 4: 12, 5: 9, 6: 6, 7: 6}  # replies per thread: weights


@cache
def communities_data() -> list[dict]:
    """The demo's communities as `communities.json` describes them, in file order."""
    return json.loads((DATA / "communities.json").read_text(encoding="utf-8"))


@cache
def phrases(language: str) -> dict:
    """`threads_<language>.json`: the conversations (topic, subject, opening, replies) and the small words around
    them (greetings, closings, thanks, "me too" lines, quote attributions)."""
    return json.loads((DATA / f"threads_{language}.json").read_text(encoding="utf-8"))


@dataclass(slots=True)
class Person:
    """Who writes in the demo archive: a member, or an address an owner imported without an account."""

    name: str
    email: str
    language: str
    member: Member | None = None
    country: Country | None = None
    position: str = ""
    organisation: str = ""


@dataclass(slots=True)
class PlannedThread:
    """A thread before it is written: where, in which language, which conversation, who opens it and when."""

    community: Community
    language: str
    conversation: dict
    opener: Person
    started_at: datetime
    replies: int
    variant: int  # uses of this conversation before this one (later uses name the opener's country)
    query: Query | None = None
    held: list = field(default_factory=list)  # hold reasons of a last reply still waiting for a moderator


def seed(context) -> None:
    """Seed the communities, their subscribers and a year of threads (300 at scale 1)."""
    CommunitySeeder(context).run()


def country_name(country: Country, language: str) -> str:
    return (getattr(country, f"name_{language}", "") if language != "en" else "") or country.name


class CommunitySeeder:
    """Seeds the demo's communities for one `DemoContext`: `run()` once."""

    def __init__(self, context):
        # A random source of its own: adding communities does not move what the seeders after them draw.
        self.context, self.rng = context, random.Random(f"communities:{context.seed}:{context.scale}")
        self.now = datetime.combine(context.today, time(0), tzinfo=UTC)
        self.members = list(Member.objects.filter(approval="approved", is_active=True, groups__name=Role.MEMBER)
                            .distinct().select_related("country", "organisation").order_by("pk"))
        self.countries = list(Country.objects.with_active_group().order_by("iso2"))
        self.staff = context.shared.get("demo_staff", {})
        self.spec, self.subscribers, self.moderators = {}, {}, {}

    def run(self) -> None:
        communities = self.communities()
        for community in communities:
            self.subscribers[community.pk] = self.choose_subscribers(community)
        plans = self.plan_threads(communities)
        self.link_queries(plans)
        subscriptions = self.write_subscriptions(communities)
        counts = {"threads": 0, "posts": 0, "held": 0}
        writer = ThreadWriter(self)
        for start in range(0, len(plans), CHUNK):
            writer.write(plans[start:start + CHUNK], counts)
        writer.write_held_questions(communities, counts)
        # Digests start from now: the first digest after seeding does not send a year of the archive.
        last_post = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        Subscription.objects.filter(community__in=communities, delivery__in=[
            Subscription.Delivery.DAILY, Subscription.Delivery.WEEKLY]).update(
            digest_sent_up_to=last_post, last_digest_at=self.now)
        # Written in bulk, the posts missed the index that publishing keeps: the archive's search needs them.
        search_index.rebuild([indexing.KIND])
        self.context.report(
            f"  communities: {len(communities)} communities, {subscriptions:,} subscriptions, "
            f"{counts['threads']:,} threads, {counts['posts']:,} posts ({counts['held']} held)")

    # --- communities and subscribers ---

    def communities(self) -> list[Community]:
        """The communities of `communities.json`: their desk's officers moderate them, its lead owns them."""
        desks = {desk.code: desk for desk in Desk.objects.prefetch_related("officers").select_related("lead")}
        created = []
        for row in communities_data():
            desk = desks.get(row["desk"])
            community = Community.objects.create(
                slug=row["slug"], name=row["name"], description=row["description"], language=row["language"],
                desk=desk, visibility=row["visibility"], joining=row["joining"], posting=row["posting"],
                reply_to=row["reply_to"], subject_tag=row["subject_tag"],
                created_at=self.now - timedelta(days=row["age_days"]))
            moderators = sorted(desk.officers.all(), key=lambda m: m.pk) if desk else []
            moderators += self.logins(row.get("staff_moderators", []))
            owners = ([desk.lead] if desk and desk.lead else []) + self.logins(row.get("staff_owners", []))
            community.moderators.set(moderators)
            community.owners.set(owners)
            self.spec[community.pk] = row
            self.moderators[community.pk] = {m.pk: m for m in moderators + owners}
            created.append(community)
        return created

    def logins(self, roles: list[str]) -> list[Member]:
        """The demo logins of these roles (so that trying the demo shows a moderator's and a member's view)."""
        return [self.staff[Role(role)] for role in roles if Role(role) in self.staff]

    def person(self, member: Member) -> Person:
        return Person(name=member.full_name, email=member.email, member=member, country=member.country,
                      language=member.preferred_language or "en", position=member.position,
                      organisation=member.organisation.name if member.organisation else "")

    def choose_subscribers(self, community: Community) -> list[list]:
        """[person, delivery, status] for a community: its moderators and owners, a share of the members who read
        its language (everyone, for the global ones), and for the old listserv addresses imported without accounts."""
        row, rng = self.spec[community.pk], self.rng
        chosen = dict(self.moderators[community.pk])
        for member in self.logins(row.get("staff_subscribers", [])):
            chosen.setdefault(member.pk, member)
        candidates = [m for m in self.members if row["audience"] == "all" or m.preferred_language == row["language"]]
        for member in candidates:
            share = row["share"] * (2.5 if member.position in row.get("positions", []) else 1)
            if member.pk not in chosen and rng.random() < share:
                chosen[member.pk] = member
        people = [self.person(member) for member in sorted(chosen.values(), key=lambda m: m.pk)]
        for index in range(row.get("imported", 0) * self.context.scale):
            pool = NAMES[rng.choice(["en", "fr", "es", "ar", "asia", "europe"])]
            first, last = rng.choice(pool[0]), rng.choice(pool[1])
            people.append(Person(name=f"{first} {last}", language=community.language, country=rng.choice(
                self.countries), email=f"{ascii_slug(f'{first}.{last}')}.{index}@{rng.choice(row['imported_domains'])}"))
        result = []
        for person in people:
            delivery = rng.choices(list(DELIVERY_MIX), weights=list(DELIVERY_MIX.values()))[0]
            status, roll = Subscription.Status.ACTIVE, rng.random()
            if person.member is None or person.member.pk not in self.moderators[community.pk]:
                if roll < 0.025 and delivery != Subscription.Delivery.WEB_ONLY:
                    status = Subscription.Status.SUSPENDED  # mail to the address kept bouncing
                elif roll < 0.07 and community.joining == Community.Joining.APPROVAL:
                    status = Subscription.Status.PENDING_APPROVAL
            result.append([person, delivery, status])
        return result

    def active_people(self, community: Community) -> list[Person]:
        return [person for person, _delivery, status in self.subscribers[community.pk]
                if status == Subscription.Status.ACTIVE]

    def write_subscriptions(self, communities: list[Community]) -> int:
        rows, rng = [], self.rng
        for community in communities:
            for person, delivery, status in self.subscribers[community.pk]:
                since = max(community.created_at, self.now - timedelta(days=rng.randint(1, 1400)))
                if person.member is not None:
                    since = max(since, person.member.date_joined)
                item = Subscription(
                    community=community, member=person.member, delivery=delivery, status=status,
                    email="" if person.member else person.email, display_name="" if person.member else person.name,
                    token=f"{rng.getrandbits(64):016x}", subscribed_at=since)
                if status == Subscription.Status.SUSPENDED:
                    item.last_bounce_at = self.now - timedelta(days=rng.randint(3, 60), hours=rng.randint(0, 23))
                    item.suspended_at, item.bounce_score = item.last_bounce_at, community.bounce_threshold + 1
                elif rng.random() < 0.05:  # a soft bounce or two, not enough to stop delivery
                    item.bounce_score = float(rng.randint(1, 3))
                    item.last_bounce_at = self.now - timedelta(days=rng.randint(1, 30))
                rows.append(item)
        Subscription.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    # --- threads ---

    def plan_threads(self, communities: list[Community]) -> list[PlannedThread]:
        """Who opens which conversation in which community and when, in the order the threads were started."""
        rng, plans, decks, used = self.rng, [], {}, {}
        weights = [self.spec[community.pk]["thread_share"] for community in communities]
        for _ in range(THREADS * self.context.scale):
            community = rng.choices(communities, weights=weights)[0]
            mix = self.spec[community.pk]["languages"]
            language = rng.choices(list(mix), weights=list(mix.values()))[0]
            deck = decks.setdefault(language, [])
            if not deck:  # every conversation once before any comes back
                pool = phrases(language)["conversations"]
                deck.extend(rng.sample(pool, len(pool)))
            conversation = deck.pop()
            variant = used.get((language, conversation["subject"]), 0)
            used[(language, conversation["subject"])] = variant + 1
            people = self.active_people(community)
            speakers = [p for p in people if p.language == language] or people
            started = self.now - timedelta(days=rng.uniform(0.2, 365))
            started = min(started.replace(hour=rng.randint(5, 18), minute=rng.randint(0, 59), microsecond=0),
                          self.now - timedelta(hours=3))
            replies = rng.choices(list(REPLY_COUNTS), weights=list(REPLY_COUNTS.values()))[0]
            plan = PlannedThread(community=community, language=language, conversation=conversation,
                                 opener=rng.choice(speakers), started_at=started, replies=replies, variant=variant)
            if replies and rng.random() < 0.06:
                plan.held = rng.choice(HOLD_REASONS)
            plans.append(plan)
        return sorted(plans, key=lambda plan: plan.started_at)

    def link_queries(self, plans: list[PlannedThread]) -> None:
        """A couple of threads peers could not answer became queries: the query's requester had asked the community
        a day or two before, on the query's topic and in its language."""
        wanted, id_range = 2 * self.context.scale, self.context.shared.get("demo_queries", {}).get("id_range")
        for plan in self.rng.sample(plans, len(plans)):
            if wanted == 0:
                break
            if plan.query is not None or plan.held:
                continue
            candidates = Query.objects.filter(
                language=plan.language, requester__approval="approved",
                topics__code__startswith=plan.conversation["topic"].split(".")[0],
                received_at__range=(self.now - timedelta(days=340), self.now - timedelta(days=5)))
            if id_range:
                candidates = candidates.filter(pk__range=id_range)
            found = list(candidates.select_related("requester__country", "requester__organisation")
                         .order_by("pk").distinct()[:40])
            if not found:
                continue
            plan.query = self.rng.choice(found)
            plan.opener = self.person(plan.query.requester)
            plan.started_at = plan.query.received_at - timedelta(hours=self.rng.randint(20, 60))
            plan.replies = min(plan.replies, 1)  # a peer tried, then the helpdesk picked it up
            people = self.subscribers[plan.community.pk]
            for entry in people:
                if entry[0].member is not None and entry[0].member.pk == plan.query.requester_id:
                    entry[2] = Subscription.Status.ACTIVE
                    break
            else:
                people.append([plan.opener, Subscription.Delivery.EACH_POST, Subscription.Status.ACTIVE])
            wanted -= 1
        plans.sort(key=lambda plan: plan.started_at)


class ThreadWriter:
    """Writes planned threads from the conversation files: an opening with greeting, closing and signature; replies
    by other subscribers who read the thread's language, now and then quoting the post they answer; the opener's
    thanks at the end."""

    def __init__(self, seeder: CommunitySeeder):
        self.seeder, self.rng, self.now = seeder, seeder.rng, seeder.now
        self.lists_domain = settings.HELPDESK_LISTS_DOMAIN
        self.speakers = {}

    def speakers_of(self, community: Community, language: str) -> list[Person]:
        key = (community.pk, language)
        if key not in self.speakers:
            people = self.seeder.active_people(community)
            self.speakers[key] = [p for p in people if p.language == language] or people
        return self.speakers[key]

    def write(self, plans: list[PlannedThread], counts: dict) -> None:
        """Write a chunk of threads, then their posts round by round (a reply's parent is always written first)."""
        built = [self.build(plan) for plan in plans]
        Thread.objects.bulk_create([thread for thread, _posts in built], batch_size=BATCH)
        for position in range(max((len(posts) for _thread, posts in built), default=0)):
            batch = []
            for thread, posts in built:
                if position < len(posts):
                    post = posts[position]  # its parent went in with an earlier round: its id is known
                    post.thread_id, post.parent_id = thread.pk, post.parent.pk if post.parent else None
                    batch.append(post)
            Post.objects.bulk_create(batch, batch_size=BATCH)
        Followers = Thread.followers.through
        Followers.objects.bulk_create([Followers(thread_id=thread.pk, member_id=member_id)
                                       for thread, posts in built for member_id in self.followers(posts)],
                                      batch_size=BATCH)
        counts["threads"] += len(built)
        counts["posts"] += sum(len(posts) for _thread, posts in built)
        counts["held"] += sum(post.status == Post.Status.HELD for _thread, posts in built for post in posts)

    def followers(self, posts: list[Post]) -> list[int]:
        """Openers mostly follow their thread on the web; those who answered, now and then."""
        chosen = []
        for index, post in enumerate(posts):
            if post.author_id and post.author_id not in chosen and \
                    self.rng.random() < (0.7 if index == 0 else 0.15):
                chosen.append(post.author_id)
        return chosen

    def build(self, plan: PlannedThread) -> tuple[Thread, list[Post]]:
        """The thread and its posts in order, with post count and latest activity of its published posts."""
        rng, said, community = self.rng, phrases(plan.language), plan.community
        words = self.words(plan)
        subject = plan.conversation["subject"]
        if plan.variant:
            subject += f" ({words['country']})"
        opening = (f"{rng.choice(said['greetings'])}\n\n{plan.conversation['opening'].format(**words)}\n\n"
                   f"{rng.choice(said['closings'])}\n{self.signature(plan.opener)}")
        first = self.post(plan.opener, community, subject, opening, plan.started_at, parent=None)
        posts, at = [first], plan.started_at
        others = [p for p in self.speakers_of(community, plan.language) if p.email != plan.opener.email]
        answers = list(plan.conversation["replies"])
        for index in range(plan.replies):
            at += timedelta(minutes=20 + round(rng.expovariate(1 / 900)))
            if at >= self.now:
                break
            last = index == plan.replies - 1
            if last and index >= 1 and rng.random() < 0.45:
                author, text, parent = plan.opener, rng.choice(said["thanks"]), posts[-1]
            else:
                author = rng.choice(others or [plan.opener])
                # Peers' answers in their order; past them, others who ask the same for their own country.
                text = answers.pop(0) if answers else rng.choice(said["me_too"]).replace(
                    "{country}", country_name(author.country or self.rng.choice(self.seeder.countries),
                                              plan.language))
                parent = first if rng.random() < 0.6 else posts[-1]
            body = (f"{rng.choice(said['reply_greetings']).format(name=parent.author_name.split(' ')[0])}\n\n"
                    f"{text.format(**words)}\n\n{author.name.split(' ')[0]}")
            if rng.random() < 0.3:  # a mail client's quote of the post answered
                quoted = "\n".join(f"> {line}" for line in parent.body.splitlines()[:6])
                body += "\n\n" + said["quote"].format(date=parent.posted_at.strftime("%Y-%m-%d %H:%M"),
                                                       name=parent.author_name) + "\n" + quoted
            tag = f"[{community.subject_tag}] " if community.subject_tag and rng.random() < 0.7 else ""
            posts.append(self.post(author, community, f"Re: {tag}{subject}", body, at, parent=parent))
        if plan.held and len(posts) > 1:
            held = posts[-1]
            if plan.held == ["non_subscriber"]:  # someone who is not subscribed answered
                held.author, held.author_name, held.author_email, held.message_id = self.stranger_of(held)
            held.status, held.hold_reasons = Post.Status.HELD, list(plan.held)
        published = [post for post in posts if post.status == Post.Status.PUBLISHED]
        thread = Thread(community=community, subject=subject[:300], started_at=plan.started_at,
                        last_post_at=published[-1].posted_at, post_count=len(published), query=plan.query)
        return thread, posts

    def words(self, plan: PlannedThread) -> dict:
        """What the prose fills in: the opener's country and another one, in the thread's language."""
        country = plan.opener.country or self.rng.choice(self.seeder.countries)
        other = self.rng.choice([c for c in self.seeder.countries if c.pk != country.pk])
        return {"country": country_name(country, plan.language), "other": country_name(other, plan.language)}

    def signature(self, person: Person) -> str:
        detail = ", ".join(part for part in (person.position, person.organisation) if part)
        return f"{person.name}\n{detail}" if detail else person.name

    def post(self, author: Person, community: Community, subject: str, body: str, at: datetime, *, parent) -> Post:
        """A post as `submit_post` archives it: by email (its Message-ID from the poster's domain) or on the web."""
        rng = self.rng
        by_email = rng.random() < 0.75
        domain = author.email.rpartition("@")[2] if by_email else self.lists_domain
        references = " ".join(part for part in (parent.references, parent.message_id) if part)[-4000:] \
            if parent else ""
        return Post(
            community=community, parent=parent, uid=uuid.UUID(int=rng.getrandbits(128), version=4),
            message_id=f"{rng.getrandbits(96):024x}@{domain}", in_reply_to=parent.message_id if parent else "",
            references=references, author=author.member, author_name=author.name, author_email=author.email,
            subject=subject[:300], body=body, via=Post.Via.EMAIL if by_email else Post.Via.WEB, posted_at=at)

    def stranger(self, language: str) -> Person:
        """Someone who writes to the list without being subscribed (a partner's colleague, usually)."""
        pool = NAMES[self.rng.choice(["en", "fr", "es", "ar"])]
        first, last = self.rng.choice(pool[0]), self.rng.choice(pool[1])
        return Person(name=f"{first} {last}", language=language, country=self.rng.choice(self.seeder.countries),
                      email=f"{ascii_slug(f'{first}.{last}')}@partner{self.rng.randint(1, 40)}.example.org")

    def stranger_of(self, post: Post) -> tuple:
        stranger = self.stranger(post.community.language)
        first = stranger.name.split(" ")[0]
        post.body = post.body.rsplit("\n", 1)[0] + f"\n{first}"
        domain = stranger.email.rpartition("@")[2]
        return None, stranger.name, stranger.email, f"{self.rng.getrandbits(96):024x}@{domain}"

    def write_held_questions(self, communities: list[Community], counts: dict) -> None:
        """New questions from addresses that are not subscribed, waiting for a moderator (no thread yet)."""
        posts = []
        for index in range(3 * self.seeder.context.scale):
            community = communities[index % len(communities)]
            language = community.language
            conversation = self.rng.choice(phrases(language)["conversations"])
            stranger = self.stranger(language)
            words = {"country": country_name(stranger.country, language), "other": country_name(
                self.rng.choice(self.seeder.countries), language)}
            at = self.now - timedelta(hours=self.rng.randint(3, 70))
            body = f"{self.rng.choice(phrases(language)['greetings'])}\n\n" \
                   f"{conversation['opening'].format(**words)}\n\n{stranger.name}"
            post = self.post(stranger, community, conversation["subject"], body, at, parent=None)
            post.status, post.hold_reasons = Post.Status.HELD, ["non_subscriber"]
            posts.append(post)
        Post.objects.bulk_create(posts, batch_size=BATCH)
        counts["posts"] += len(posts)
        counts["held"] += len(posts)

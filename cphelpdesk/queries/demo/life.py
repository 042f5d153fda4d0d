"""Stage 2 of the demo: one query's life from receipt to the demo's "now", as the actions would have recorded it.

`QueryLife.live` runs the stages in order: intake, then (for a duplicate) the merge, or triage, assignment, the
first response (or the withdrawal), a clarification from the requester, a referral, the answer and the closing.
A stage returns False when the demo's "now" comes before the query gets further; `close_books` then sets the due
dates, pause and reminder as they stand at "now". Every random draw happens in this order, so the same seed
gives the same queries.
"""

from datetime import timedelta

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.queries import routing, timeline
from cphelpdesk.queries.demo.plans import Plan
from cphelpdesk.queries.demo.rows import Rows
from cphelpdesk.queries.demo.texts import phrases
from cphelpdesk.queries.models import (
    PAUSED_STATUSES,
    Assignment,
    Channel,
    Message,
    Outcome,
    Query,
    Referral,
    Status,
)
from cphelpdesk.queries.reminders import WARNING_WINDOW

# Share of each family's queries referred (about 10% of queries overall).
REFERRAL_RATE = {"COORD": 0.15, "IM": 0.15, "CPIMS": 0.15, "CPMS": 0.1, "AME": 0.1, "UASC": 0.1, "THEM": 0.1,
                 "XSECT": 0.12, "CAPB": 0.04, "HPC": 0.04, "XCUT": 0.04}


class QueryLife:
    """The rows of one query as it stands at the demo's "now"."""

    def __init__(self, seeder, plan: Plan):
        self.seeder, self.plan = seeder, plan
        self.rng, self.now, self.texts = seeder.rng, seeder.now, seeder.texts
        rng = self.rng
        self.desk = desk = seeder.desk_for(plan.language, plan.country)
        self.calendar = seeder.calendar(desk)
        self.per_day = self.calendar.minutes_per_day
        requester, received = plan.requester, plan.received_at
        if plan.duplicate_of is not None:
            subject, self.question_text = plan.duplicate_of.subject, plan.duplicate_of.question
        else:
            subject, self.question_text = self.texts.question(plan)
            if plan.reference in seeder.originals:
                plan.subject, plan.question = subject, self.question_text
        self.query = query = Query(
            reference=plan.reference, subject=subject, language=plan.language, country=plan.country,
            requester=requester, requester_name=requester.full_name, requester_email=requester.email,
            organisation=requester.organisation, desk=desk, channel=plan.channel, service_type=plan.service_type,
            urgency=plan.urgency, needed_by=plan.needed_by, received_at=received, status=Status.NEW,
            no_child_details_confirmed=plan.channel in {Channel.WEB, Channel.API},
        )
        query.sla_class = routing.sla_class_for(query)
        self.rows = Rows(query=query)
        self.topics = [seeder.topics[code] for code in plan.topic_codes if code in seeder.topics]
        officers = seeder.officers.get(desk.pk if desk else None) or seeder.all_officers
        self.lead = rng.choice(officers)
        self.chief = (desk.lead if desk and desk.lead_id else None) or self.lead
        # The SLA clock: when the query last changed, the pauses so far, the pause running now.
        self.changed, self.pauses, self.paused_at, self.alerted = received, [], None, False
        self.first_due = None

    # --- the rows and events of one query ---

    def event(self, at, kind, actor=None, label="", link=None, target=None, **data):
        item = timeline.event(None if target else self.query, kind, at=at, actor=actor, actor_label=label, **data)
        self.rows.events.append(item)
        if link is not None:
            self.rows.links.append((item, *link))
        if target is not None:
            self.rows.deferred.append((item, target))

    def message(self, at, kind, body, author=None, sensitivity=None):
        query = self.query
        item = Message(query=query, kind=kind, author=author, author_name=author.full_name if author else "",
                       body=body, created_at=at, sensitivity=query.sensitivity if sensitivity is None else sensitivity)
        self.rows.messages.append(item)
        return item

    def alert_focal_points(self, at) -> None:
        region = self.plan.country.region_id
        focal_points = self.seeder.focal_points
        if not self.alerted and routing.needs_focal_point(self.topics) and focal_points.get(region):
            self.event(at, "focal_points_alerted", count=len(focal_points[region]))
            self.alerted = True

    def pause(self, status, at) -> None:
        self.query.status, self.paused_at, self.changed = status, at, at

    def resume(self, at) -> None:
        self.pauses.append((self.paused_at, at))
        self.query.status, self.paused_at, self.changed = Status.IN_PROGRESS, None, at

    # --- the stages ---

    def live(self) -> Rows:
        self.intake()
        if self.plan.duplicate_of is not None:
            self.merge()
        else:
            for stage in (self.triage, self.assign, self.first_response, self.clarification, self.referral,
                          self.answer):
                if not stage():
                    break
        return self.close_books()

    def intake(self) -> None:
        """The question, the acknowledgement, any topics the requester ticked."""
        plan, query, rows, rng = self.plan, self.query, self.rows, self.rng
        requester, received = plan.requester, plan.received_at
        if plan.picked_topics:
            rows.topics = self.topics
        query.sensitivity = routing.default_sensitivity(rows.topics)
        self.message(received, Message.Kind.REQUESTER, self.question_text, author=requester)
        self.event(received, "submitted", actor=self.lead if plan.channel == Channel.STAFF else requester,
                   label=requester.full_name, channel=str(plan.channel), desk=self.desk.code if self.desk else None,
                   attachments=0)
        acknowledged = received + timedelta(seconds=rng.randint(20, 600))
        if acknowledged <= self.now:
            query.acknowledged_at = acknowledged
            self.event(acknowledged, "acknowledged")
        if plan.picked_topics:
            self.alert_focal_points(received)
        self.first_due = self.seeder.due(self.calendar, query.sla_class, "first_response", received)

    def merge(self) -> None:
        """A duplicate: merged into the original by the desk's lead."""
        plan, query = self.plan, self.query
        merged = self.calendar.add_working_minutes(plan.received_at, self.rng.uniform(20, 300))
        if merged <= self.now:
            query.status, query.closed_at = Status.MERGED, merged
            self.event(merged, "merged", actor=self.chief, into=plan.duplicate_of.reference)
            self.event(merged, "merged_from", actor=self.chief, target=plan.duplicate_of.reference,
                       duplicate=plan.reference)
            self.seeder.merges.append((query, plan.duplicate_of.reference))

    def triage(self) -> bool:
        """Triage; the newest queries may still wait for it, or for an assignment."""
        plan, query, rng, now = self.plan, self.query, self.rng, self.now
        age = now - plan.received_at
        if age < timedelta(days=3) and rng.random() < 0.6:
            return False
        triaged = self.calendar.add_working_minutes(plan.received_at, rng.uniform(5, 240))
        if triaged > now:
            return False
        changes = {}
        if not plan.picked_topics:
            self.rows.topics = self.topics
            changes["topics"] = sorted(topic.code for topic in self.topics)
        floor = routing.default_sensitivity(self.topics)
        if query.sensitivity < floor:
            query.sensitivity = changes["sensitivity"] = floor
        query.status = Status.TRIAGED
        self.event(triaged, "triaged", actor=self.chief, status=str(Status.TRIAGED), **changes)
        self.alert_focal_points(triaged)
        self.changed = self.triaged = triaged
        return not (age < timedelta(days=8) and rng.random() < 0.25)

    def assign(self) -> bool:
        """The lead, and for some queries (complex work most) an expert."""
        plan, query, rng, lead, seeder = self.plan, self.query, self.rng, self.lead, self.seeder
        triaged = self.triaged
        assigned = (triaged + timedelta(minutes=rng.uniform(1, 45)) if rng.random() < 0.7
                    else self.calendar.add_working_minutes(triaged, rng.uniform(60, 900)))
        if assigned > self.now:
            return False
        self.rows.assignments.append(Assignment(query=query, member=lead, role=Assignment.Role.LEAD,
                                                assigned_by=self.chief, assigned_at=assigned))
        self.event(assigned, "assigned", actor=self.chief, member=lead.pk, name=str(lead),
                   role=str(Assignment.Role.LEAD))
        query.status, self.changed = Status.IN_PROGRESS, assigned
        self.assigned = assigned
        complex_work = plan.service_type in {"research", "document_review"}
        if seeder.experts and rng.random() < (0.4 if complex_work else 0.12):
            weights = [3 if expert == seeder.demo_expert else 1 for expert in seeder.experts]
            expert = rng.choices(seeder.experts, weights=weights)[0]
            expert_at = self.calendar.add_working_minutes(assigned, rng.uniform(30, 600))
            if expert_at <= self.now:
                self.rows.assignments.append(Assignment(query=query, member=expert, role=Assignment.Role.EXPERT,
                                                        assigned_by=lead, assigned_at=expert_at))
                self.event(expert_at, "assigned", actor=lead, member=expert.pk, name=str(expert),
                           role=str(Assignment.Role.EXPERT))
        return True

    def first_response(self) -> bool:
        """The first reply: mostly within 1-3 working days (urgent: hours), a few late; before it, the SLA
        reminder and an internal note for some. Withdrawn queries stop here, after work began."""
        plan, query, rng, now, calendar, lead = self.plan, self.query, self.rng, self.now, self.calendar, self.lead
        received, assigned, first_due = plan.received_at, self.assigned, self.first_due
        roll = rng.random()
        if query.sla_class == "urgent":
            hours = (rng.uniform(0.5, 8) if roll < 0.6 else rng.uniform(8, 22) if roll < 0.92
                     else rng.uniform(25, 40))
            first = received + timedelta(hours=hours)
        else:
            spans = (((0.05, 1), (1, 2.7), (2.7, 3), (3.1, 6)) if query.sla_class == "standard"
                     else ((0.1, 2), (2, 5), (5, 10), (10.2, 13)))
            low, high = spans[0 if roll < 0.55 else 1 if roll < 0.88 else 2 if roll < 0.95 else 3]
            first = calendar.add_working_minutes(received, rng.uniform(low, high) * self.per_day)
        first = max(first, assigned + timedelta(minutes=rng.uniform(5, 90)))
        if plan.hold == "late":
            first = max(first, now + timedelta(hours=rng.uniform(2, 30)))
        # A handful withdrawn, all older than the withdrawal.
        withdrawn = (max(received + timedelta(days=rng.uniform(1, 10)), assigned + timedelta(minutes=30))
                     if plan.withdrawn else None)
        horizon = min(now, withdrawn or now)
        if first_due and first > first_due - WARNING_WINDOW:  # the reminder task would have fired
            reminded = max(received, first_due - WARNING_WINDOW)
            if reminded <= horizon:
                self.event(reminded, "sla_reminder", breached=reminded >= first_due)
                query.reminded_at = reminded
        if rng.random() < 0.12:
            noted = first - timedelta(minutes=rng.uniform(10, 120))
            if assigned < noted <= horizon:
                note = self.message(noted, Message.Kind.NOTE, rng.choice(self.texts.desk["internal_notes"]).format(
                    other=self.texts.other(plan)), author=lead, sensitivity=Sensitivity.CONFIDENTIAL)
                self.event(noted, "noted", actor=lead, link=("message", note), attachments=0)
        if withdrawn:
            self.withdraw(first, withdrawn)
            return False
        self.clarify = plan.hold == "awaiting" or (not plan.hold and rng.random() < 0.16)
        self.refer = plan.hold == "referred" or (
            not plan.hold and rng.random() < REFERRAL_RATE.get(plan.family, 0.05))
        self.single = not self.clarify and not self.refer and not plan.hold and rng.random() < (
            0.45 if plan.service_type in {"question", "tool_request"} else 0.15)
        if first > now:
            return False
        self.words = self.texts.words(plan, lead, self.desk)
        kind = "clarifications" if self.clarify else "answers" if self.single else "holding_replies"
        self.reply = self.message(first, Message.Kind.REPLY, self.texts.reply(kind, plan, **self.words), author=lead)
        self.event(first, "replied", actor=lead, link=("message", self.reply), attachments=0)
        query.first_response_at, query.reminded_at = first, None
        self.changed = self.first = self.base = first
        return True

    def clarification(self) -> bool:
        """A reply asking for more: the clock waits for the requester, who answers (or not yet)."""
        if not self.clarify:
            return True
        plan, rng, requester = self.plan, self.rng, self.plan.requester
        self.query.status, self.paused_at = Status.AWAITING_REQUESTER, self.first
        wait = (rng.uniform(25, 40) if plan.hold else rng.uniform(8, 30) if rng.random() < 0.15
                else rng.triangular(0.2, 8, 1.5))
        back = self.first + timedelta(days=wait)
        if back > self.now:
            return False
        follow_up = self.message(back, Message.Kind.REQUESTER, phrases("requester_phrases")["follow_ups"][
            plan.language].format(areas=rng.randint(2, 12), partners=rng.randint(5, 40), name=requester.full_name),
            author=requester)
        self.event(back, "requester_replied", actor=requester, link=("message", follow_up), attachments=0)
        self.resume(back)
        self.base = back
        return True

    def referral(self) -> bool:
        """Referral to a regional focal point, an Alliance working group or another cluster, mostly answered."""
        if not self.refer:
            return True
        plan, rng, calendar = self.plan, self.rng, self.calendar
        sent = calendar.add_working_minutes(self.base, rng.uniform(60, 600))
        if sent > self.now:
            return False
        referral = self.new_referral(sent)
        self.rows.referrals.append(referral)
        self.event(sent, "referred", actor=self.lead, link=("referral", referral),
                   destination=str(referral.destination), to=referral.recipient_name)
        self.pause(Status.REFERRED, sent)
        roll = 0.0 if plan.hold else rng.random()
        if roll < 0.88:
            back = calendar.add_working_minutes(
                sent, rng.uniform(25, 35) * self.per_day if plan.hold else rng.triangular(0.3, 6, 1.5) * self.per_day)
            if back > self.now:
                return False
            body = rng.choice(phrases("referrals")["answers"][referral.destination]).format(
                to=referral.recipient_name, country=plan.country.name, other=self.texts.other(plan))
            referral.status, referral.outcome, referral.answered_at = Referral.Status.ANSWERED, body, back
            note = self.message(back, Message.Kind.NOTE, body, author=referral.recipient,
                                sensitivity=Sensitivity.CONFIDENTIAL)
            note.author_name = referral.recipient_name
            self.event(back, "referral_answered", actor=referral.recipient, label=referral.recipient_name,
                       link=("referral", referral))
            self.resume(back)
            self.base = back
        else:  # no useful answer: the desk answers from its own sources (the query stays referred until then)
            if roll < 0.94:
                referral.status = Referral.Status.DECLINED
                referral.outcome = "Declined: outside the group's current workplan; the desk answers directly."
            self.base = calendar.add_working_minutes(sent, rng.uniform(2, 4) * self.per_day)
        return True

    def new_referral(self, sent) -> Referral:
        """Whom the query goes to: the region's focal point (coordination and IM), a cluster for cross-sector
        topics, else the family's working group."""
        plan, query, rng, seeder = self.plan, self.query, self.rng, self.seeder
        said, codes = phrases("referrals"), plan.topic_codes
        focal_points = seeder.focal_points.get(plan.country.region_id, [])
        cluster = next((said["clusters"][code] for code in codes if code in said["clusters"]), None)
        recipient = None
        if focal_points and (plan.family in {"COORD", "IM"} or (plan.family == "CPIMS" and rng.random() < 0.5)):
            destination, recipient = Referral.Destination.FOCAL_POINT, focal_points[0]
            name, email = recipient.full_name, recipient.email
        elif cluster and (plan.family == "XSECT" or cluster in {"GBV AoR", "PSEA Network"}):
            destination, name = Referral.Destination.CLUSTER, cluster
        else:
            destination = Referral.Destination.WORKING_GROUP
            name = said["working_groups"].get(plan.family, "Community-level Child Protection Task Force")
        if recipient is None:
            slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-").replace("--", "-")
            email = f"{slug}@alliance.{seeder.domain}"
        reason = rng.choice(said["reasons"][destination]).format(to=name, country=plan.country.name,
                                                                  other=self.texts.other(plan))
        return Referral(query=query, destination=destination, recipient_name=name, recipient_email=email,
                        recipient=recipient, reason=reason, status=Referral.Status.SENT, sent_by=self.lead,
                        sent_at=sent, due_at=seeder.due(self.calendar, query.sla_class, "referral", sent))

    def answer(self) -> bool:
        """The answer, full or partial (some revealing a gap), then closing after a quiet period."""
        plan, query, rng, now, calendar, lead = self.plan, self.query, self.rng, self.now, self.calendar, self.lead
        gaps, base = self.seeder.gap_register, self.base
        if self.single:
            answered = self.first + timedelta(minutes=rng.uniform(2, 30))
        else:
            low, high, mode = {"urgent": (0.1, 3, 0.8), "complex": (2, 14, 5)}.get(query.sla_class, (0.3, 6, 1.5))
            answered = calendar.add_working_minutes(base, rng.triangular(low, high, mode) * self.per_day)
            if plan.received_at > now - timedelta(days=45) and rng.random() < 0.10:  # stalled: late, still open
                answered = calendar.add_working_minutes(answered, rng.uniform(15, 30) * self.per_day)
            if plan.hold == "stalled":
                answered = max(answered, now + timedelta(days=rng.uniform(1, 10)))
        if answered > now:
            if rng.random() < 0.04:
                gaps.flag(plan, self.rows, lead, base + timedelta(minutes=rng.uniform(5, 240)), self.event)
            return False
        closed = answered + timedelta(days=rng.uniform(2, 20), minutes=rng.uniform(0, 600))
        final = Status.CLOSED if rng.random() < 0.82 and closed <= now else Status.ANSWERED
        gap = gaps.gap_deck[final].draw()
        partial = rng.random() < 0.3 if gap else gaps.partial_deck.draw()
        if gap:
            gaps.flag(plan, self.rows, lead, max(base, answered - timedelta(minutes=rng.uniform(5, 60))), self.event)
        self.words["partial"] = self.texts.reply("partial_lines", plan) if partial else ""
        if self.single:
            self.reply.body = self.texts.reply("answers", plan, **self.words)
        else:
            answer = self.message(answered, Message.Kind.REPLY, self.texts.reply("answers", plan, **self.words),
                                  author=lead)
            self.event(answered, "replied", actor=lead, link=("message", answer), attachments=0)
        outcome = Outcome.PARTIAL if partial else Outcome.FULL
        marked = answered + timedelta(seconds=rng.randint(5, 300))
        self.event(marked, "answered", actor=lead, outcome=str(outcome))
        query.status, query.outcome, query.answered_at = Status.ANSWERED, outcome, marked
        if self.paused_at is not None:  # answered while the referral was pending: that pause counts too
            self.pauses.append((self.paused_at, marked))
            self.paused_at = None
        if final == Status.CLOSED:
            self.event(closed, "closed", actor=lead)
            query.status, query.closed_at = Status.CLOSED, closed
        return True

    def withdraw(self, first, withdrawn) -> None:
        """The requester no longer needs an answer (never while paused, so due dates stay as they were)."""
        plan, query, lead = self.plan, self.query, self.lead
        if first < withdrawn:
            words = self.texts.words(plan, lead, query.desk)
            reply = self.message(first, Message.Kind.REPLY, self.texts.reply("holding_replies", plan, **words),
                                 author=lead)
            self.event(first, "replied", actor=lead, link=("message", reply), attachments=0)
            query.first_response_at, query.reminded_at = first, None
        self.event(withdrawn, "withdrawn", actor=plan.requester if self.rng.random() < 0.8 else lead)
        query.status, query.outcome, query.closed_at = Status.WITHDRAWN, Outcome.WITHDRAWN, withdrawn

    def close_books(self) -> Rows:
        """Due dates, pause and reminder as they stand at the demo's "now"."""
        query, calendar, seeder, first_due = self.query, self.calendar, self.seeder, self.first_due
        query.first_response_due = None if query.first_response_at else first_due
        if query.first_response_at and first_due:
            query.first_response_on_time = query.first_response_at <= first_due
        if query.answered_at:
            query.resolution_due = None
        else:
            due = seeder.due(calendar, query.sla_class, "resolution", query.received_at)
            for paused_from, resumed_at in self.pauses:
                due = seeder.shift(calendar, due, query.sla_class, "resolution", paused_from, resumed_at)
            query.resolution_due = due
        query.paused_at = self.paused_at if query.status in PAUSED_STATUSES else None
        if self.pauses:  # time already spent waiting, as `_set_status` adds it up (for dues recomputed later)
            query.paused_working_minutes = sum(calendar.working_minutes_between(*pause) for pause in self.pauses)
            query.paused_clock_seconds = sum((end - start).total_seconds() for start, end in self.pauses)
        if query.is_open and query.status not in PAUSED_STATUSES and query.reminded_at is None:
            dues = [due for due in (query.first_response_due, query.resolution_due) if due]
            if dues:
                soonest = min(dues)
                reminded = max(soonest - WARNING_WINDOW, self.changed)
                if reminded <= self.now:
                    query.reminded_at = reminded
                    self.event(reminded, "sla_reminder", breached=reminded >= soonest)
        return self.rows

"""`manage.py metrics --from 2025-01-01 --to 2025-12-31 [--desk CODE] [--json]`: the dashboard's headline figures."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cphelpdesk.directory.models import Desk
from cphelpdesk.insight import figures, selectors


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text}") from error


class Command(BaseCommand):
    help = "Print the insight headline figures for a period, as the dashboard shows them."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day (included), YYYY-MM-DD")
        parser.add_argument("--desk", help="a desk's code")
        parser.add_argument("--json", dest="as_json", action="store_true",
                            help="raw figures and the tiles' wording as JSON")

    def handle(self, *args, start, end, desk=None, as_json=False, **options):
        start, end = _date(start), _date(end)
        if start > end:
            raise CommandError("--to must be on or after --from.")
        filters = selectors.Filters()
        if desk:
            found = Desk.objects.filter(code=desk).first()
            if found is None:
                raise CommandError(f"No desk with the code {desk!r}.")
            filters = selectors.Filters(desk=found)
        headline = selectors.headline(start, end, filters)
        if as_json:
            payload = {**figures.as_json(headline), "learning": figures.learning_json(start, end, filters)}
            payload["communities"] = figures.communities_json(
                selectors.community_activity(start, end, filters), selectors.activity_per_region(start, end, filters),
                selectors.activity_per_country(start, end, filters))
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{start.isoformat()} to {end.isoformat()}" + (f", desk {desk}" if desk else ""))
        for tile in figures.tiles(headline):
            self.stdout.write(tile.text)
        if headline.top_topics:
            self.stdout.write("Top topics: " + "; ".join(f"{topic} {n}" for topic, n in headline.top_topics))
        if headline.outreach:
            self.stdout.write("Outreach: " + ", ".join(country.iso2 for country in headline.outreach))
        activity = selectors.community_activity(start, end, filters)
        self.stdout.write(f"Communities: {activity.posts} posts, {activity.threads} threads, "
                          f"{activity.answered_by_peers} answered by peers, {activity.turned_into_queries} turned "
                          f"into queries, {activity.active_communities} active communities")


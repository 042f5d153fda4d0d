"""Demo repository: 160 resources in five languages (the same corpus the search evaluation judges), and a year
of their use."""

import datetime
import json
from pathlib import Path

from django.utils import timezone

from cphelpdesk.directory.models import Country
from cphelpdesk.library.indexing import index
from cphelpdesk.library.models import Resource, ResourceUse
from cphelpdesk.taxonomy.models import Topic

CORPUS = Path(__file__).parent / "data" / "resources.jsonl"


def corpus() -> list[dict]:
    """The demo corpus, one dict per resource (`key` names it; `translation_of` names its original's key)."""
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def seed(context) -> None:
    """Published resources with their topics, countries and translations, indexed for search."""
    rows = corpus()
    topics = {topic.code: topic for topic in Topic.objects.all()}
    countries = {country.iso2: country for country in Country.objects.all()}
    now = timezone.now()
    by_key = {}
    for number, row in enumerate(rows):
        # Banked answers are for members; a few internal notes for staff; the rest is public.
        visibility = Resource.Visibility.MEMBERS if row["type"] == "qa" else (
            Resource.Visibility.STAFF if number % 40 == 39 else Resource.Visibility.PUBLIC)
        resource = Resource.objects.create(
            title=row["title"], summary=row["summary"], body=row["body"], type=row["type"],
            language=row["language"], source=row["source"], year=row["year"], visibility=visibility,
            status=Resource.Status.PUBLISHED,
            published_at=now - datetime.timedelta(days=context.rng.randint(1, 700)))
        resource.topics.set([topics[code] for code in row["topics"] if code in topics])
        resource.countries.set([countries[code] for code in row["countries"] if code in countries])
        by_key[row["key"]] = resource
    for row in rows:
        if row.get("translation_of") in by_key:
            Resource.objects.filter(pk=by_key[row["key"]].pk).update(translation_of=by_key[row["translation_of"]])
    for resource in Resource.objects.all():
        index(resource)
    context.shared["resources"] = by_key
    _use(context, list(by_key.values()))
    context.report(f"Repository: {len(rows)} resources in {len({row['language'] for row in rows})} languages.")


def _use(context, resources: list[Resource]) -> None:
    """A year of daily use counters, a few resources far more read than the rest (as in any repository)."""
    rows = []
    for rank, resource in enumerate(context.rng.sample(resources, len(resources)), start=1):
        since = max(context.today - datetime.timedelta(days=365), timezone.localdate(resource.published_at))
        days = (context.today - since).days
        if days < 0:  # published after the day the demo is laid out for
            continue
        for day in sorted(context.rng.sample(range(days + 1), min(days + 1, max(2, 120 // rank)))):
            views = context.rng.randint(1, max(1, 40 // rank))
            rows.append(ResourceUse(resource=resource, day=since + datetime.timedelta(days=day), views=views,
                                    downloads=context.rng.randint(0, views)))
    ResourceUse.objects.bulk_create(rows, batch_size=2000)

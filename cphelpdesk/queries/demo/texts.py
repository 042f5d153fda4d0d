"""What the demo's people write, read once from `queries/data/`: the asks (`asks.jsonl`, one a line, as the
library's corpus), how requesters write (`requester_phrases.json`), how the desk writes (`desk_phrases.json`),
referrals (`referrals.json`) and gaps in guidance (`gaps.json`). Texts are keyed by language; Portuguese only for
the families Mozambique's coordinators ask about most, other families fall back to English."""

import json
from functools import cache
from pathlib import Path
from typing import NamedTuple

from cphelpdesk.queries.models import Urgency

DATA = Path(__file__).resolve().parent.parent / "data"


class Ask(NamedTuple):
    """A kind of question: its topic (and a second one it often brings), service type, how often it is asked
    relative to the family's other asks, and {language: (subject, question)}."""

    topic: str
    extra_topic: str | None
    service_type: str
    weight: float
    texts: dict


@cache
def asks() -> dict[str, list[Ask]]:
    """The asks of each family of topics, in file order."""
    families: dict[str, list[Ask]] = {}
    with (DATA / "asks.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                families.setdefault(row.pop("family"), []).append(Ask(**row))
    return families


@cache
def phrases(name: str) -> dict:
    """One of the JSON files of `queries/data/` ("requester_phrases", "desk_phrases", "referrals", "gaps")."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


class Texts:
    """Writes the demo's questions and replies from the phrase files, drawing from the seeder's random source."""

    def __init__(self, rng, countries: list, by_region: dict, cities: dict):
        self.rng, self.countries, self.by_region, self.cities = rng, countries, by_region, cities
        self.requester, self.desk = phrases("requester_phrases"), phrases("desk_phrases")
        self.portuguese_names = self.requester["portuguese_country_names"]

    def country_name(self, country, language: str) -> str:
        if language == "pt":
            return self.portuguese_names.get(country.iso2, country.name)
        return (getattr(country, f"name_{language}", "") if language != "en" else "") or country.name

    def other(self, plan, language: str = "en") -> str:
        """Another country of the region, for "examples from ..." (never the query's own)."""
        options = [c for c in self.by_region.get(plan.country.region_id, []) if c.pk != plan.country.pk]
        if language == "pt":
            options = [c for c in self.countries if c.iso2 in self.portuguese_names and c.pk != plan.country.pk]
        return self.country_name(self.rng.choice(options or self.countries), language)

    def question(self, plan) -> tuple[str, str]:
        """The subject and the question as the requester writes them: greeting, introduction, the ask, a detail,
        the deadline when urgent, closing and signature."""
        rng, language, country, said = self.rng, plan.language, plan.country, self.requester
        subject, ask = plan.texts[language]
        name = self.country_name(country, language)
        place = name if language == "ar" else rng.choice(self.cities.get(country.iso2, [country.name]))
        roll = rng.random()
        if roll < 0.25:
            subject += said["subject_suffix"][language].format(place=place, country=name)
        elif roll < 0.35:
            subject += f" ({name})"
        requester = plan.requester
        organisation = requester.organisation.name if requester.organisation else ""
        body = rng.choice(said["intros"][language]).format(country=name, org=organisation or name)
        body += " " + ask.format(place=place) + rng.choice(said["details"][language]).format(place=place)
        if plan.urgency == Urgency.URGENT and plan.needed_by:
            body += said["urgent_lines"][language].format(date=plan.needed_by.isoformat())
        signature = requester.full_name + (f"\n{requester.position}, {organisation}" if requester.position else "")
        greeting = rng.choice(said["greetings"][language])  # drawn before the closing, as ever
        closing = rng.choice(said["closings"][language])
        return subject[:250], f"{greeting}\n\n{body}\n\n{closing}\n{signature}"

    def words(self, plan, lead, desk) -> dict:
        """What the desk's replies fill in: the requester's name, a resource, another country, the officer."""
        language = plan.language
        desk_name = ((getattr(desk, f"name_{language}", "") if language in {"fr", "es", "ar"} else "")
                     or desk.name) if desk else ""
        resources = self.desk["resources"][plan.family]
        return {"name": plan.requester.get_short_name(), "resource": resources.get(language, resources["en"]),
                "other": self.other(plan, language), "officer": lead.full_name, "desk": desk_name, "partial": ""}

    def reply(self, kind: str, plan, **words) -> str:
        """The desk's `kind` ("answers", "holding_replies", "clarifications", "partial_lines") in the query's
        language."""
        return self.desk[kind][plan.language].format(**words)

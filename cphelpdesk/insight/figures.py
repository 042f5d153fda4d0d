"""How insight shows its figures: the headline tiles and the data tables, worded as the service reports itself.

The dashboard, its CSV and XLSX downloads and `manage.py metrics` all print these, so that they always agree
(XLSX keeps the numbers behind the words: `core.exports.Formatted`).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cphelpdesk.core.exports import Formatted
from cphelpdesk.directory.models import Desk, Organisation, Region
from cphelpdesk.insight import selectors
from cphelpdesk.learning.models import Pathway
from cphelpdesk.queries.models import Channel, Gap, Referral, SLAClass

DASH = "—"


def number(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return DASH
    # Django cuts the decimals it does not show; XLSX gets the same number, so that both read alike.
    shown = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)
    return Formatted(number_format(value, decimal_pos=decimals, use_l10n=True),
                     float(shown) if decimals else int(shown), "0." + "0" * decimals if decimals else "0")


def percent(rate: float | None) -> str:
    """A rate as a percentage with at most one decimal: 94%, 8.5% (XLSX: the rate, as a percentage)."""
    if rate is None:
        return DASH
    value = round(rate * 100, 1)
    whole = value == int(value)
    return Formatted(_("%(value)s%%") % {"value": number(value, 0 if whole else 1)}, value / 100,
                     "0%" if whole else "0.0%")


def hours(value: float | None) -> str:
    if value is None:
        return DASH
    shown = number(value, 1)
    text = _("%(hours)s h") % {"hours": shown}
    # XLSX: the number of hours, followed (or preceded) by the translated unit as literal text.
    before, _number, after = (part.replace('"', "") for part in text.partition(shown))
    return Formatted(text, shown.number, (f'"{before}"' if before else "") + "0.0" + (f'"{after}"' if after else ""))


@dataclass(frozen=True)
class Tile:
    key: str
    text: str


def tiles(headline: selectors.Headline) -> list[Tile]:
    """The headline figures as sentences ("480 requests from 41 countries")."""
    requests = ngettext("%(count)s request", "%(count)s requests", headline.requests) % {
        "count": number(headline.requests)}
    countries = ngettext("%(count)s country", "%(count)s countries", headline.countries) % {
        "count": number(headline.countries)}
    timely = headline.overall_timeliness
    if headline.satisfaction is None:
        satisfaction = ngettext(
            "satisfaction not shown: fewer than %(min)s responses (%(count)s so far)",
            "satisfaction not shown: fewer than %(min)s responses (%(count)s so far)", headline.ratings,
        ) % {"min": selectors.MIN_RATINGS, "count": headline.ratings}
    else:
        satisfaction = ngettext(
            "satisfaction %(score)s/10 (%(count)s response)", "satisfaction %(score)s/10 (%(count)s responses)",
            headline.satisfaction.responses,
        ) % {"score": number(headline.satisfaction.overall, 1), "count": number(headline.satisfaction.responses)}
    return [
        Tile("requests", _("%(requests)s from %(countries)s") % {"requests": requests, "countries": countries}),
        Tile("full_responses", _("%(rate)s full responses") % {"rate": percent(headline.full_rate)}),
        Tile("gaps", _("%(rate)s revealing gaps") % {"rate": percent(headline.gap_rate)}),
        Tile("first_response", _("%(rate)s first responses on time, median %(median)s") % {
            "rate": percent(timely.on_time_rate), "median": hours(timely.median_hours)}),
        Tile("satisfaction", satisfaction),
        Tile("reach", _("%(rate)s from national and local organisations") % {"rate": percent(headline.reach)}),
    ]


@dataclass(frozen=True)
class Table:
    name: str
    caption: str
    header: list[str]
    rows: list[list]
    # The figures a chart draws, where the rows hold them as formatted text (hours, percentages): one series per
    # entry, label -> a value per row (None for no value).
    series: dict[str, list] = field(default_factory=dict)


# Learning uptake: the summary, then one table per grouping of `selectors.DIMENSIONS`, and drop-off by step.
LEARNING_TABLES = ("learning", "learning_pathway", "learning_region", "learning_desk",
                   "learning_organisation_type", "learning_steps")
TABLE_NAMES = ("headline", "timeliness", "satisfaction", "channels", "regions", "countries", "topics", "outreach",
               "map", "referrals", "reach", "members", "gaps", "resource_use", "published", "communities",
               "community_regions", "community_countries", *LEARNING_TABLES)
TABLE_TITLES = {
    "headline": gettext_lazy("Headline figures"),
    "timeliness": gettext_lazy("Time to first response by SLA class"),
    "satisfaction": gettext_lazy("Satisfaction"),
    "channels": gettext_lazy("Requests per month by channel"),
    "regions": gettext_lazy("Requests per region"),
    "countries": gettext_lazy("Requests per country"),
    "topics": gettext_lazy("Requests per topic"),
    "outreach": gettext_lazy("Countries with an active coordination group and no request in six months"),
    "map": gettext_lazy("Requests per country and countries to reach"),
    "referrals": gettext_lazy("Referrals by destination and outcome"),
    "reach": gettext_lazy("Requests from national and local organisations per month"),
    "members": gettext_lazy("New members by type of organisation"),
    "gaps": gettext_lazy("Gap register by status"),
    "resource_use": gettext_lazy("Most used resources"),
    "published": gettext_lazy("Resources published and answers banked per month"),
    "communities": gettext_lazy("Community activity"),
    "community_regions": gettext_lazy("Active communities by the posting members' region"),
    "community_countries": gettext_lazy("Active communities by the posting members' country"),
    "learning": gettext_lazy("Learning uptake"),
    "learning_pathway": gettext_lazy("Learning uptake by pathway"),
    "learning_region": gettext_lazy("Learning uptake by region"),
    "learning_desk": gettext_lazy("Learning uptake by desk"),
    "learning_organisation_type": gettext_lazy("Learning uptake by type of organisation"),
    "learning_steps": gettext_lazy("Learning drop-off by step"),
}


HEADLINE_TABLES = frozenset({"headline", "timeliness", "satisfaction", "outreach"})


def table(name: str, start: date, end: date, filters: selectors.Filters,
          headline: selectors.Headline | None = None) -> Table:
    """One of the dashboard's tables (`TABLE_NAMES`), its caption naming the period; those in
    `HEADLINE_TABLES` read the period's `headline`, computed here when not given."""
    caption = _("%(title)s, %(start)s to %(end)s") % {
        "title": TABLE_TITLES[name], "start": start.isoformat(), "end": end.isoformat()}
    if name in HEADLINE_TABLES and headline is None:
        headline = selectors.headline(start, end, filters)
    unknown = _("Unknown")
    if name in LEARNING_TABLES:
        return learning_table(name, caption, start, end, filters)
    if name == "headline":
        rows = [[tile.text] for tile in tiles(headline)]
        return Table(name, caption, [_("Figure")], rows)
    if name == "timeliness":
        labels = {"all": _("All classes"), **dict(SLAClass.choices)}
        rows = [[str(labels[t.sla_class]), t.responded, hours(t.median_hours), hours(t.p90_hours), t.on_time, t.late,
                 percent(t.on_time_rate)] for t in headline.timeliness]
        series = {_("Median (hours)"): [t.median_hours for t in headline.timeliness],
                  _("90th percentile (hours)"): [t.p90_hours for t in headline.timeliness],
                  _("On-time rate (%)"): [None if t.on_time_rate is None else round(t.on_time_rate * 100, 1)
                                         for t in headline.timeliness]}
        return Table(name, caption, [_("SLA class"), _("First responses"), _("Median"), _("90th percentile"),
                                     _("On time"), _("Late"), _("On-time rate")], rows, series)
    if name == "satisfaction":
        figures = headline.satisfaction
        if figures is None:
            rows = [[_("Responses"), headline.ratings]]
        else:
            rows = [[_("Appropriateness"), number(figures.appropriateness, 1)],
                    [_("Timeliness"), number(figures.timeliness, 1)],
                    [_("Quality"), number(figures.quality, 1)],
                    [_("Overall"), number(figures.overall, 1)],
                    [_("Responses"), figures.responses]]
        return Table(name, caption, [_("Dimension"), _("Mean score out of 10")], rows)
    if name == "channels":
        months = selectors.per_month_by_channel(start, end, filters)
        channels = [(value, str(label)) for value, label in Channel.choices]
        rows = [[month.strftime("%Y-%m"), *(counts.get(value, 0) for value, _label in channels), sum(counts.values())]
                for month, counts in months]
        return Table(name, caption, [_("Month"), *(label for _value, label in channels), _("Total")], rows)
    if name == "regions":
        rows = [[label or unknown, n] for label, n in selectors.per_region(start, end, filters)]
        return Table(name, caption, [_("Region"), _("Requests")], rows)
    if name == "countries":
        rows = [[label or unknown, n] for label, n in selectors.per_country(start, end, filters)]
        return Table(name, caption, [_("Country"), _("Requests")], rows)
    if name == "topics":
        rows = [[str(topic), n] for topic, n in selectors.top_topics(start, end, filters, limit=None)]
        return Table(name, caption, [_("Topic"), _("Requests")], rows)
    if name == "outreach":
        rows = [[str(country), str(country.region or unknown)] for country in headline.outreach]
        return Table(name, caption, [_("Country"), _("Region")], rows)
    if name == "map":
        found = selectors.country_map(start, end, filters, headline.outreach if headline else None)
        rows = [[str(row.country), row.country.iso2, row.requests, _("yes") if row.outreach else _("no")]
                for row in found]
        return Table(name, caption, [_("Country"), _("ISO code"), _("Requests"), _("To reach")], rows,
                     {_("Requests"): [row.requests or None for row in found],
                      _("To reach"): [1 if row.outreach else None for row in found]})
    if name == "referrals":
        counts = selectors.referrals(start, end, filters)
        statuses = Referral.Status.choices
        rows = [[str(label), *(counts.get(value, {}).get(status, 0) for status, _label in statuses),
                 sum(counts.get(value, {}).values())] for value, label in Referral.Destination.choices]
        return Table(name, caption, [_("Destination"), *(str(label) for _value, label in statuses), _("Total")],
                     rows)
    if name == "reach":
        months = selectors.reach_per_month(start, end, filters)
        rows = [[month.strftime("%Y-%m"), n, local, percent(local / n if n else None)] for month, n, local in months]
        return Table(name, caption, [_("Month"), _("Requests"), _("From national and local organisations"),
                                     _("Share")], rows,
                     {_("Share (%)"): [round(local / n * 100, 1) if n else None for _month, n, local in months]})
    if name == "members":
        types = dict(Organisation.Type.choices)
        rows = [[str(types.get(kind, unknown)), n] for kind, n in selectors.new_members(start, end, filters)]
        return Table(name, caption, [_("Type of organisation"), _("New members")], rows)
    if name == "gaps":
        labels = dict(Gap.Status.choices)
        rows = [[str(labels[row.status]), row.noted, row.total] for row in selectors.gap_register(start, end, filters)]
        return Table(name, caption, [_("Status"), _("Noted in the period"), _("In the register")], rows)
    if name == "resource_use":
        rows = [[row.resource.title, row.views, row.downloads]
                for row in selectors.resource_use(start, end, filters)]
        return Table(name, caption, [_("Resource"), _("Page views"), _("Downloads")], rows)
    if name == "published":
        rows = [[month.strftime("%Y-%m"), published, banked]
                for month, published, banked in selectors.published_per_month(start, end, filters)]
        return Table(name, caption, [_("Month"), _("Resources published"), _("Answers banked")], rows)
    if name == "communities":
        activity = selectors.community_activity(start, end, filters)
        rows = [[_("Posts"), number(activity.posts)], [_("Threads started"), number(activity.threads)],
                [_("Threads answered by peers"), number(activity.answered_by_peers)],
                [_("Share of threads answered by peers"), percent(activity.peer_answer_rate)],
                [_("Threads turned into queries"), number(activity.turned_into_queries)],
                [_("Active communities"), number(activity.active_communities)]]
        return Table(name, caption, [_("Figure"), _("Value")], rows)
    if name in ("community_regions", "community_countries"):
        places = (selectors.activity_per_region if name == "community_regions" else
                  selectors.activity_per_country)(start, end, filters)
        rows = [[row.place or unknown, row.communities, row.members, row.posts] for row in places]
        return Table(name, caption, [_("Region") if name == "community_regions" else _("Country"),
                                     _("Active communities"), _("Members who posted"), _("Posts")], rows)
    raise KeyError(name)


def communities_json(activity: selectors.CommunityActivity, regions: list, countries: list) -> dict:
    """Community activity for `manage.py metrics --json`."""
    def places(rows):
        return [{"place": row.place or None, "communities": row.communities, "members": row.members,
                 "posts": row.posts} for row in rows]

    return {"posts": activity.posts, "threads": activity.threads, "answered_by_peers": activity.answered_by_peers,
            "peer_answer_rate": activity.peer_answer_rate, "turned_into_queries": activity.turned_into_queries,
            "active_communities": activity.active_communities, "by_region": places(regions),
            "by_country": places(countries)}


def _days(value: float | None) -> str:
    return DASH if value is None else _("%(days)s days") % {"days": number(value, 1)}


def _group_names(dimension: str, keys: list) -> dict:
    """The names of the uptake table's groups (pathways, regions, desks, organisation types)."""
    if dimension == "organisation_type":
        return {key: str(label) for key, label in Organisation.Type.choices}
    model = {"pathway": Pathway, "region": Region, "desk": Desk}[dimension]
    return {pk: (row.title if dimension == "pathway" else row.localized_name)
            for pk, row in model.objects.in_bulk([key for key in keys if key is not None]).items()}


def learning_table(name: str, caption: str, start: date, end: date, filters: selectors.Filters) -> Table:
    """One of the learning uptake tables (`LEARNING_TABLES`)."""
    if name == "learning":
        summary = selectors.learning_summary(start, end, filters)
        rows = [[_("Enrolments"), summary.enrolments], [_("Completions"), summary.completions],
                [_("Withdrawals"), summary.withdrawals],
                [_("Median time to complete"), _days(summary.median_days)],
                [_("Certificates issued"), summary.certificates],
                [_("Learning recommended on queries"), summary.referrals]]
        return Table(name, caption, [_("Figure"), _("Value")], rows)
    if name == "learning_steps":
        rows = [[row.step.pathway.title, row.step.title, row.cohort, row.done, row.dropped,
                 percent(row.done / row.cohort if row.cohort else None)]
                for row in selectors.step_funnel(start, end, filters)]
        return Table(name, caption, [_("Pathway"), _("Step"), _("Enrolled in the period"), _("Did the step"),
                                     _("Stopped before it"), _("Share who did it")], rows)
    dimension = name.removeprefix("learning_")
    found = selectors.uptake_by(dimension, start, end, filters)
    names = _group_names(dimension, [row.key for row in found])
    rows = [[names.get(row.key) or _("Unknown"), row.enrolments, row.completions, row.withdrawals,
             _days(row.median_days)] for row in found]
    header = {"pathway": _("Pathway"), "region": _("Region"), "desk": _("Desk"),
              "organisation_type": _("Type of organisation")}[dimension]
    return Table(name, caption, [header, _("Enrolments"), _("Completions"), _("Withdrawals"),
                                 _("Median time to complete")], rows)


def learning_json(start: date, end: date, filters: selectors.Filters) -> dict:
    """The learning uptake figures for `manage.py metrics --json`."""
    summary = selectors.learning_summary(start, end, filters)

    def groups(dimension: str) -> list[dict]:
        found = selectors.uptake_by(dimension, start, end, filters)
        names = _group_names(dimension, [row.key for row in found])
        return [{"name": names.get(row.key) or None, "enrolments": row.enrolments, "completions": row.completions,
                 "withdrawals": row.withdrawals, "median_days_to_complete": row.median_days} for row in found]

    return {
        "enrolments": summary.enrolments, "completions": summary.completions, "withdrawals": summary.withdrawals,
        "median_days_to_complete": summary.median_days, "certificates": summary.certificates,
        "referrals": summary.referrals,
        **{f"by_{dimension}": groups(dimension) for dimension in selectors.DIMENSIONS},
        "steps": [{"pathway": row.step.pathway.title, "step": row.step.title, "enrolled": row.cohort,
                   "done": row.done, "dropped": row.dropped} for row in selectors.step_funnel(start, end, filters)],
    }


def as_json(headline: selectors.Headline) -> dict:
    """The raw figures and the tiles' wording, for `manage.py metrics --json`."""
    satisfaction = headline.satisfaction
    return {
        "period": {"from": headline.period_start.isoformat(), "to": headline.period_end.isoformat()},
        "requests": headline.requests,
        "countries": headline.countries,
        "closed": headline.closed,
        "full_responses": headline.full,
        "full_response_rate": headline.full_rate,
        "with_gaps": headline.with_gaps,
        "gap_rate": headline.gap_rate,
        "first_response": {t.sla_class: {"responded": t.responded, "median_hours": t.median_hours,
                                         "p90_hours": t.p90_hours, "on_time": t.on_time, "late": t.late,
                                         "on_time_rate": t.on_time_rate} for t in headline.timeliness},
        "satisfaction": None if satisfaction is None else {
            "responses": satisfaction.responses, "appropriateness": satisfaction.appropriateness,
            "timeliness": satisfaction.timeliness, "quality": satisfaction.quality, "overall": satisfaction.overall},
        "ratings": headline.ratings,
        "national_or_local": headline.national_or_local,
        "reach": headline.reach,
        "top_topics": [{"code": topic.code, "name": str(topic), "requests": n} for topic, n in headline.top_topics],
        "outreach": [country.iso2 for country in headline.outreach],
        "tiles": {tile.key: tile.text for tile in tiles(headline)},
    }

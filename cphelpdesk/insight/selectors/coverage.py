"""Where the helpdesk reaches: the outreach list (countries with an active coordination group and no recent
request) and the world map of requests."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from cphelpdesk.directory.models import Country, OutreachContact
from cphelpdesk.insight.selectors.filters import Filters
from cphelpdesk.insight.selectors.periods import months_before, period_bounds
from cphelpdesk.insight.selectors.volume import country_counts
from cphelpdesk.queries.models import Query

OUTREACH_MONTHS = 6


def outreach(period_end: date, filters: Filters | None = None) -> list[Country]:
    """Countries with an active national coordination group and no request in the six months to `period_end`."""
    filters = filters or Filters()
    _start, end = period_bounds(period_end, period_end)
    since = months_before(period_end, OUTREACH_MONTHS)
    recent = Query.objects.counted().filter(
        country=OuterRef("pk"), received_at__gte=period_bounds(since, since)[0], received_at__lt=end)
    countries = filters.apply_to_places(Country.objects.with_active_group(), "")
    return list(countries.filter(~Exists(recent)).select_related("region").order_by("name"))


@dataclass(frozen=True)
class MapRow:
    country: Country
    requests: int
    outreach: bool  # an active coordination group and no request in the six months to the period's end


def country_map(period_start: date, period_end: date, filters: Filters | None = None,
                outreach_countries: list[Country] | None = None) -> list[MapRow]:
    """The world map's countries: those with requests in the period (most first), then the outreach countries
    with none; `outreach_countries` is `outreach(period_end, filters)` when the caller already has it."""
    if outreach_countries is None:
        outreach_countries = outreach(period_end, filters)
    marked = {country.pk for country in outreach_countries}
    rows = [MapRow(country, n, country.pk in marked)
            for country, n in country_counts(period_start, period_end, filters) if country is not None]
    listed = {row.country.pk for row in rows}
    return rows + [MapRow(country, 0, True) for country in outreach_countries if country.pk not in listed]


@dataclass(frozen=True)
class OutreachRow:
    country: Country
    last_query: datetime | None
    last_contact: object  # the latest directory.OutreachContact, or None


def outreach_rows(today: date | None = None) -> list[OutreachRow]:
    """The outreach list as of `today` with, for each country, its last query and its last outreach contact."""
    countries = outreach(today or timezone.localdate())
    last_queries = dict(Query.objects.counted().filter(country__in=countries).values("country")
                        .annotate(last=Max("received_at")).values_list("country", "last"))
    contacts = {}
    for contact in OutreachContact.objects.filter(country__in=countries).select_related("by").order_by(
            "country", "-contacted_on", "-id"):
        contacts.setdefault(contact.country_id, contact)
    return [OutreachRow(country, last_queries.get(country.pk), contacts.get(country.pk)) for country in countries]

"""The dashboard's tables as export sheets: one table as CSV or XLSX, or the whole dashboard as one workbook."""

from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.exports import Sheet
from cphelpdesk.insight import figures

ALL = "all"
# Sheet names (Excel allows 31 characters); the file name carries the period.
SHEET_TITLES = {
    "headline": _("Headline"),
    "timeliness": _("First response"),
    "satisfaction": _("Satisfaction"),
    "channels": _("Channels"),
    "regions": _("Regions"),
    "countries": _("Countries"),
    "topics": _("Topics"),
    "outreach": _("Outreach"),
    "map": _("Map"),
    "referrals": _("Referrals"),
    "reach": _("Reach"),
    "members": _("New members"),
    "gaps": _("Gap register"),
    "resource_use": _("Repository use"),
    "published": _("Published"),
    "communities": _("Communities"),
    "community_regions": _("Communities by region"),
    "community_countries": _("Communities by country"),
    "learning": _("Learning"),
    "learning_pathway": _("Learning by pathway"),
    "learning_region": _("Learning by region"),
    "learning_desk": _("Learning by desk"),
    "learning_organisation_type": _("Learning by organisation"),
    "learning_steps": _("Learning drop-off"),
}


def table_names(name: str, *, workbook: bool) -> tuple[str, ...]:
    """The tables an export of `name` holds: one table, or every table for `all` in a workbook; () when
    there is no such export."""
    if name in figures.TABLE_NAMES:
        return (name,)
    return figures.TABLE_NAMES if workbook and name == ALL else ()


def sheets(tables: list[figures.Table]) -> list[Sheet]:
    """The tables as sheets, each under its short title."""
    return [Sheet(SHEET_TITLES[table.name], table.header, table.rows) for table in tables]

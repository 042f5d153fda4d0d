"""Reference places: every ISO 3166 country, the CP AoR regions and desks, and the countries with
coordination groups (from the project's own data files, first taken from shared/reference/).

The loaders take an app registry so that data migrations can run them against historical models.
They are idempotent: running them again updates the rows in place.
"""

import csv
import gettext
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(name: str) -> list[dict[str, str]]:
    """Rows of one of this app's data files."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _pycountry_names() -> dict[str, dict[str, str]]:
    """Names of every ISO country in English, French, Spanish and Arabic."""
    catalogs = {
        language: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for language in ("fr", "es", "ar")
    }
    names = {}
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        names[country.alpha_2] = {
            "iso3": country.alpha_3,
            "name": english,
            **{f"name_{lang}": catalog.gettext(country.name) for lang, catalog in catalogs.items()},
        }
    return names


def load_roles(apps) -> None:
    """One Django group per role (see roles.Role)."""
    from cphelpdesk.directory.roles import Role

    Group = apps.get_model("auth", "Group")
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def load_places(apps) -> None:
    """Create or update regions, desks, countries and one national group per CP country."""
    Region = apps.get_model("directory", "Region")
    Desk = apps.get_model("directory", "Desk")
    Country = apps.get_model("directory", "Country")
    CoordinationGroup = apps.get_model("directory", "CoordinationGroup")

    regions_by_name = {}
    for row in read_rows("regions.csv"):
        region, _ = Region.objects.update_or_create(code=row.pop("code"), defaults=row)
        regions_by_name[region.name] = region

    desks = {}
    for row in read_rows("desks.csv"):
        desks[row["code"]], _ = Desk.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"], "name_fr": row["name_fr"], "name_es": row["name_es"],
                "name_ar": row["name_ar"], "languages": row["languages"].split(";"),
                "is_global": row["is_global"] == "1", "time_zone": row["time_zone"],
                "working_days": [int(day) for day in row["working_days"].split(";")],
            },
        )

    names = _pycountry_names()
    translated = {row["iso2"]: row for row in read_rows("country_names.csv")}
    cp_countries = {row["iso2"]: row for row in read_rows("countries.csv")}
    for iso2, iso_names in names.items():
        defaults = dict(iso_names)
        row = cp_countries.get(iso2)
        if row:
            defaults.update(
                name=row["name"],
                iso3=row["iso3"],
                region=regions_by_name[row["region"]],
                languages=row["working_languages"].split(";"),
                desk=desks[row["desk"]],
                **{key: value for key, value in translated.get(iso2, {}).items() if key != "iso2"},
            )
        Country.objects.update_or_create(iso2=iso2, defaults=defaults)

    for country in Country.objects.filter(iso2__in=cp_countries):
        if not CoordinationGroup.objects.filter(country=country, level="national").exists():
            CoordinationGroup.objects.create(
                country=country, level="national", type="aor", is_active=True,
                name=f"Child Protection coordination group – {country.name}",
            )

"""Reference places: every ISO 3166 country, the CP AoR regions and desks, and the countries with
coordination groups (from the project's own data files, first taken from shared/reference/).

The loaders take an app registry so that data migrations can run them against historical models;
they create what is missing and fill empty fields, never overwriting an administrator's edits.
"""

import gettext
from pathlib import Path

import pycountry

from cphelpdesk.core.reference import create_or_fill, read_csv
from cphelpdesk.directory.roles import Role

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(name: str) -> list[dict[str, str]]:
    """Rows of one of this app's data files."""
    return read_csv(DATA_DIR / name)


def _iso_catalogs(languages: tuple[str, ...]) -> dict[str, gettext.NullTranslations]:
    """pycountry's translations of the ISO 3166 country names, by language."""
    return {language: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
            for language in languages}


def _pycountry_names() -> dict[str, dict[str, str]]:
    """Names of every ISO country in English, French, Spanish and Arabic."""
    catalogs = _iso_catalogs(("fr", "es", "ar"))
    names = {}
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        names[country.alpha_2] = {
            "iso3": country.alpha_3,
            "name": english,
            **{f"name_{lang}": catalog.gettext(country.name) for lang, catalog in catalogs.items()},
        }
    return names


def country_names() -> dict[str, list[str]]:
    """Every ISO country's names, by ISO 3166 alpha-2 code: its ISO name and common name in English, their French,
    Spanish, Arabic and Portuguese translations (pycountry), and the names of this project's own data files."""
    catalogs = _iso_catalogs(("fr", "es", "ar", "pt")).values()
    translated = {row["iso2"]: row for row in read_rows("country_names.csv")}
    cp_countries = {row["iso2"]: row for row in read_rows("countries.csv")}
    names = {}
    for country in pycountry.countries:
        found = [country.name, getattr(country, "common_name", "")]
        found += [catalog.gettext(country.name) for catalog in catalogs]
        found.append(cp_countries.get(country.alpha_2, {}).get("name", ""))
        found += [name for key, name in translated.get(country.alpha_2, {}).items() if key != "iso2"]
        names[country.alpha_2] = [name for name in dict.fromkeys(found) if name]
    return names


def load_roles(apps) -> None:
    """One Django group per role (see roles.Role)."""
    Group = apps.get_model("auth", "Group")
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def load_places(apps) -> None:
    """Regions, desks, countries and one national coordination group per CP country."""
    Region = apps.get_model("directory", "Region")
    Desk = apps.get_model("directory", "Desk")
    Country = apps.get_model("directory", "Country")
    CoordinationGroup = apps.get_model("directory", "CoordinationGroup")

    regions_by_name = {}
    for row in read_rows("regions.csv"):
        region = create_or_fill(Region, lookup={"code": row.pop("code")}, values=row)
        regions_by_name[region.name] = region

    desks = {}
    for row in read_rows("desks.csv"):
        desks[row["code"]] = create_or_fill(Desk, lookup={"code": row["code"]}, values={
            "name": row["name"], "name_fr": row["name_fr"], "name_es": row["name_es"], "name_ar": row["name_ar"],
            "languages": row["languages"].split(";"), "is_global": row["is_global"] == "1",
            "time_zone": row["time_zone"], "working_days": [int(day) for day in row["working_days"].split(";")],
        })

    names = _pycountry_names()
    translated = {row["iso2"]: row for row in read_rows("country_names.csv")}
    cp_countries = {row["iso2"]: row for row in read_rows("countries.csv")}
    for iso2, values in names.items():
        row = cp_countries.get(iso2)
        if row:
            values.update(
                name=row["name"], iso3=row["iso3"], region=regions_by_name[row["region"]],
                languages=row["working_languages"].split(";"), desk=desks[row["desk"]],
                **{key: value for key, value in translated.get(iso2, {}).items() if key != "iso2"},
            )
        country = create_or_fill(Country, lookup={"iso2": iso2}, values=values)
        if row and not CoordinationGroup.objects.filter(country=country, level="national").exists():
            CoordinationGroup.objects.create(
                country=country, level="national", type="aor", is_active=True,
                name=f"Child Protection coordination group – {country.name}",
            )

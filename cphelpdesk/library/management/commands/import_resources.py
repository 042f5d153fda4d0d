"""Load resources from a spreadsheet (CSV or XLSX), idempotently: a row with the title and source of an
existing resource updates it."""

import csv
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from openpyxl import load_workbook

from cphelpdesk.directory.models import Country, Member
from cphelpdesk.library import actions
from cphelpdesk.library.models import RESOURCE_LANGUAGES, Resource
from cphelpdesk.taxonomy.models import Topic

COLUMNS = ["title", "summary", "body", "type", "topics", "countries", "languages", "source", "year", "visibility",
           "file"]
LANGUAGES = {code for code, _name in RESOURCE_LANGUAGES}


class RowError(Exception):
    """A problem with one row, explained for the person who prepared the spreadsheet."""


class Command(BaseCommand):
    help = ("Import resources from FILE.csv or FILE.xlsx with the columns " + ", ".join(COLUMNS) +
            " (topics, countries and languages separated by ';'). Rows are published at once.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--files", help="Folder holding the files named in the 'file' column.")
        parser.add_argument("--as", dest="actor", help="Email of the member recorded as importing (audit).")

    def handle(self, *args, path, files, actor, **options):
        rows = read_rows(Path(path))
        member = Member.objects.with_email(actor).first() if actor else None
        if actor and member is None:
            raise CommandError(f"No member has the address {actor}.")
        counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        for number, row in rows:
            try:
                with transaction.atomic():
                    outcome, resource = import_row(row, files_dir=Path(files) if files else None, actor=member)
            except (RowError, ValidationError) as error:
                message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.stdout.write(f"row {number}: error: {message}")
                counts["failed"] += 1
                continue
            counts[outcome] += 1
            self.stdout.write(f"row {number}: {outcome} #{resource.pk} {resource.title[:60]}")
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} row(s) could not be imported; fix them and run again.")


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(row number as the spreadsheet shows it, {column: text}) for every non-empty row."""
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    if path.suffix.lower() == ".xlsx":
        try:
            sheet = load_workbook(path, read_only=True, data_only=True).active
            table = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as error:
            raise CommandError(f"{path} could not be read as an Excel workbook: {error}") from error
    elif path.suffix.lower() == ".csv":
        data = path.read_bytes()
        text = data.decode("utf-8-sig") if _is_utf8(data) else data.decode("cp1252", "replace")
        table = list(csv.reader(io.StringIO(text)))
    else:
        raise CommandError("Give a .csv or .xlsx file.")
    if not table:
        raise CommandError(f"{path} is empty.")
    header = [cell.strip().lower() for cell in table[0]]
    missing = [column for column in ("title",) if column not in header]
    unknown = [column for column in header if column and column not in COLUMNS]
    if missing or unknown:
        raise CommandError(f"Columns must be {', '.join(COLUMNS)}; missing: {missing or 'none'}, "
                           f"unknown: {unknown or 'none'}.")
    return [(number, {column: (cells[index] if index < len(cells) else "").strip()
                      for index, column in enumerate(header) if column})
            for number, cells in enumerate(table[1:], start=2) if any(cell.strip() for cell in cells)]


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _choice(value: str, choices, column: str, default: str) -> str:
    if not value:
        return default
    for code, label in choices:
        if value.lower() in {code.lower(), str(label).lower()}:
            return code
    raise RowError(f"{column} '{value}' is not one of {', '.join(code for code, _label in choices)}")


def _topics(values: list[str]) -> list[Topic]:
    found = []
    for value in values:
        topic = Topic.objects.filter(Q(code__iexact=value) | Q(name__iexact=value) | Q(name_fr__iexact=value) |
                                     Q(name_es__iexact=value) | Q(name_ar=value)).first()
        if topic is None:
            raise RowError(f"unknown topic '{value}' (give a topic code such as COORD.TOR, or its name)")
        found.append(topic)
    return found


def _countries(values: list[str]) -> list[Country]:
    found = []
    for value in values:
        country = Country.objects.filter(Q(iso2__iexact=value) | Q(iso3__iexact=value)).first()
        if country is None:
            raise RowError(f"unknown country code '{value}' (give ISO codes such as CD or COD)")
        found.append(country)
    return found


def import_row(row: dict, *, files_dir: Path | None, actor) -> tuple[str, Resource]:
    """Create or update one resource from a row; returns ("created"|"updated"|"unchanged", resource)."""
    title = " ".join(row.get("title", "").split())[:300]
    if not title:
        raise RowError("the title is empty")
    languages = _split(row.get("languages", "")) or ["en"]
    unknown = [language for language in languages if language.lower() not in LANGUAGES]
    if unknown:
        raise RowError(f"unknown language(s) {', '.join(unknown)} (use {', '.join(sorted(LANGUAGES))})")
    year = row.get("year", "")
    if year and not (year.isdigit() and 1950 <= int(year) <= timezone.now().year + 1):
        raise RowError(f"year '{year}' is not a year")
    fields = {
        "summary": row.get("summary", ""), "body": row.get("body", ""),
        "type": _choice(row.get("type", ""), Resource.Type.choices, "type", Resource.Type.OTHER),
        "visibility": _choice(row.get("visibility", ""), Resource.Visibility.choices, "visibility",
                              Resource.Visibility.PUBLIC),
        "language": languages[0].lower(), "also_in": [language.lower() for language in languages[1:]],
        "year": int(year) if year else None,
    }
    topics, countries = _topics(_split(row.get("topics", ""))), _countries(_split(row.get("countries", "")))
    upload = _file(row.get("file", ""), files_dir)
    return actions.import_resource(actor=actor, title=title, source=row.get("source", "")[:200], fields=fields,
                                   topics=topics, countries=countries, upload=upload)


def _file(name: str, files_dir: Path | None) -> ContentFile | None:
    if not name:
        return None
    if files_dir is None:
        raise RowError(f"the row names the file '{name}': give the folder with --files")
    path = (files_dir / name).resolve()
    if files_dir.resolve() not in path.parents or not path.is_file():
        raise RowError(f"file '{name}' is not in {files_dir}")
    return ContentFile(path.read_bytes(), name=path.name)


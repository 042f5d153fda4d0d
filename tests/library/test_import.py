"""manage.py import_resources: CSV and XLSX, idempotent on title and source, a clear report per row."""

import io

import pytest
from django.core.management import CommandError, call_command

from cphelpdesk.library.models import Resource
from cphelpdesk.search.engine import Scope, search

pytestmark = pytest.mark.django_db
HEADER = "title,summary,body,type,topics,countries,languages,source,year,visibility,file\n"
ROWS = (
    "Interim care checklist,For coordinators,Steps for interim care,tool,THEM.UASC;COORD.TOR,CD;COD,en,CP AoR,2024,"
    "public,checklist.txt\n"
    "Guide des ENA,Pour les coordinateurs,Prise en charge,guidance,Unaccompanied and separated children,ML,fr;en,"
    "Alliance,2023,members,\n"
)


def run(path, *args):
    out = io.StringIO()
    call_command("import_resources", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_csv_is_imported_published_searchable_and_idempotent(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "checklist.txt").write_text("Checklist for interim care panels")
    sheet = tmp_path / "resources.csv"
    sheet.write_text(HEADER + ROWS)
    report = run(sheet, "--files", str(tmp_path / "files"))
    assert "2 created" in report
    checklist = Resource.objects.get(title="Interim care checklist")
    assert checklist.status == "published" and checklist.type == "tool" and checklist.year == 2024
    assert {topic.code for topic in checklist.topics.all()} == {"THEM.UASC", "COORD.TOR"}
    assert [country.iso2 for country in checklist.countries.all()] == ["CD"]
    assert checklist.files.get().name == "checklist.txt"
    guide = Resource.objects.get(title="Guide des ENA")
    assert guide.language == "fr" and guide.also_in == ["en"] and guide.visibility == "members"
    assert [topic.code for topic in guide.topics.all()] == ["THEM.UASC"]  # a topic by its name
    assert search("UASC", scopes=[Scope(kind="resource", audiences=frozenset({"public", "members"}))]).total == 2
    again = run(sheet, "--files", str(tmp_path / "files"))
    assert "2 unchanged" in again and Resource.objects.count() == 2
    (tmp_path / "files" / "checklist.txt").write_text("Checklist, second edition")
    assert "1 updated" in run(sheet, "--files", str(tmp_path / "files"))
    assert checklist.files.count() == 2 and checklist.files.get(is_current=True).version == 2


def test_each_bad_row_is_reported_and_the_good_ones_imported(tmp_path):
    sheet = tmp_path / "resources.csv"
    sheet.write_text(HEADER + ",no title,,,,,,,,,\n"
                              "Bad topic,,,guidance,NOT.A.TOPIC,,en,X,2024,public,\n"
                              "Bad country,,,guidance,,ZZ,en,X,2024,public,\n"
                              "Bad year,,,guidance,,,en,X,last year,public,\n"
                              "Bad type,,,poem,,,en,X,2024,public,\n"
                              "Missing file,,,guidance,,,en,X,2024,public,nowhere.pdf\n"
                              "Good one,,,guidance,,,en,X,2024,public,\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="6 row"):
        call_command("import_resources", str(sheet), stdout=out)
    report = out.getvalue()
    for line in ("row 2: error: the title is empty", "row 3: error: unknown topic 'NOT.A.TOPIC'",
                 "row 4: error: unknown country code 'ZZ'", "row 5: error: year 'last year' is not a year",
                 "row 6: error: type 'poem' is not one of", "row 7: error: the row names the file 'nowhere.pdf'"):
        assert line in report
    assert list(Resource.objects.values_list("title", flat=True)) == ["Good one"]


def test_an_xlsx_workbook_is_read_too(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["Registro de NNA", "", "Formulario", "template", "", "CO", "es", "UNICEF", 2022, "public", ""])
    workbook.save(tmp_path / "resources.xlsx")
    assert "1 created" in run(tmp_path / "resources.xlsx")
    assert Resource.objects.get().language == "es"


def test_a_file_outside_the_folder_is_refused(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "secret.txt").write_text("x")
    sheet = tmp_path / "resources.csv"
    sheet.write_text(HEADER + "Sneaky,,,guidance,,,en,X,2024,public,../secret.txt\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_resources", str(sheet), "--files", str(tmp_path / "files"), stdout=out)
    assert "is not in" in out.getvalue()


def test_wrong_columns_are_explained(tmp_path):
    sheet = tmp_path / "resources.csv"
    sheet.write_text("name,text\nA,B\n")
    with pytest.raises(CommandError, match="Columns must be"):
        run(sheet)

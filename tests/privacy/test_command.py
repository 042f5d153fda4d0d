"""`manage.py scan_personal_data`: a file or standard input, plain lines or JSON."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

TEXT = "Amina, 14 years old, tel +243 81 234 5678\nwrite to amina.d@gmail.com\n"


def scan(*args, stdin=None) -> str:
    out = io.StringIO()
    call_command("scan_personal_data", *args, stdout=out, **({"stdin": stdin} if stdin else {}))
    return out.getvalue()


def test_plain_output_from_a_file_is_one_finding_a_line(tmp_path):
    path = tmp_path / "query.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert scan(str(path)).splitlines() == [
        "child_name_age\tAmina, 14 years old\t0-19",
        "phone\t+243 81 234 5678\t25-41",
        "email\tamina.d@gmail.com\t51-68",
    ]


def test_json_output_from_standard_input():
    findings = json.loads(scan("--json", "--lang", "en", stdin=io.StringIO(TEXT)))
    assert [(item["kind"], item["text"], item["start"], item["end"]) for item in findings] == [
        ("child_name_age", "Amina, 14 years old", 0, 19), ("phone", "+243 81 234 5678", 25, 41),
        ("email", "amina.d@gmail.com", 51, 68)]


def test_dash_reads_standard_input_and_line_breaks_stay_inside_one_line():
    output = scan("-", "--lang", "fr", stdin=io.StringIO("Coordonnées : 12.3714,\n-1.5197 ; rien d'autre."))
    assert output.splitlines() == ["gps\t12.3714, -1.5197\t14-30"]


def test_nothing_found_prints_nothing_or_an_empty_list():
    assert scan(stdin=io.StringIO("Standard 13, indicator 4.1, CPH-2026-00123.")) == ""
    assert json.loads(scan("--json", stdin=io.StringIO("USD 250,000 in 2025."))) == []


def test_an_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.txt"):
        scan(str(tmp_path / "missing.txt"))

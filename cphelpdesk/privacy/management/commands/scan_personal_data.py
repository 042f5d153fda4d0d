"""Print the personal data the detector finds in a file or standard input (to check texts and patterns)."""

import json as jsonlib
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cphelpdesk.detection.detector import LANGUAGES, find_personal_data


class Command(BaseCommand):
    help = ("Scan FILE (or standard input, also with -) for personal data and print one finding a line: "
            "kind<TAB>text<TAB>start-end; --json prints a JSON list instead.")
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="A UTF-8 text file (default: standard input).")
        parser.add_argument("--lang", choices=LANGUAGES, help="The text's language (default: try all five).")
        parser.add_argument("--json", action="store_true", help="Print a JSON list of {kind, text, start, end}.")

    def handle(self, *args, file, lang, json: bool, **options):
        if file == "-":
            text = (options.get("stdin") or sys.stdin).read()
        else:
            try:
                with open(file, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
            except OSError as error:
                raise CommandError(_("Cannot read %(file)s: %(reason)s") % {
                    "file": file, "reason": error.strerror or error}) from error
        findings = find_personal_data(text, lang)
        if json:
            self.stdout.write(_json_dump([{"kind": finding.kind, "text": finding.text, "start": finding.start,
                                           "end": finding.end, "confidence": finding.confidence}
                                          for finding in findings]))
            return
        for finding in findings:
            # One finding a line, whatever the text holds: tabs and line breaks inside it become spaces.
            shown = " ".join(finding.text.split())
            self.stdout.write(f"{finding.kind}\t{shown}\t{finding.start}-{finding.end}")


def _json_dump(value) -> str:
    return jsonlib.dumps(value, ensure_ascii=False, indent=2)

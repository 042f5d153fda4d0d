"""`manage.py export_queries --from D --to D --user EMAIL [--format csv|xlsx] [--with-content --reason TEXT]
--output FILE`: the queue's export of the queries received in a period, as that person may see them."""

import os
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from cphelpdesk.core.exports import FORMATS, Sheet, csv_lines, xlsx_bytes
from cphelpdesk.core.periods import period_bounds
from cphelpdesk.directory.models import Member
from cphelpdesk.queries import actions, exports, selectors
from cphelpdesk.queries.models import Status


class Command(BaseCommand):
    help = ("Export the queries received in a period (metadata; message content with --with-content and a "
            "reason, managers only), with the same scopes and audit entry as the queue's export.")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, type=date.fromisoformat,
                            help="first day received, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, type=date.fromisoformat,
                            help="last day received (included), YYYY-MM-DD")
        parser.add_argument("--user", required=True,
                            help="the officer's or manager's address: the export holds what they may see and "
                                 "the audit log names them")
        parser.add_argument("--format", dest="file_format", choices=FORMATS, default="csv")
        parser.add_argument("--with-content", action="store_true", help="add subjects and messages (managers)")
        parser.add_argument("--reason", default="", help="why the content is needed (required with it)")
        parser.add_argument("--output", required=True, type=Path, help="the file to write")

    def handle(self, *args, start, end, user, file_format, with_content, reason, output, **options):
        if start > end:
            raise CommandError("--to must be on or after --from.")
        member = Member.objects.with_email(user).filter(is_active=True).first()
        if member is None:
            raise CommandError(f"No active account with the address {user!r}.")
        since, until = period_bounds(start, end)
        filters = selectors.QueueFilters(statuses=list(Status.values), sort="oldest")
        queries = selectors.queries_for_export(member, filters, with_content=with_content).filter(
            received_at__gte=since, received_at__lt=until)
        if output.exists():
            raise CommandError(f"{output} exists; choose another --output.")
        limit = exports.xlsx_row_limit(with_content=with_content)
        if file_format == "xlsx" and (count := queries.count()) > limit:
            raise CommandError(f"{count} queries are more than an XLSX export holds ({limit}); use --format csv.")
        try:
            count = actions.record_export(
                actor=member, file_format=file_format, queries=queries, with_content=with_content, reason=reason,
                # Where the file is: erasing a query's content deletes the exports that hold it (queries.personal_data).
                filters={"from": start.isoformat(), "to": end.isoformat(), "via": "export_queries",
                         "output": str(output.resolve())})
        except PermissionDenied as error:
            what = "queries with their content" if with_content else "queries"
            raise CommandError(f"{user} may not export {what}.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        header = exports.header(with_content=with_content)
        rows = exports.rows(queries, with_content=with_content)
        # Readable by the exporting account only, and never over an existing file (O_EXCL: not even one
        # created since the check above).
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        if file_format == "csv":
            with open(descriptor, "w", encoding="utf-8", newline="") as out:
                out.writelines(csv_lines(header, rows))
        else:
            with open(descriptor, "wb") as out:
                out.write(xlsx_bytes([Sheet("Queries", header, rows)]))
        self.stdout.write(f"{count} queries written to {output}.")

"""Demo queries: a year of the helpdesk's work, shaped like the real service, built fast enough for 100k queries.

Everything comes from `context.rng` and `context.today`: the same seed, scale and as-of day give the same data.
Rows are built in memory and written with `bulk_create` in chunks (no per-query actions), but every field is
computed the way the actions would set it: references numbered per year as `actions.next_reference` does, the
desk from `routing.desk_for`, the SLA class from `routing.sla_class_for`, due dates on the desk's `WorkCalendar`
from the `SLATarget` rows, moved by pauses as `actions._set_status` moves them (`WorkCalendar.after_pause`). No
attachments (no files).

The modules, in the order the seeder uses them: `texts` (what people write, from the files in `queries/data/`),
`plans` (stage 1: who asks what and when), `gaps` (the gap register), `life` (stage 2: each query's life until
"now"), `rows` (what one query writes), `seeder` (the run, and writing each chunk).
"""

from cphelpdesk.queries.demo.seeder import QuerySeeder
from cphelpdesk.queries.indexing import KIND
from cphelpdesk.search.index import rebuild


def seed(context) -> None:
    """Seed a year of queries (480 at scale 1) with their messages, work, referrals, gaps and timelines, and
    index them for staff search (bulk-created rows bypass the actions that index them)."""
    QuerySeeder(context).run()
    rebuild([KIND])

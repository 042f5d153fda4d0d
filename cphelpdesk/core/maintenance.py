"""Database upkeep that the embedded SQLite default needs and PostgreSQL does by itself."""

from django.db import connection


def refresh_planner_statistics(*, full: bool = False) -> None:
    """Refresh SQLite's planner statistics: `PRAGMA optimize` normally, a full `ANALYZE` after bulk loads.

    Without statistics SQLite picks poor plans on the 100k-row queue (sorting every row). PostgreSQL's
    autovacuum keeps its own statistics, so nothing is done there.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if full else "PRAGMA optimize")

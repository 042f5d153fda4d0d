"""Run every benchmark on a fresh SQLite database (or DATABASE_URL when BENCH_DATABASE_URL is set).

`python -m bench` runs the foundation pages, then the queries benchmark (about 100k queries), the insight
dashboard at the same volume, the mail and
text-extraction benchmarks, the search benchmark and evaluation, and the personal-data detector's evaluation, each in
its own process with its own fresh database; `python -m bench NAME` runs only one (NAME: queries, insight,
mail, extraction, search [--docs N], search-quality, privacy, communities (the list's fan-out),
communities_archive, memory: the whole service in use for BENCH_MEMORY_MINUTES, default 5; issue #17's measure is
60). BENCH_QUERIES=0, BENCH_INSIGHT=0, BENCH_MAIL=0, BENCH_EXTRACTION=0, BENCH_SEARCH=0, BENCH_PRIVACY=0,
BENCH_COMMUNITIES=0 (both communities benchmarks) and BENCH_MEMORY=0 skip them.
"""

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUEUE = "/staff/queries/"
EVERY_STATUS = "&".join(f"status={status}" for status in (
    "new", "triaged", "in_progress", "awaiting_requester", "referred", "answered", "closed", "withdrawn", "merged"))


def setup_django(var_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cphelpdesk.settings")
    os.environ["VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{Path(var_dir) / 'bench.sqlite3'}")
    os.environ["HELPDESK_REQUIRE_STAFF_MFA"] = "false"
    os.environ["DEBUG"] = "false"
    os.environ["SECRET_KEY"] = "bench-" + "x" * 60
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["SECURE_COOKIES"] = "false"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def prepare(scale: int) -> float:
    """Migrate, collect static files and load the demo data at `scale`, its accounts having accepted the
    privacy notice and terms (as people do on their first visit) so that pages answer rather than ask.
    Returns the seconds the demo data took."""
    from django.conf import settings
    from django.core.management import call_command

    from cphelpdesk.directory.models import Member
    from cphelpdesk.site.management.commands.seed_demo import seed_demo

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    start = time.perf_counter()
    seed_demo(seed=1, scale=scale, report=lambda *_: None)
    Member.objects.update(terms_version=settings.HELPDESK_TERMS_VERSION)
    return time.perf_counter() - start


def measure(client, url: str, repeat: int, **headers) -> tuple[float, float]:
    """Median and 90th percentile server time in milliseconds for GET url."""
    client.get(url, **headers)  # warm caches and connections
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, **headers)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


def first_views(client, urls: list[str]) -> float:
    """Median milliseconds of one GET of each of `urls`, each asked for once (nothing remembered from before)."""
    samples = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url, HTTP_HX_REQUEST="true")
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main() -> int:
    scale = int(os.environ.get("BENCH_SCALE", "10"))
    repeat = int(os.environ.get("BENCH_REPEAT", "50"))
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client

        from cphelpdesk.directory.models import Member

        seconds = prepare(scale)
        print(f"seed_demo --scale {scale}: {Member.objects.count()} members in {seconds:.1f} s")
        client = Client()
        print(f"{'page':<34} {'median ms':>10} {'p90 ms':>8} {'load':>5}")
        for label, url in [("home (visitor)", "/"), ("glossary (visitor)", "/glossary/"), ("healthz", "/healthz")]:
            median, p90 = measure(client, url, repeat)
            print(f"{label:<34} {median:>10.1f} {p90:>8.1f} {os.getloadavg()[0]:>5.2f}")
        client.force_login(Member.objects.get(email="officer@demo.example.org"))
        officer_pages = [("staff home (officer)", "/staff/"), ("membership queue (officer)", "/staff/members/pending/"),
                         ("profile (officer)", "/profile/")]
        for label, url in officer_pages:
            median, p90 = measure(client, url, repeat)
            print(f"{label:<34} {median:>10.1f} {p90:>8.1f} {os.getloadavg()[0]:>5.2f}")
    sys.stdout.flush()
    status = 0
    if os.environ.get("BENCH_QUERIES", "1") != "0":
        # The query page must not grow with the number of queries: each size in a fresh database.
        for scale in os.environ.get("BENCH_QUERY_SCALES", "2,5,10,50,210").split(","):
            env = {**os.environ, "BENCH_QUERY_SCALE": scale.strip()}
            status = subprocess.call([sys.executable, "-m", "bench", "queries"], env=env) or status
    if os.environ.get("BENCH_INSIGHT", "1") != "0":
        status = subprocess.call([sys.executable, "-m", "bench", "insight"]) or status
    if os.environ.get("BENCH_MAIL", "1") != "0":
        status = subprocess.call([sys.executable, "-m", "bench", "mail"]) or status
    if os.environ.get("BENCH_EXTRACTION", "1") != "0":
        status = subprocess.call([sys.executable, "-m", "bench", "extraction"]) or status
    if os.environ.get("BENCH_SEARCH", "1") != "0":
        status = subprocess.call([sys.executable, "-m", "bench", "search"]) or status
        status = subprocess.call([sys.executable, "-m", "bench", "search-quality"]) or status
    if os.environ.get("BENCH_PRIVACY", "1") != "0":
        status = subprocess.call([sys.executable, "-m", "bench", "privacy"]) or status
    if os.environ.get("BENCH_COMMUNITIES", "1") != "0":
        status = subprocess.call([sys.executable, "-m", "bench", "communities"]) or status
        status = subprocess.call([sys.executable, "-m", "bench", "communities_archive"]) or status
    if os.environ.get("BENCH_MEMORY", "1") != "0":
        # BENCH_MEMORY_MINUTES defaults to 5 here; the measure (#17) is 60.
        status = subprocess.call([sys.executable, "-m", "bench", "memory"]) or status
    return status


# --- queries: the staff queue, a query page, "My queries" and the API list at about 100k queries ------------

def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, printed beside figures (a busy machine slows every one)."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def queries_main() -> int:
    """Seed about 100k queries (BENCH_QUERY_SCALE, default 210 x 480 a year) and time the pages that list them,
    and the query page (with its "like this" panel, found after the page) against the queue, for each role: the
    panel asked for again (its ranking remembered, as when staff come back after an action) and first seen (the
    panels of queries not yet opened in the run).

    BENCH_EXPLAIN=1 also prints, for each page, its slowest SQL statement and SQLite's plan for it;
    BENCH_ANALYZE=1 runs ANALYZE after seeding (planner statistics, which nothing in the project gathers yet).
    BENCH_QUERY_DATA=DIR keeps the seeded data in DIR and, on later runs, measures it again without seeding
    (at scale 210 the demo takes twenty minutes and more to seed; migrations still run).
    """
    scale = int(os.environ.get("BENCH_QUERY_SCALE", "210"))
    repeat = int(os.environ.get("BENCH_QUERY_REPEAT", os.environ.get("BENCH_REPEAT", "50")))
    explain = os.environ.get("BENCH_EXPLAIN", "") not in ("", "0")
    kept = os.environ.get("BENCH_QUERY_DATA", "")
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
    with contextlib.nullcontext(kept) if kept else tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command
        from django.test import Client

        from cphelpdesk.directory.models import Country, Member
        from cphelpdesk.queries.models import Query
        from cphelpdesk.taxonomy.models import Topic

        call_command("migrate", verbosity=0)
        if Query.objects.exists():
            print(f"\nthe demo data already in {var_dir} (not seeded again)")
        else:
            seconds = prepare(scale)
            print(f"\nseed_demo --scale {scale} in {seconds:.1f} s")
        print(f"{Query.objects.count():,} queries, {Member.objects.count():,} members "
              f"({Query.objects.open().count():,} open)")
        if os.environ.get("BENCH_ANALYZE", "") not in ("", "0"):
            from django.db import connection

            start = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(f"ANALYZE in {time.perf_counter() - start:.1f} s")

        country = Country.objects.get(iso2="CD")
        topic = Topic.objects.get(code="CAPB.TRAIN")
        detail = (Query.objects.filter(status="closed", referrals__isnull=False).order_by("-received_at").first()
                  or Query.objects.order_by("-received_at").first())
        officer = Member.objects.get(email="officer@demo.example.org")
        member = Member.objects.get(email="member@demo.example.org")
        pages = [
            ("queue, open (default)", QUEUE),
            ("queue, every status", f"{QUEUE}?{EVERY_STATUS}"),
            (f"queue, country {country.iso2}", f"{QUEUE}?country={country.pk}"),
            (f"queue, topic {topic.code}", f"{QUEUE}?topic={topic.pk}"),
            ("queue, search q=assessment", f"{QUEUE}?q=assessment"),
            ("queue, every status, q=assessment", f"{QUEUE}?{EVERY_STATUS}&q=assessment"),
            ("queue, every status, q=tracing", f"{QUEUE}?{EVERY_STATUS}&q=tracing"),
            ("queue, every status, q=Maroua", f"{QUEUE}?{EVERY_STATUS}&q=Maroua"),
            ("queue, overdue only", f"{QUEUE}?overdue=on"),
            ("queue, page 50", f"{QUEUE}?page=50"),
        ]
        client = Client()
        client.force_login(officer)
        print(f"load average {load_average()}")
        print(f"{'page (officer unless said)':<34} {'median ms':>10} {'p90 ms':>8} {'SQL':>5} {'load':>5}")
        for label, url in pages:
            report(client, label, url, repeat, explain)
        manager = Member.objects.get(email="manager@demo.example.org")
        # Each role's first views of the panels of queries nobody has opened in this run (their rankings are
        # not remembered yet), beside the same panel asked for again as staff do after each action.
        others = list(Query.objects.exclude(pk=detail.pk).order_by("-received_at")
                      .values_list("reference", flat=True)[:2 * repeat])
        for index, (role, person) in enumerate((("officer", officer), ("manager", manager))):
            # The query page grew with the square of the queries once: measure it beside the queue, per role.
            staff = Client()
            staff.force_login(person)
            queue_ms = report(staff, f"queue, open ({role})", QUEUE, repeat, explain)
            page_ms = report(staff, f"query page ({role})", f"/queries/{detail.reference}/", repeat, explain)
            like_ms = report(staff, f"  its \"like this\" panel again ({role})",
                             f"/queries/{detail.reference}/like-this/", repeat, explain, HTTP_HX_REQUEST="true")
            first_ms = first_views(staff, [f"/queries/{reference}/like-this/"
                                           for reference in others[index * repeat:(index + 1) * repeat]])
            print(f"{'  a panel first seen (' + role + ')':<34} {first_ms:>10.1f}")
            print(f"  query page / queue ({role}): {page_ms / queue_ms:.2f}x; with the panel: "
                  f"{(page_ms + like_ms) / queue_ms:.2f}x again, {(page_ms + first_ms) / queue_ms:.2f}x first seen")
        print(f"load average {load_average()}")
        member_client = Client()
        member_client.force_login(member)
        report(member_client, "my queries (member)", "/queries/mine/", repeat, explain)

        token = api_token(officer)
        if token is None:
            # The API (cphelpdesk/api/) is not in this build: its row stays empty until it is.
            print(f"{'API /api/queries':<34} {'(no API in this build)':>25}")
        else:
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
            for label, url in [("API list, open (default)", "/api/queries"),
                               ("API list, every status", f"/api/queries?{EVERY_STATUS}"),
                               (f"API list, country {country.iso2}", f"/api/queries?country={country.iso2}")]:
                report(Client(), label, url, repeat, explain, **headers)
    return 0


def api_token(member) -> str | None:
    """A Bearer token for `member` when the API is installed and answers, else None."""
    from django.apps import apps
    from django.test import Client

    if not apps.is_installed("cphelpdesk.api"):
        return None
    from cphelpdesk.api.actions import create_token

    _record, token = create_token(actor=member, name="bench")
    response = Client().get("/api/queries", HTTP_AUTHORIZATION=f"Bearer {token}")
    return token if response.status_code == 200 else None


def report(client, label: str, url: str, repeat: int, explain: bool, end: str = "\n", **headers) -> float:
    """Print the median, 90th percentile and SQL count of GET url, and the load average (1 minute) it was measured
    under; returns the median (ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    median, p90 = measure(client, url, repeat, **headers)
    with CaptureQueriesContext(connection) as captured:
        client.get(url, **headers)
    print(f"{label:<34} {median:>10.1f} {p90:>8.1f} {len(captured):>5} {os.getloadavg()[0]:>5.2f}", end=end)
    if explain and captured.captured_queries:
        slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
        print(f"    slowest SQL ({float(slowest['time']) * 1000:.1f} ms): {slowest['sql'][:600]}")
        if connection.vendor == "sqlite" and slowest["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {slowest['sql']}")
                for row in cursor.fetchall():
                    print(f"      {row[-1]}")
    return median


if __name__ == "__main__":
    if sys.argv[1:] == ["mail"]:
        from bench.mail import mail_main

        sys.exit(mail_main())
    if sys.argv[1:] == ["extraction"]:
        from bench.extraction import extraction_main

        sys.exit(extraction_main())
    if sys.argv[1:] == ["search-quality"]:
        from bench.search_quality import search_quality_main

        sys.exit(search_quality_main())
    if sys.argv[1:2] == ["search"]:
        from bench.search import search_main

        sys.exit(search_main(sys.argv[2:]))
    if sys.argv[1:] == ["insight"]:
        from bench.insight import insight_main

        sys.exit(insight_main())
    if sys.argv[1:] == ["communities"]:
        from bench.communities import communities_main

        sys.exit(communities_main())
    if sys.argv[1:] == ["privacy"]:
        from bench.privacy import privacy_main

        sys.exit(privacy_main())
    if sys.argv[1:] == ["memory"]:
        from bench.memory import memory_main

        sys.exit(memory_main())
    if sys.argv[1:] == ["communities_archive"]:
        from bench.communities_archive import communities_archive_main

        sys.exit(communities_archive_main())
    sys.exit(queries_main() if sys.argv[1:] == ["queries"] else main())

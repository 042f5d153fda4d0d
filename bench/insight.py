"""The insight dashboard at about 100k queries (`python -m bench insight`).

Seeds `seed_demo --scale 210` (BENCH_QUERY_SCALE) like the queries benchmark, then times GET /insight/ as the demo
manager for several periods and filters, two charts, one CSV table, the report page and its PDF
(BENCH_INSIGHT_REPEAT requests each after a warm-up, default 10): median and 90th percentile server time, and the
number of SQL statements. The tables are cached for five minutes, so those requests are warm; the "cold" column
is the median of the same number of requests with the cache emptied before each (the first visit to a period).
"""

import os
import tempfile
from datetime import timedelta


def insight_main() -> int:
    from bench.__main__ import prepare, report, setup_django

    scale = int(os.environ.get("BENCH_QUERY_SCALE", "210"))
    repeat = int(os.environ.get("BENCH_INSIGHT_REPEAT", "10"))
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client
        from django.utils import timezone

        from cphelpdesk.directory.models import Desk, Member, Region
        from cphelpdesk.insight.selectors import default_period
        from cphelpdesk.queries.models import Query

        seconds = prepare(scale)
        print(f"\nseed_demo --scale {scale}: {Query.objects.count():,} queries in {seconds:.1f} s")
        today = timezone.localdate()
        first, last = default_period(today)
        quarter = f"from={(today - timedelta(days=91)).isoformat()}&to={today.isoformat()}"
        month = f"from={(today - timedelta(days=30)).isoformat()}&to={today.isoformat()}"
        year = f"from={first.isoformat()}&to={last.isoformat()}"
        desk = Desk.objects.get(code="en")
        region = Region.objects.order_by("pk").first()
        pages = [
            ("insight, last 12 months (default)", "/insight/"),
            ("insight, last 3 months", f"/insight/?{quarter}"),
            ("insight, last 30 days", f"/insight/?{month}"),
            ("insight, 12 months, desk en", f"/insight/?{year}&desk={desk.pk}"),
            (f"insight, 12 months, region {region.code}"[:34], f"/insight/?{year}&region={region.pk}"),
            ("insight, 12 months, channel email", f"/insight/?{year}&channel=email"),
            ("chart per month by channel, 12 m", f"/insight/charts/channels.svg?{year}"),
            ("CSV per country, 12 months", f"/insight/?{year}&format=csv&table=countries"),
            ("chart world map, 12 months", f"/insight/charts/map.svg?{year}"),
            ("report page, 12 months", f"/insight/report/?{year}"),
            ("report PDF, 12 months", f"/insight/report/?{year}&format=pdf"),
        ]
        manager = Member.objects.get(email="manager@demo.example.org")
        client = Client()
        client.force_login(manager)
        print(f"{'page (manager)':<34} {'median ms':>10} {'p90 ms':>8} {'SQL':>5} {'load':>5} {'cold ms':>8}")
        for label, url in pages:
            report(client, label, url, repeat, False, end=" ")
            print(f"{_cold(client, url, repeat):>8.1f}")
    return 0


def _cold(client, url: str, repeat: int) -> float:
    """Median server time of GET url with the cache emptied before each request."""
    import statistics
    import time

    from django.core.cache import cache

    samples = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)

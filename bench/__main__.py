"""Run every benchmark on a fresh SQLite database (or DATABASE_URL when BENCH_DATABASE_URL is set)."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


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


def measure(client, url: str, repeat: int) -> tuple[float, float]:
    """Median and 90th percentile server time in milliseconds for GET url."""
    client.get(url)  # warm caches and connections
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


def main() -> int:
    scale = int(os.environ.get("BENCH_SCALE", "10"))
    repeat = int(os.environ.get("BENCH_REPEAT", "50"))
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command
        from django.test import Client

        from cphelpdesk.core.management.commands.seed_demo import seed_demo
        from cphelpdesk.directory.models import Member

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        start = time.perf_counter()
        seed_demo(seed=1, scale=scale, report=lambda *_: None)
        print(f"seed_demo --scale {scale}: {Member.objects.count()} members in {time.perf_counter() - start:.1f} s")
        client = Client()
        print(f"{'page':<34} {'median ms':>10} {'p90 ms':>8}")
        for label, url in [("home (visitor)", "/"), ("glossary (visitor)", "/glossary/"), ("healthz", "/healthz")]:
            median, p90 = measure(client, url, repeat)
            print(f"{label:<34} {median:>10.1f} {p90:>8.1f}")
        client.force_login(Member.objects.get(email="officer@demo.example.org"))
        officer_pages = [("staff home (officer)", "/staff/"), ("membership queue (officer)", "/staff/members/pending/"),
                         ("profile (officer)", "/profile/")]
        for label, url in officer_pages:
            median, p90 = measure(client, url, repeat)
            print(f"{label:<34} {median:>10.1f} {p90:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

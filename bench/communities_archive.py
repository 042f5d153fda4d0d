"""The communities' web archive at 100,000 posts (`python -m bench communities_archive`).

Builds, with bulk_create on a fresh SQLite database, one community of BENCH_ARCHIVE_POSTS posts (default 100,000)
in threads of 1 to 9 posts (about 20,000 threads, a few with attachments) plus one long thread of 200 posts, and
a second community of the same size beside it (the pages must not read the other's rows). Then times, as a
subscriber, the thread list (latest activity and by date, first page and a deep page), a thread page (typical and
the long one) and the communities index: median, 95th percentile and SQL statements of BENCH_ARCHIVE_REPEAT
requests (default 50) after one warm-up, and the median CPU time of the process per request. The issue's aim:
thread list and thread page under 40 ms median.
"""

import os
import random
import statistics
import tempfile
import time
from datetime import timedelta

POSTS = int(os.environ.get("BENCH_ARCHIVE_POSTS", "100000"))
REPEAT = int(os.environ.get("BENCH_ARCHIVE_REPEAT", "50"))
LONG_THREAD = 200
BATCH = 5000


def _measure(client, url: str, repeat: int) -> tuple[float, float, float, int]:
    """Median and 95th percentile server time (ms) of GET url, the median CPU time of this process (ms: on a
    machine shared with other work, the steadier figure) and its SQL statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url
    samples, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    samples.sort()
    return (statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)], statistics.median(cpu),
            len(captured))


def _build(community, posts: int, rng: random.Random) -> tuple[int, int]:
    """`posts` posts in threads of 1-9 posts over two years, and a long thread; returns (a typical thread's id,
    the long thread's id)."""
    from django.utils import timezone

    from cphelpdesk.communities.models import Post, PostAttachment, Thread

    now = timezone.now()
    sizes, total = [LONG_THREAD], LONG_THREAD
    while total < posts:
        size = min(rng.randint(1, 9), posts - total)
        sizes.append(size)
        total += size
    threads, plans = [], []
    for size in sizes:
        started = now - timedelta(minutes=rng.randint(60, 2 * 365 * 24 * 60))
        times = sorted(started + timedelta(minutes=rng.randint(0, 20_000)) for _ in range(size))
        times[0] = started
        threads.append(Thread(community=community, subject=f"Question {len(threads)} on case management forms",
                              started_at=started, last_post_at=times[-1], post_count=size))
        plans.append(times)
    Thread.objects.bulk_create(threads, batch_size=BATCH)
    threads = list(Thread.objects.filter(community=community).order_by("pk"))
    batch = []
    quoted = "\n\nOn Mon, 7 Dec 2026 at 10:00, A peer <peer@example.org> wrote:\n> " + "Earlier words. " * 20
    for thread, times in zip(threads, plans, strict=True):
        for number, moment in enumerate(times):
            batch.append(Post(community=community, thread=thread, message_id=f"{thread.pk}.{number}@bench",
                              author_name=f"Peer {rng.randint(1, 3000)}", author_email="peer@example.org",
                              subject=thread.subject if not number else f"Re: {thread.subject}",
                              body="We adapted the inter-agency forms for our context. " * rng.randint(2, 12)
                              + (quoted if number else ""), posted_at=moment, via=Post.Via.IMPORT))
        if len(batch) >= BATCH:
            Post.objects.bulk_create(batch)
            batch = []
    Post.objects.bulk_create(batch)
    attachments = [PostAttachment(post=post, file=f"communities/{community.pk}/bench{post.pk}",
                                  original_name="form.pdf", content_type="application/pdf", size=120_000,
                                  sha256="0" * 64)
                   for post in Post.objects.filter(community=community).order_by("?")[:2000]]
    PostAttachment.objects.bulk_create(attachments, batch_size=BATCH)
    typical = next(thread for thread, times in zip(threads, plans, strict=True) if len(times) == 5)
    return typical.pk, threads[0].pk


def communities_archive_main() -> int:
    from bench.__main__ import load_average, setup_django

    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from cphelpdesk.communities.models import Community, Post, Subscription, Thread
        from cphelpdesk.communities.selectors import _cursor
        from cphelpdesk.directory.models import Approval, Member

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        rng = random.Random(1)
        start = time.perf_counter()
        community = Community.objects.create(slug="coordinators", name="Coordinators' forum",
                                             visibility=Community.Visibility.MEMBERS)
        neighbour = Community.objects.create(slug="cpie", name="CPIE coordination and IM group")
        typical, long_thread = _build(community, POSTS, rng)
        _build(neighbour, POSTS, rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds = time.perf_counter() - start
        reader = Member.objects.create_user("reader@bench.example", "x" * 20, full_name="Reader",
                                            approval=Approval.APPROVED, terms_version=settings.HELPDESK_TERMS_VERSION)
        Subscription.objects.create(community=community, member=reader)
        print(f"\ncommunities archive: {Post.objects.filter(community=community).count():,} posts in "
              f"{Thread.objects.filter(community=community).count():,} threads (and as many in a second community), "
              f"built in {seconds:.1f} s; load average {load_average()}")
        client = Client()
        client.force_login(reader)
        base = f"/communities/{community.slug}"
        threads = Thread.objects.filter(community=community)
        deep = threads.order_by("-last_post_at", "-id")[threads.count() // 2]

        pages = [
            ("thread list, latest activity", f"{base}/"),
            ("thread list, by date", f"{base}/?order=started"),
            ("thread list, half-way down", f"{base}/?after={_cursor(deep.last_post_at, deep.pk)}"),
            ("thread page, 5 posts", f"{base}/threads/{typical}/"),
            (f"thread of {LONG_THREAD}, first page", f"{base}/threads/{long_thread}/"),
            ("communities index", "/communities/"),
        ]
        print(f"{'page (subscriber)':<34} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7} {'SQL':>5}")
        for label, url in pages:
            median, p95, cpu, statements = _measure(client, url, REPEAT)
            print(f"{label:<34} {median:>10.1f} {p95:>8.1f} {cpu:>7.1f} {statements:>5}")
        print(f"load average {load_average()}")
    return 0

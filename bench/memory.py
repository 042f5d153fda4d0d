"""Memory of the whole service after a while of use (`python -m bench memory`, issue #17).

The service runs as `make run` runs it: `manage.py serve` (a supervisor that forks gunicorn with
BENCH_MEMORY_WEB_WORKERS web workers, default 1, the task worker and the mail gateway from one loaded copy of the
application) on a fresh database with the demo data (BENCH_MEMORY_SCALE, default 10), outgoing mail going to an SMTP
sink on loopback that only counts it. For BENCH_MEMORY_MINUTES (default 5; the issue's measure is 60) this process
uses it as people do, over real HTTP at a modest steady rate (BENCH_MEMORY_RATE requests a second, default 3, so
that the machine is not loaded): officers, a manager, an expert and a member log in and visit the staff home, the
queue with filters and keyword searches, query pages and their "like this" panel, the repository's search in four
languages, resource pages and downloads, the insight dashboard, its charts and exports (CSV, XLSX, PDF), the
communities' archives and threads, the learning catalogue, pathways, a module PDF and a certificate PDF, member
pages and the API; a member submits a query by the web form now and then, and a mail reaches the gateway every
BENCH_MEMORY_MAIL_SECONDS (default 10), every third to a community's list.

At start and every minute it prints each process of the service's tree, its PSS and RSS (/proc/PID/smaps_rollup)
and the total, with the load average; at the end a table (at start, after the first minute, at the end, and the
growth), and every response that was not 2xx or 3xx (there should be none), with its URL.
"""

import os
import random
import re
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINUTES = float(os.environ.get("BENCH_MEMORY_MINUTES", "5"))
SCALE = int(os.environ.get("BENCH_MEMORY_SCALE", "10"))
RATE = float(os.environ.get("BENCH_MEMORY_RATE", "3"))
MAIL_SECONDS = float(os.environ.get("BENCH_MEMORY_MAIL_SECONDS", "10"))
# `serve`'s defaults: one web worker of four threads.
WEB_WORKERS = int(os.environ.get("BENCH_MEMORY_WEB_WORKERS", "1"))
WEB_THREADS = int(os.environ.get("BENCH_MEMORY_WEB_THREADS", "4"))
BENCH_MTA = "mx.bench.example"
ROOT = Path(__file__).resolve().parent.parent
SEARCHES = {"en": ["case management", "family tracing", "UASC", "assessment", "alternative care"],
            "fr": ["gestion de cas", "recherche familiale", "enfants non accompagnés", "évaluation"],
            "es": ["gestión de casos", "reunificación familiar", "niños no acompañados", "evaluación"],
            "ar": ["إدارة الحالات", "لم شمل الأسرة", "الأطفال غير المصحوبين", "تقييم"]}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- the service's processes and their memory ------------------------------------------------------------------

def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # it ended meanwhile
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    return children


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _name(pid: int) -> str:
    """The process's name (/proc/PID/comm): the supervisor names the children it forks (cph-web, cph-worker,
    cph-mail), whose command line is still its own."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def service_processes(root: int) -> list[tuple[str, int]]:
    """(label, pid) of `root` (the supervisor `serve` becomes) and every process below it, in a stable order."""
    children = _children()
    found = [("serve (supervisor)", root)]
    web = 0
    for pid in sorted(children.get(root, [])):
        command = {"cph-web": "gunicorn", "cph-worker": "worker", "cph-mail": "mail_gateway"}.get(_name(pid)) \
            or _command(pid)
        if "gunicorn" in command:
            found.append(("gunicorn master", pid))
            for number, worker in enumerate(sorted(children.get(pid, [])), start=1):
                web += 1
                found.append((f"web worker {number}", worker))
        elif "mail_gateway" in command:
            found.append(("mail gateway", pid))
        elif "worker" in command:
            found.append(("task worker", pid))
        else:
            found.append((command[:40] or "?", pid))
        # Anything below the worker or the gateway (a text extraction's child process) counts too, while it runs.
        if "gunicorn" not in command:
            found.extend((f"  child of {pid}", grandchild) for grandchild in children.get(pid, []))
    return found


def memory_of(pid: int) -> tuple[float, float]:
    """PSS and RSS in MB of a running process (0, 0 if it has ended)."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("Pss", "Rss"):
                values[key] = int(rest.split()[0]) / 1024
    except OSError:
        return 0.0, 0.0
    return values.get("Pss", 0.0), values.get("Rss", 0.0)


def snapshot(root: int) -> dict[str, tuple[int, float, float]]:
    """label -> (pid, PSS MB, RSS MB) for the service's processes now."""
    return {label: (pid, *memory_of(pid)) for label, pid in service_processes(root)}


def print_snapshot(title: str, sample: dict[str, tuple[int, float, float]]) -> None:
    from bench.__main__ import load_average

    print(f"\n{title} (load average {load_average()})")
    for label, (pid, pss, rss) in sample.items():
        print(f"  {label:<22} pid {pid:>7}  PSS {pss:7.1f} MB  RSS {rss:7.1f} MB")
    print(f"  {'total':<22} {'':>11}  PSS {sum(v[1] for v in sample.values()):7.1f} MB  "
          f"RSS {sum(v[2] for v in sample.values()):7.1f} MB", flush=True)


# --- the demo data the visitors need -----------------------------------------------------------------------------

def _fixtures() -> dict:
    """Ids and addresses from the demo data, read in this process before the service starts."""
    from django.db.models import Count

    from bench.__main__ import api_token
    from cphelpdesk.communities.models import Community, Subscription, Thread
    from cphelpdesk.directory.models import Country, Member
    from cphelpdesk.insight.charts import CHART_NAMES
    from cphelpdesk.learning.models import Certificate, Pathway, Step
    from cphelpdesk.library.models import Resource, ResourceFile
    from cphelpdesk.queries.models import Query
    from cphelpdesk.taxonomy.models import Topic

    officer = Member.objects.get(email="officer@demo.example.org")
    communities = list(Community.objects.filter(is_active=True).annotate(thread_count=Count("threads"))
                       .filter(thread_count__gt=0))
    open_communities = [c for c in communities if c.visibility != Community.Visibility.SUBSCRIBERS]
    list_senders = [(community.list_address, email) for community in open_communities
                    for email in Subscription.objects.filter(community=community, status="active")
                    .values_list("email", flat=True)[:5]]
    resources = list(Resource.objects.filter(status="published", visibility="public").values_list("pk", flat=True)
                     [:200])
    return {
        "queries": list(Query.objects.order_by("-received_at").values_list("reference", flat=True)[:300]),
        "countries": list(Country.objects.values_list("pk", flat=True)),
        "country_codes": list(Country.objects.values_list("iso2", flat=True)),
        "topics": list(Topic.objects.values_list("pk", flat=True)[:40]),
        "members": list(Member.objects.filter(is_active=True).values_list("pk", flat=True)[:300]),
        "member_emails": list(Member.objects.filter(groups__name="member", is_active=True)
                              .values_list("email", flat=True)[:100]),
        "resources": resources,
        "files": list(ResourceFile.objects.filter(resource__in=resources, is_current=True)
                      .values_list("resource_id", "pk")[:100]),
        "threads": [(community.slug, thread) for community in open_communities
                    for thread in Thread.objects.filter(community=community).values_list("pk", flat=True)[:40]],
        "communities": [community.slug for community in open_communities],
        "list_senders": list_senders,
        "pathways": list(Pathway.objects.filter(is_published=True).values_list("slug", flat=True)),
        "steps": list(Step.objects.filter(kind=Step.Kind.MODULE, pathway__is_published=True)
                      .values_list("pathway__slug", "pk")[:40]),
        "certificates": list(Certificate.objects.filter(revoked_at__isnull=True).values_list("code", flat=True)[:50]),
        "charts": list(CHART_NAMES),
        "token": api_token(officer),
        "member_country": Member.objects.get(email="member@demo.example.org").country_id,
    }


# --- the visitors ------------------------------------------------------------------------------------------------

class Visitor:
    """One person's browser: a cookie jar, logged in over the real login form."""

    def __init__(self, base: str, email: str, errors: list):
        import requests

        self.base, self.email, self.errors = base, email, errors
        self.session = requests.Session()
        self.requests = 0
        page = self.get("/accounts/login/")
        response = self.session.post(f"{base}/accounts/login/", allow_redirects=False, timeout=120, data={
            "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1), "login": email,
            "password": "cp-helpdesk-demo"})
        if response.status_code != 302:
            raise RuntimeError(f"{email} could not log in ({response.status_code})")

    def get(self, path: str, **headers) -> str:
        return self._check("GET", path, self.session.get(f"{self.base}{path}", headers=headers, timeout=300))

    def post(self, path: str, data: dict, form: str | None = None) -> str:
        """POST `data` to `path` with the CSRF token of the page at `form` (default: `path` itself)."""
        page = self.get(form or path)
        token = CSRF_INPUT.search(page)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else self.session.cookies.get("csrftoken")}
        return self._check("POST", path, self.session.post(f"{self.base}{path}", data=data, timeout=300,
                                                           headers={"Referer": f"{self.base}{form or path}"}))

    def _check(self, method: str, path: str, response) -> str:
        self.requests += 1
        if response.status_code >= 400:
            self.errors.append((response.status_code, method, path, self.email))
            # A form's errors say why a 400 was one.
            reasons = re.findall(r'class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', response.text, re.DOTALL)
            print(f"  ! {response.status_code} {method} {path} ({self.email}) {' '.join(reasons)[:200]}", flush=True)
        return response.text if "text" in response.headers.get("Content-Type", "") else ""


def _actions(fixtures: dict, visitors: dict) -> list[tuple[int, object]]:
    """(weight, action) pairs: what people do, roughly as often as they do it."""
    pick = random.choice
    officer, manager, expert, member = (visitors[role] for role in ("officer", "manager", "expert", "member"))
    staff = [officer, manager]

    def language() -> tuple[str, str]:
        code = pick(list(SEARCHES))
        return code, pick(SEARCHES[code])

    def queue():
        filters = pick(["", "?status=new&status=triaged", f"?country={pick(fixtures['countries'])}",
                        f"?topic={pick(fixtures['topics'])}", "?overdue=on", "?page=3",
                        f"?q={pick(SEARCHES['en'])}", f"?q={pick(SEARCHES['fr'])}&status=closed"])
        pick(staff).get(f"/staff/queries/{filters}")

    def query_page():
        reference = pick(fixtures["queries"])
        visitor = pick(staff)
        visitor.get(f"/queries/{reference}/")
        visitor.get(f"/queries/{reference}/like-this/", **{"HX-Request": "true"})

    def repository():
        code, words = language()
        visitor = pick([officer, expert, member])
        visitor.get(f"/resources/?q={words}", **{"Accept-Language": code})
        if visitor is not member:
            visitor.get(f"/staff/search/?q={words}", **{"Accept-Language": code})

    def resource():
        visitor = pick([officer, expert, member])
        visitor.get(f"/resources/{pick(fixtures['resources'])}/")
        if fixtures["files"] and random.random() < 0.3:
            resource_id, file_id = pick(fixtures["files"])
            visitor.get(f"/resources/{resource_id}/files/{file_id}/")

    def insight():
        visitor = manager  # officers have no dashboard
        choice = random.random()
        if choice < 0.5:
            visitor.get("/insight/")
            visitor.get(f"/insight/charts/{pick(fixtures['charts'])}.svg")
        elif choice < 0.7:
            visitor.get(f"/insight/?format={pick(['csv', 'xlsx'])}")
        elif choice < 0.85:
            visitor.get("/insight/report/")
        else:
            visitor.get("/insight/report/?format=pdf")

    def export():
        # A country the queue's filter offers this officer (their desk's), as people choose it there.
        page = officer.get("/staff/queries/")
        select = re.search(r'<select name="country".*?</select>', page, re.DOTALL)
        countries = re.findall(r'<option value="(\d+)"', select.group(0)) if select else []
        country = pick(countries or [str(pk) for pk in fixtures["countries"]])
        officer.post(f"/staff/queries/export/?country={country}", {"format": pick(["csv", "xlsx"])},
                     form=f"/staff/queries/?country={country}")

    def communities():
        visitor = pick([officer, member, expert])
        choice = random.random()
        if choice < 0.2:
            visitor.get("/communities/")
        elif choice < 0.5:
            visitor.get(f"/communities/{pick(fixtures['communities'])}/")
        elif choice < 0.85:
            slug, thread = pick(fixtures["threads"])
            visitor.get(f"/communities/{slug}/threads/{thread}/")
        else:
            code, words = language()
            visitor.get(f"/communities/search/?q={words}", **{"Accept-Language": code})

    def learning():
        visitor = pick([member, expert, officer])
        choice = random.random()
        if choice < 0.3:
            visitor.get("/learning/")
        elif choice < 0.6:
            visitor.get(f"/learning/{pick(fixtures['pathways'])}/")
        elif choice < 0.75:
            pick([member, expert]).get("/learning/mine/")
        elif choice < 0.9 and fixtures["certificates"]:
            officer.get(f"/certificates/{pick(fixtures['certificates'])}/certificate.pdf")
        elif fixtures["steps"]:
            slug, step = pick(fixtures["steps"])
            officer.get(f"/learning/{slug}/steps/{step}/module.pdf")

    def people():
        choice = random.random()
        if choice < 0.4:
            officer.get(f"/staff/members/{pick(fixtures['members'])}/")
        elif choice < 0.6:
            officer.get("/staff/members/pending/")
        elif choice < 0.8:
            member.get("/queries/mine/")
        else:
            member.get(pick(["/profile/", "/dashboard/", "/certificates/", "/communities/subscriptions/"]))

    def api():
        import requests

        params = pick(["", "?status=closed", f"?country={pick(fixtures['country_codes'])}"])
        response = requests.get(f"{officer.base}/api/queries{params}", timeout=120,
                                headers={"Authorization": f"Bearer {fixtures['token']}"})
        officer._check("GET", f"/api/queries{params}", response)

    def submit():
        member.post("/queries/new/", {
            "subject": f"Terms of reference for a sub-national group {random.randrange(10**6)}",
            "question": "Hello, do you have a template of terms of reference for a sub-national child protection "
                        "coordination group, and examples from the region? Thank you.",
            "country": fixtures["member_country"] or pick(fixtures["countries"]), "language": "en",
            "service_type": "question", "urgency": "standard", "no_child_details": "on"})

    def staff_home():
        pick([officer, manager, expert]).get(pick(["/staff/", "/", "/glossary/"]))

    actions = [(10, staff_home), (16, queue), (14, query_page), (12, repository), (8, resource), (6, insight),
               (2, export), (10, communities), (8, learning), (8, people), (4, submit)]
    if fixtures["token"]:
        actions.append((4, api))
    return actions


# --- mail to the gateway -----------------------------------------------------------------------------------------

def send_mail(port: int, number: int, fixtures: dict) -> None:
    """One message to the helpdesk (from a member, proven, or from an unknown address), or every third to a
    community's list from one of its subscribers."""
    if number % 3 == 2 and fixtures["list_senders"]:
        recipient, sender = random.choice(fixtures["list_senders"])
    else:
        recipient = "helpdesk@cphelpdesk.localhost"
        sender = random.choice(fixtures["member_emails"]) if number % 2 else f"contact{number}@example.org"
    body = ("Bonjour,\n\nAuriez-vous un modèle de termes de référence pour un groupe infranational ? Nous "
            "travaillons à Goma avec les partenaires du sous-cluster.\n\nMerci\n") * 3
    raw = (f"Authentication-Results: {BENCH_MTA}; dmarc=pass header.from={sender.rpartition('@')[2]}\r\n"
           f"From: {sender}\r\nTo: {recipient}\r\nSubject: Question {number}\r\n"
           f"Message-ID: <memory{number}.{time.time_ns()}@example.org>\r\n"
           f"Date: {time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime())}\r\n"
           f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}").encode()
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        client.sendmail(sender, [recipient], raw)


# --- the run -----------------------------------------------------------------------------------------------------

def _wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the service stopped while starting")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the service did not start")


def _table(samples: list[tuple[float, dict]]) -> None:
    """At start, after the first minute, at the end, and the growth, per process."""
    start, end = samples[0][1], samples[-1][1]
    first = next((sample for minutes, sample in samples if minutes >= 1), end)
    labels = list(dict.fromkeys([*start, *end]))
    print(f"\n{'process':<22} {'PSS start':>10} {'1 min':>8} {f'{samples[-1][0]:.0f} min':>8} {'growth':>8} "
          f"{'since 1 min':>11} {'RSS start':>10} {'RSS end':>8}")

    def row(label, values):
        print(f"{label:<22} {values[0]:>10.1f} {values[1]:>8.1f} {values[2]:>8.1f} {values[2] - values[0]:>+8.1f} "
              f"{values[2] - values[1]:>+11.1f} {values[3]:>10.1f} {values[4]:>8.1f}")

    totals = [0.0] * 5
    for label in labels:
        values = [start.get(label, (0, 0, 0))[1], first.get(label, (0, 0, 0))[1], end.get(label, (0, 0, 0))[1],
                  start.get(label, (0, 0, 0))[2], end.get(label, (0, 0, 0))[2]]
        totals = [total + value for total, value in zip(totals, values, strict=True)]
        replaced = label in start and label in end and start[label][0] != end[label][0]
        row(label + (" *" if replaced else ""), values)
    row("total", totals)
    if any(label in start and label in end and start[label][0] != end[label][0] for label in labels):
        print("(* a new process since the start: gunicorn replaced the worker, e.g. after --max-requests)")


def memory_main() -> int:
    from bench.__main__ import prepare, setup_django
    from bench.communities import CountingSink
    from tests.mailserver import free_port

    random.seed(17)
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.db import connection

        seconds = prepare(SCALE)
        fixtures = _fixtures()
        connection.close()
        print(f"\nmemory: seed_demo --scale {SCALE} in {seconds:.0f} s; `manage.py serve` with {WEB_WORKERS} web "
              f"worker(s) of {WEB_THREADS} threads, used for {MINUTES:g} minutes at {RATE:g} requests/s and a mail "
              f"every {MAIL_SECONDS:g} s",
              flush=True)
        port, mail_port = free_port(), free_port()
        log_path = Path(os.environ.get("BENCH_MEMORY_LOG", str(Path(var_dir) / "serve.log")))
        with CountingSink() as sink, open(log_path, "w") as log:
            env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1,localhost", "WEB_WORKERS": str(WEB_WORKERS),
                   "WEB_THREADS": str(WEB_THREADS),
                   "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
                   "EMAIL_PORT": str(sink.port), "EMAIL_USE_TLS": "false",
                   "HELPDESK_MAIL_GATEWAY": f"127.0.0.1:{mail_port}",
                   "HELPDESK_MAIL_TRUSTED_AUTHSERV_IDS": BENCH_MTA,
                   "HELPDESK_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_HOUR": "100000"}
            service = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "serve", "--port", str(port)],
                                       env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
            try:
                return _use(service, f"http://127.0.0.1:{port}", mail_port, fixtures, sink, log_path)
            finally:
                service.send_signal(signal.SIGTERM)
                service.wait(timeout=60)


def _use(service: subprocess.Popen, base: str, mail_port: int, fixtures: dict, sink, log_path: Path) -> int:
    _wait_for(f"{base}/healthz", service)
    time.sleep(3)  # the worker and the gateway finish starting
    samples = [(0.0, snapshot(service.pid))]
    print_snapshot("at start", samples[0][1])
    errors: list = []
    visitors = {role: Visitor(base, f"{role}@demo.example.org", errors)
                for role in ("officer", "manager", "expert", "member")}
    actions = _actions(fixtures, visitors)
    weights = [weight for weight, _ in actions]
    start = time.monotonic()
    end = start + MINUTES * 60
    next_sample, next_mail, mails, done = start + 60, start, 0, 0
    while (now := time.monotonic()) < end:
        if service.poll() is not None:
            raise RuntimeError("the service stopped")
        if now >= next_mail:
            send_mail(mail_port, mails, fixtures)
            mails, next_mail = mails + 1, next_mail + MAIL_SECONDS
        if now >= next_sample:
            minutes = (now - start) / 60
            samples.append((minutes, snapshot(service.pid)))
            requests_made = sum(visitor.requests for visitor in visitors.values())
            print_snapshot(f"after {minutes:.0f} min: {requests_made} requests, {mails} mails, "
                           f"{sink.count} sent by the service, {len(errors)} errors", samples[-1][1])
            next_sample += 60
        random.choices([action for _, action in actions], weights)[0]()
        done += 1
        # A steady rate: each action is about two requests.
        time.sleep(max(0.0, start + done * 2 / RATE - time.monotonic()))
    minutes = (time.monotonic() - start) / 60
    samples.append((minutes, snapshot(service.pid)))
    requests_made = sum(visitor.requests for visitor in visitors.values())
    print_snapshot(f"after {minutes:.1f} min: {requests_made} requests, {mails} mails, {sink.count} sent by the "
                   f"service", samples[-1][1])
    _table(samples)
    print(f"\n{len(errors)} responses not 2xx or 3xx")
    for status, method, path, email in errors[:50]:
        print(f"  {status} {method} {path} ({email})")
    if errors:
        failures = [line for line in log_path.read_text(errors="replace").splitlines()
                    if "Traceback" in line or "Error" in line or "ERROR" in line]
        print("\n".join(failures[:40]))
    return 1 if any(status >= 500 for status, *_ in errors) else 0

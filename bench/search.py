"""Search at 100k documents: indexing rate, then `search()` against the bare engine query (`python -m bench search`).

Generates deterministic documents of about 1,000 characters from child-protection vocabulary in English, French,
Spanish, Portuguese and Arabic, indexes them through `index.update` in batches, then times a fixed set of queries
through `engine.search` (a public scope, facets off) and through the engine's own top-10 query for the same
expression, in the same run. A throwaway database: a temporary SQLite file, or on PostgreSQL (DATABASE_URL or
BENCH_DATABASE_URL naming a postgres server) the database `cph_search_bench`, dropped and created afresh.

Options: --docs N (default 100,000), --repeat R (default 5), --batch B (default 1,000), --profile (after the timings,
the SQL statements one `search()` runs per query, with their time, and the top of a cProfile of every query).

Each query is timed in wall time and in this process's CPU time: on SQLite the engine runs inside the process, so
CPU time is the whole cost and barely moves when other jobs load the machine; on PostgreSQL it leaves out the
server's share.
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "cph_search_bench"

WORDS = {
    "en": """child children protection case management assessment family tracing reunification separated
        unaccompanied caregiver caseworker referral pathway psychosocial support mental health wellbeing community
        mechanism violence abuse exploitation neglect labour marriage recruitment armed groups release reintegration
        alternative care foster kinship interim centre safe space school education emergency response displacement
        camp refugee returnee host coordination working group strategy workplan indicator monitoring evaluation
        training module facilitator guidance tool checklist standard operating procedure information sharing
        protocol data consent confidentiality survivor gender adolescent girls boys disability inclusion
        parenting programme prevention risk resilience district province cluster partner government ministry
        social workforce capacity mentoring supervision budget funding appeal needs overview analysis severity
        mapping service provider helpline hotline birth registration documentation detention justice diversion""",
    "fr": """enfant enfants protection gestion cas évaluation famille recherche réunification séparés
        accompagnés prise charge travailleur social orientation référencement psychosocial soutien santé mentale
        bien-être communauté mécanisme violence abus exploitation négligence travail mariage recrutement groupes
        armés libération réintégration placement familial accueil transitoire espace ami école éducation urgence
        réponse déplacement camp réfugiés retournés coordination groupe stratégie plan indicateur suivi formation
        module animateur outil liste procédures partage information protocole données consentement
        confidentialité survivants genre adolescentes filles garçons handicap inclusion parentalité prévention
        risque résilience district province partenaires gouvernement ministère capacités supervision budget
        financement besoins analyse sévérité cartographie services ligne enregistrement naissances justice""",
    "es": """niñez niño niños niñas protección gestión casos evaluación familia búsqueda reunificación separada
        acompañada cuidado trabajador social remisión ruta psicosocial apoyo salud mental bienestar comunidad
        mecanismo violencia abuso explotación negligencia trabajo infantil matrimonio reclutamiento grupos armados
        reintegración acogimiento familiar espacio amigable escuela educación emergencia respuesta desplazamiento
        refugiados retornados coordinación grupo estrategia indicador monitoreo capacitación módulo herramienta
        procedimientos intercambio información protocolo datos consentimiento confidencialidad sobrevivientes
        género adolescentes discapacidad inclusión crianza prevención riesgo resiliencia socios gobierno
        ministerio capacidades supervisión presupuesto financiamiento necesidades análisis servicios registro""",
    "pt": """criança crianças proteção gestão casos avaliação família busca reunificação separadas desacompanhadas
        cuidado assistente social encaminhamento psicossocial apoio saúde mental bem-estar comunidade mecanismo
        violência abuso exploração negligência trabalho infantil casamento recrutamento grupos armados reintegração
        acolhimento familiar espaço amigo escola educação emergência resposta deslocamento refugiados coordenação
        grupo estratégia indicador monitoramento formação módulo ferramenta procedimentos partilha informação
        protocolo dados consentimento confidencialidade sobreviventes género adolescentes deficiência inclusão
        parentalidade prevenção risco resiliência parceiros governo ministério capacidades supervisão orçamento""",
    "ar": """الطفل الأطفال حماية إدارة الحالة تقييم الأسرة البحث لم الشمل المنفصلين غير المصحوبين الرعاية
        الأخصائي الاجتماعي الإحالة الدعم النفسي الاجتماعي الصحة النفسية الرفاه المجتمع آلية العنف الإساءة
        الاستغلال الإهمال عمل زواج تجنيد الجماعات المسلحة إعادة الإدماج الرعاية البديلة المساحة الصديقة المدرسة
        التعليم الطوارئ الاستجابة النزوح المخيم اللاجئين التنسيق الفريق الاستراتيجية المؤشر الرصد التدريب
        الدليل الأداة الإجراءات تبادل المعلومات البروتوكول البيانات الموافقة السرية الناجين النوع الاجتماعي
        المراهقات الفتيات الفتيان الإعاقة الوقاية المخاطر الشركاء الحكومة الوزارة القدرات الميزانية الاحتياجات""",
}
FUNCTION_WORDS = {
    "en": ["the", "of", "and", "to", "in", "for", "with", "on", "by", "from", "a", "is", "are", "this", "that"],
    "fr": ["le", "la", "les", "de", "des", "et", "à", "dans", "pour", "avec", "sur", "par", "un", "une", "est"],
    "es": ["el", "la", "los", "las", "de", "del", "y", "en", "para", "con", "por", "un", "una", "es"],
    "pt": ["o", "a", "os", "as", "de", "do", "da", "e", "em", "para", "com", "por", "um", "uma", "é"],
    "ar": ["في", "من", "على", "إلى", "عن", "مع", "هذا", "هذه", "و", "أو"],
}
ACRONYMS = ["UASC", "MHPSS", "CPMS", "FTR", "GBV", "CAAFAG", "PSEA", "CPIMS+", "SOP", "HNO", "HRP", "CFS", "IDP"]
LANGUAGE_SHARES = [("en", 40), ("fr", 25), ("es", 15), ("ar", 12), ("pt", 8)]
TOPICS = ["COORD", "COORD.TOR", "AME", "AME.RA", "IM", "IM.4W", "THEM.UASC", "THEM.FTR", "THEM.CM", "THEM.MHPSS",
          "THEM.CAAFAG", "THEM.SGBV", "THEM.LABOUR", "XCUT.MARRIAGE", "XSECT.EDU", "CAPB", "CAPB.TRAIN", "HPC.HNO"]
COUNTRIES = ["AF", "BD", "BF", "CD", "CF", "CM", "CO", "ET", "HT", "IQ", "LB", "LY", "ML", "MM", "MZ", "NE", "NG",
             "PS", "SD", "SO", "SS", "SY", "TD", "UA", "VE", "YE"]
TYPES = ["guidance", "tool", "report", "training", "assessment", "policy", "case study", "qa"]

QUERIES = [
    # single words, in each language, and acronyms
    "children", "assessment", "reunification", "psychosocial", "caseworker", "enfants", "évaluation", "niñez",
    "crianças", "الأطفال", "حماية", "UASC", "MHPSS", "GBV", "helpline",
    # AND pairs
    "case management", "child labour", "enfants séparés", "family tracing", "gestión casos", "mental health",
    "foster care", "birth registration", "armed groups", "الدعم النفسي",
    # phrases
    '"case management"', '"family tracing"', '"protection de l\'enfance"', '"niñez no acompañada"',
    '"alternative care"', '"information sharing protocol"',
    # prefixes
    "reunif*", "psycho*", "prot*", "enfan*", "assess*", "coord*",
    # mixed
    "UASC interim care", "training module -facilitator",
]
MISSPELLED = ["protecion", "asessment", "reunifcation", "psychosocal"]


def weighted(words: list[str]):
    """Cumulative Zipf-like weights, so that a few words are common and most are rare, as in real text."""
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 1) ** 0.9
        cumulative.append(total)
    return words, cumulative


def generate(count: int, seed: int = 7):
    """`count` deterministic Documents of about 1,000 characters."""
    import datetime

    from cphelpdesk.search.documents import Document

    rng = random.Random(seed)
    vocab = {}
    for language, text in WORDS.items():
        words = text.split()
        rng.shuffle(words)
        vocab[language] = weighted(words)
    languages = [language for language, share in LANGUAGE_SHARES for _ in range(share)]
    start = datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
    documents = []
    for number in range(1, count + 1):
        language = rng.choice(languages)
        words, cumulative = vocab[language]
        function = FUNCTION_WORDS[language]
        title = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(4, 8))).capitalize()
        sentences, length = [], 0
        while length < 1000:
            sentence = []
            for word in rng.choices(words, cum_weights=cumulative, k=rng.randint(7, 14)):
                if rng.random() < 0.35:
                    sentence.append(rng.choice(function))
                sentence.append(word)
            if rng.random() < 0.2:
                sentence.insert(rng.randrange(len(sentence)), rng.choice(ACRONYMS))
            text = " ".join(sentence).capitalize() + "."
            sentences.append(text)
            length += len(text) + 1
        roll = rng.random()
        documents.append(Document(
            kind="resource", object_id=number, title=title, body=" ".join(sentences), language=language,
            topics=rng.sample(TOPICS, rng.randint(1, 3)), countries=rng.sample(COUNTRIES, rng.randint(0, 2)),
            doc_type=rng.choice(TYPES), year=rng.randint(2012, 2026),
            audience="public" if roll < 0.6 else "members" if roll < 0.85 else "staff",
            published=rng.random() < 0.92, updated=start + datetime.timedelta(minutes=number * 53),
        ))
    return documents


def postgres_url() -> str | None:
    """The benchmark database's URL on the PostgreSQL server named by the environment, created afresh; or None."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import psycopg

    parts = urlsplit(url)
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as `uptime` prints them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def profile(queries: list[str], run_search) -> None:
    """Print the SQL statements of one search() per query with their time, then the top of a cProfile of all."""
    import cProfile
    import pstats
    from collections import defaultdict

    from django.db import connection

    statements: dict[str, list[float]] = defaultdict(list)
    per_query = []

    def timing(execute, sql, params, many, context):
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements[" ".join(sql.split())[:150]].append((time.perf_counter() - begin) * 1000)
            per_query[-1] += 1

    with connection.execute_wrapper(timing):
        for text in queries:
            per_query.append(0)
            run_search(text)
    print(f"  SQL statements per search(): {statistics.mean(per_query):.1f} on average "
          f"({min(per_query)} to {max(per_query)})")
    for sql, times in sorted(statements.items(), key=lambda item: -sum(item[1])):
        print(f"    {len(times):>4} x {statistics.mean(times):7.2f} ms  {sql}")
    profiler = cProfile.Profile()
    profiler.enable()
    for text in queries:
        run_search(text)
    profiler.disable()
    print(f"  cProfile of {len(queries)} search() calls, by own time:")
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(15)


def search_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench search")
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args(argv)
    from bench.__main__ import setup_django

    with tempfile.TemporaryDirectory() as var_dir:
        pg = postgres_url()
        if pg:
            os.environ["BENCH_DATABASE_URL"] = pg
        else:
            os.environ.pop("BENCH_DATABASE_URL", None)
        setup_django(var_dir)
        from django.core.management import call_command
        from django.db import connection, transaction

        from cphelpdesk.search import index
        from cphelpdesk.search.backends import engine
        from cphelpdesk.search.engine import Scope, search
        from cphelpdesk.search.query import parse

        call_command("migrate", verbosity=0)
        print(f"\nsearch: {options.docs:,} documents on {connection.vendor} "
              f"({'database ' + BENCH_DATABASE if pg else 'a temporary SQLite file'})")
        start = time.perf_counter()
        documents = generate(options.docs)
        characters = sum(len(document.body) for document in documents) / len(documents)
        print(f"  generated in {time.perf_counter() - start:.1f} s (body {characters:.0f} characters on average)")

        start = time.perf_counter()
        for offset in range(0, len(documents), options.batch):
            with transaction.atomic():
                for document in documents[offset:offset + options.batch]:
                    index.update(document)
        seconds = time.perf_counter() - start
        print(f"  indexed through index.update in batches of {options.batch:,}: {seconds:.1f} s = "
              f"{len(documents) / seconds:,.0f} documents/s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        backend = engine()
        public = [Scope("resource", audiences=frozenset({"public"}))]

        def bare(text: str):
            sql, params = backend.bare(backend.expression(parse(text)), 10)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        cpu: dict[str, list[float]] = {"search": [], "bare": []}

        def timed(function, text: str, cpu_samples: list[float] | None = None) -> float:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            function(text)
            if cpu_samples is not None:
                cpu_samples.append((time.process_time() - begin_cpu) * 1000)
            return (time.perf_counter() - begin) * 1000

        def run_search(text):
            return search(text, scopes=public, facets=False)

        def run_faceted(text):
            return search(text, scopes=public, facets=True)

        for text in QUERIES:  # warm-up: caches, prepared plans, the glossary matcher
            run_search(text)
            bare(text)
        samples = {"search": [], "bare": [], "faceted": []}
        totals = []
        load_before = load_average()
        for _ in range(options.repeat):
            for text in QUERIES:
                samples["bare"].append(timed(bare, text, cpu["bare"]))
                samples["search"].append(timed(run_search, text, cpu["search"]))
        load_after = load_average()
        for text in QUERIES:
            totals.append(run_search(text).total)
            samples["faceted"].append(timed(run_faceted, text))
        misspelled = [timed(run_search, text) for text in MISSPELLED for _ in range(options.repeat)]
        suggestions = [run_search(text).suggestion for text in MISSPELLED]

        print(f"  {len(QUERIES)} queries x {options.repeat}; public scope (about 55% of documents); "
              f"results per query: median {statistics.median(totals):,.0f} (capped at 1,000)")
        print(f"  load average while timing: {load_before} before, {load_after} after ({os.cpu_count()} cores)")
        print(f"  {'':<40} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'CPU p95':>8} {'CPU mean':>8}")
        bare_p50, bare_p95 = percentiles(samples["bare"])
        search_p50, search_p95 = percentiles(samples["search"])
        faceted_p50, faceted_p95 = percentiles(samples["faceted"])
        misspelled_p50, misspelled_p95 = percentiles(misspelled)
        bare_cpu, search_cpu = percentiles(cpu["bare"]), percentiles(cpu["search"])
        bare_mean, search_mean = statistics.fmean(cpu["bare"]), statistics.fmean(cpu["search"])
        print(f"  {'bare engine top-10 query':<40} {bare_p50:>8.1f} {bare_p95:>8.1f} {bare_cpu[0]:>8.1f} "
              f"{bare_cpu[1]:>8.1f} {bare_mean:>8.1f}")
        print(f"  {'search() facets off':<40} {search_p50:>8.1f} {search_p95:>8.1f} {search_cpu[0]:>8.1f} "
              f"{search_cpu[1]:>8.1f} {search_mean:>8.1f}")
        print(f"  {f'ratio search() / bare at {options.docs:,}':<40} {search_p50 / bare_p50:>8.2f} "
              f"{search_p95 / bare_p95:>8.2f} {search_cpu[0] / bare_cpu[0]:>8.2f} {search_cpu[1] / bare_cpu[1]:>8.2f} "
              f"{search_mean / bare_mean:>8.2f}")
        print(f"  {'search() facets on (each query once)':<40} {faceted_p50:>8.1f} {faceted_p95:>8.1f}")
        print(f"  {'search() misspelled, no result':<40} {misspelled_p50:>8.1f} {misspelled_p95:>8.1f}"
              f"   suggestions: {', '.join(map(str, suggestions))}")
        if os.environ.get("BENCH_SEARCH_DETAIL", "") not in ("", "0"):
            for text in QUERIES:
                bare_ms = min(timed(bare, text) for _ in range(3))
                search_ms = min(timed(run_search, text) for _ in range(3))
                print(f"    {text:<38} bare {bare_ms:7.1f}  search {search_ms:7.1f}  total {run_search(text).total}")
        if options.profile:
            profile(QUERIES, run_search)
    if pg:
        connection.close()
        import psycopg

        parts = urlsplit(pg)
        with psycopg.connect(urlunsplit(parts._replace(scheme="postgresql", path="/postgres")),
                             autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
    return 0

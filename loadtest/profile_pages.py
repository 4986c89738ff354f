"""Where a page's time goes, in-process: CPU per request, queries, SQL time, and cProfile.

Requests each URL through Django's test Client with the page cache off, in the site the
environment describes (REELWISE_VAR_DIR or DATABASE_URL, as for manage.py), and prints per
URL: the median CPU milliseconds per request (time.process_time, which a shared machine's
other load does not inflate as it does wall time), the number of queries, and the time spent
in them: CPU (SQLite runs in this process, so this is its own work) and wall-clock (for
PostgreSQL, the round trips). A URL is a path, or a preset that stands for several:

    browse     the browse page's rotation in `make bench` (three filters, pages 1-3)
    api_list   the API list's rotation in `make bench` (two filters, -stars, pages 1-3)
    film       the first 50 film pages with a published advisory (the film page's rotation)
    api_detail the same films in the API

    python -m loadtest.profile_pages browse /films/ "/films/?q=godfather" api_list /api/v1/films/
    python -m loadtest.profile_pages --profile 30 --explain browse

--profile N prints the N most expensive functions (cProfile, cumulative) over every request;
--explain prints the query plan of each URL's slowest query; --signed-in requests as make bench's
signed-in parent with two children; --cold empties the shared cache
before each timed request (what it costs when no count is stored yet). Run it on the database `make
bench` uses: manage.py migrate, import_catalog imdb-movies.csv, bench_data.
"""

import argparse
import cProfile
import dataclasses
import os
import pstats
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Every request builds its page, unless PUBLIC_PAGE_CACHE_SECONDS says otherwise (a signed-in
# page is never stored whole, but its shared part is: PUBLIC_PAGE_CACHE_SECONDS=300 --signed-in).
os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "0")
# Nor throttled as one visitor's flood (anonymous requests count against both limits); per
# second, as in make bench, so that DRF's list of the window's requests stays short.
os.environ.setdefault("API_ANON_RATE", "1000000/s")
os.environ.setdefault("API_USER_RATE", "1000000/s")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from advisories.models import Advisory  # noqa: E402
from loadtest.bench import PARENT_SCRIPT, page_rotations  # noqa: E402


def rotations():
    """The presets: loadtest/bench.py's rotations, on the films' first 50."""
    slugs = list(Advisory.objects.published().order_by("pk").values_list("film__slug", flat=True)[:50])
    return page_rotations(slugs)


class QueryTimer:
    """Counts the queries and the time spent in them: CPU (for SQLite, which runs in this
    process, the database's own work) and wall-clock (for PostgreSQL, the round trips)."""

    def __init__(self):
        self.queries, self.cpu, self.wall = 0, 0.0, 0.0

    def __call__(self, execute, sql, params, many, context):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.cpu += time.process_time() - cpu
            self.wall += time.perf_counter() - wall


def measure(client, url, repeat, cold=False):
    """Median CPU ms per request, queries per request, and the medians of the SQL CPU ms and
    wall ms per request, for `url`; and the slowest query of one more request."""
    response = client.get(url)  # warm: templates, URL patterns, the first connection
    if response.status_code >= 500:
        sys.exit(f"{url}: {response.status_code}")
    cpu, sql_cpu, sql_wall = [], [], []
    for _ in range(repeat):
        if cold:
            cache.clear()
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            started = time.process_time()
            client.get(url)
            cpu.append((time.process_time() - started) * 1000)
        sql_cpu.append(timer.cpu * 1000)
        sql_wall.append(timer.wall * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
    return Figures(
        statistics.median(cpu),
        timer.queries,
        statistics.median(sql_cpu),
        statistics.median(sql_wall),
        response.status_code,
        slowest,
    )


@dataclasses.dataclass
class Figures:
    cpu: float
    queries: int
    sql_cpu: float
    sql_wall: float
    status: int
    slowest: dict | None


def explain(sql):
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join("    " + " ".join(str(c) for c in row) for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("urls", nargs="+", help="paths, or presets: browse, api_list, film, api_detail")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per URL (the median counts)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's top N")
    parser.add_argument("--explain", action="store_true", help="the plan of each URL's slowest query")
    parser.add_argument("--each", action="store_true", help="a line per URL, not only per preset")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the shared cache before each timed request: what a request costs when nothing "
        "it may reuse is stored yet (browse's and the API's counts of matching films)",
    )
    parser.add_argument(
        "--signed-in",
        action="store_true",
        help="as make bench's signed-in parent with two children (created if missing)",
    )
    args = parser.parse_args()

    presets = rotations()
    groups = [(name, presets.get(name, [name])) for name in args.urls]
    client = Client()
    if args.signed_in:
        made = {}
        exec(PARENT_SCRIPT, made)  # noqa: S102 (our own script, as make bench runs it)
        client.force_login(made["parent"])
    state = "the shared cache emptied before each" if args.cold else "the shared cache as it is"
    print(f"database: {connection.vendor}; {args.repeat} timed requests per URL, medians; {state}")
    print(f"{'URL':<64}{'CPU ms':>8}{'queries':>8}{'SQL CPU':>8}{'SQL ms':>8}")
    for name, urls in groups:
        rows = []
        for url in urls:
            figures = measure(client, url, args.repeat, cold=args.cold)
            rows.append(figures)
            if args.each or len(urls) == 1:
                print(
                    f"{url[:63]:<64}{figures.cpu:>8.1f}{figures.queries:>8}"
                    f"{figures.sql_cpu:>8.1f}{figures.sql_wall:>8.1f}  {figures.status}"
                )
            if args.explain and figures.slowest is not None:
                slowest = figures.slowest
                print(f"  slowest query ({float(slowest['time']) * 1000:.1f} ms): {slowest['sql'][:300]}")
                print(explain(slowest["sql"]))
        if len(urls) > 1:
            worst = max(r.cpu for r in rows)
            queries = "-".join(sorted({str(r.queries) for r in rows}, key=int))
            label = f"{name} ({len(urls)} URLs, mean; worst {worst:.1f})"
            print(
                f"{label:<64}{statistics.mean(r.cpu for r in rows):>8.1f}{queries:>8}"
                f"{statistics.mean(r.sql_cpu for r in rows):>8.1f}"
                f"{statistics.mean(r.sql_wall for r in rows):>8.1f}"
            )

    if args.profile:
        profiler = cProfile.Profile()
        every = [url for _, urls in groups for url in urls]
        profiler.enable()
        for url in every:
            client.get(url)
        profiler.disable()
        print(f"\ncProfile over {len(every)} requests (ms are totals over all of them):")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(args.profile)
        stats.sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()

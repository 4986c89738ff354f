"""gunicorn settings for `make serve`; every value can be set from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers, one request at a time each, behind a proxy that buffers slow clients and
# keeps their connections alive (nginx, a cloud balancer): gunicorn's own advice. Measured
# with `make bench` on 2 cores against 3 processes of 8 threads (GUNICORN_THREADS=8, which
# makes them gthread workers): the threads served cached pages faster, but uncached pages
# about a quarter slower (one interpreter lock per process), and with 24 threads queueing
# for SQLite's one writer, wrk counted errors among the review POSTs (none with sync).
#
# One worker per core: the requests wait on nothing but the CPU here (SQLite answers in
# process, Redis in well under a millisecond), and more workers only take turns on the
# cores. Measured with make bench on 2 cores, two workers against five (gunicorn's "2 x cores
# + 1"): see the README's performance section. Where requests wait on a database server
# across a network, more workers keep the cores busy meanwhile: set WEB_CONCURRENCY.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count())
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "config.wsgi:application"
# Load the app (and warm it: config/wsgi.py) once in the master; workers start from it ready.
preload_app = True


def post_worker_init(worker):
    """A worker reads type-ahead's titles before its first request (config/warmup.py)."""
    from config.warmup import read_titles

    read_titles()


def worker_exit(server, worker):
    """A worker that stops (restarted after max_requests, or at shutdown) writes the film
    page views it still holds (reviews/page_views.py)."""
    from reviews.page_views import counter

    counter.flush()

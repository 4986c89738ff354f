"""gunicorn settings for `make serve`; every value can be set from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# A few processes, each with threads: with more than one thread gunicorn runs its gthread
# workers, which keep connections alive (a phone's next request skips the TCP handshake)
# and wait for slow clients without holding a whole process. Measured with `make bench`
# on 2 cores: 3 processes of 8 threads served 40-50% more cached pages a second than 5
# single-threaded ones, with a shorter p99.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
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

# Workers are separate processes. With the default local-memory cache each would keep its
# own cached pages and rate-limit counts: a page that one worker refreshed after a write
# would stay stale in the others for minutes, and every limit would be multiplied by the
# number of workers. Unless CACHE_URL names a shared cache (Redis, needed for several
# machines), the workers share a file cache in the var folder.
if workers > 1 and not os.environ.get("CACHE_URL"):
    var_dir = os.environ.get("REELWISE_VAR_DIR") or os.path.join(os.path.dirname(__file__), "..", "var")
    raw_env = [f"CACHE_URL=file://{os.path.abspath(var_dir)}/cache"]

"""Views of film pages, for the admin's Most wanted list, counted without personal data.

`FilmPageViewMiddleware` counts each GET of a film page (`films:detail`) answered 200 that
does not come from a crawler or a browser's prefetch. It sits before the page cache's
middleware, so the pages the cache answers count too. Nothing about the visitor is read
but the User-Agent (to leave crawlers out) and nothing about them is kept: a view is one
more in a number per film.

The numbers add up in this process's memory (`counter`) and are written in batches, never
one write per request: when PAGE_VIEWS_FLUSH_VIEWS views are waiting or
PAGE_VIEWS_FLUSH_SECONDS have passed, the request that is finishing (its response already
sent) writes them in one short transaction (FilmPageViews.objects.add). A failed write is
logged and its views kept for the next try, after PAGE_VIEWS_FLUSH_SECONDS; a request never
fails for it. A worker that stops writes what it holds (config/gunicorn.conf.py,
worker_exit); a process that dies loses at most one batch.
"""

import functools
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import Resolver404, resolve

log = logging.getLogger(__name__)

FILM_PAGE = "films:detail"
# Words in a User-Agent that mark a program rather than a person's browser. A browser always
# sends a User-Agent, so a request without one is not counted either.
CRAWLER_WORDS = (
    "bot",
    "crawl",
    "spider",
    "slurp",
    "facebookexternalhit",
    "preview",
    "headless",
    "lighthouse",
    "curl",
    "wget",
    "python",
    "java/",
    "go-http-client",
    "okhttp",
    "libwww",
    "scrapy",
)


def is_crawler(user_agent):
    agent = user_agent.lower()
    return not agent or any(word in agent for word in CRAWLER_WORDS)


def is_prefetch(request):
    """A browser fetching a page the visitor may open next (Sec-Purpose: prefetch): not a view."""
    return "prefetch" in request.headers.get("sec-purpose", request.headers.get("purpose", "")).lower()


@functools.lru_cache(maxsize=4096)
def film_slug(path):
    """The slug of the film whose page is at `path`, or None: remembered, as the URLs do not
    change while the process runs; bounded, so that junk paths cannot grow it."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.kwargs.get("slug") if match.view_name == FILM_PAGE else None


@receiver(setting_changed)
def _follow_setting_changes(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        film_slug.cache_clear()


class ViewCounter:
    """Views per film slug since the last write, in this process's memory; thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self._writing = threading.Lock()
        self.clear()

    def clear(self):
        """Forget the waiting views and start a new batch (tests start from nothing)."""
        with self._lock:
            self._pending = Counter()
            self._waiting = 0
            self._batch_started = time.monotonic()
            self._retry_at = 0.0

    def count(self, slug):
        with self._lock:
            self._pending[slug] += 1
            self._waiting += 1

    def pending(self):
        with self._lock:
            return dict(self._pending)

    def due(self):
        """Whether it is time to write: enough views wait, or the batch is old enough, and
        the last failure (if any) is PAGE_VIEWS_FLUSH_SECONDS behind."""
        now = time.monotonic()
        return (
            self._waiting > 0
            and now >= self._retry_at
            and (
                self._waiting >= settings.PAGE_VIEWS_FLUSH_VIEWS
                or now - self._batch_started >= settings.PAGE_VIEWS_FLUSH_SECONDS
            )
        )

    def flush(self):
        """Write the waiting views to the database and return how many were written. Never
        raises: on failure the views are logged, kept, and tried again later. One thread of
        the process writes at a time; another finds nothing to do."""
        from reviews.models import FilmPageViews

        if not self._writing.acquire(blocking=False):
            return 0
        try:
            with self._lock:
                batch, self._pending, self._waiting = self._pending, Counter(), 0
                self._batch_started = time.monotonic()
            if not batch:
                return 0
            try:
                return FilmPageViews.objects.add(batch)
            except Exception:
                log.exception(
                    "Could not write %s film page views; keeping them for the next try.", batch.total()
                )
                with self._lock:
                    self._pending.update(batch)
                    self._waiting += batch.total()
                    self._retry_at = time.monotonic() + settings.PAGE_VIEWS_FLUSH_SECONDS
                return 0
        finally:
            self._writing.release()


counter = ViewCounter()


def flush_when_due(sender=None, **kwargs):
    """request_finished: once a response has gone, write the waiting views if it is time."""
    if counter.due():
        counter.flush()


class FilmPageViewMiddleware:
    """Count views of film pages. Place it before pagecache.AnonymousPageCacheMiddleware, so
    that the pages the cache answers are counted too, and after WhiteNoise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "GET" and response.status_code == 200:
            slug = film_slug(request.path_info)
            if slug and not is_crawler(request.headers.get("user-agent", "")) and not is_prefetch(request):
                counter.count(slug)
        return response

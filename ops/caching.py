"""The anonymous page cache: public pages served from the cache, never stale.

Anonymous GETs of the pages named in `settings.PUBLIC_PAGE_CACHE` are stored whole in
the cache (Redis when several app servers share it, local memory otherwise). A request
counts as anonymous when it carries no session cookie, no pending messages and no
Authorization header, so nothing personal (a username, a CSRF token) can reach a
stored page; and a response that sets a cookie is never stored.

Staleness is ruled out by generations rather than by deleting keys: every stored page's
key includes the current generation of what it shows.

- `catalog`: films, advisories and everything editors write; bumped by any change to
  them. Every cached page depends on it.
- `film:<slug>`: what the community writes about one film (reviews and what hangs off
  them); bumped by any change to them. The film page and its API depend on it.

A bump makes the old keys unreachable at once, on every server sharing the cache; the
old entries simply expire. A missing generation (evicted, or a new cache) starts from
the clock, so it can never fall back to a value an old page was stored under.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

CATALOG = "catalog"
KEY_PREFIX = "page-cache"


def film_scope(slug):
    return f"film:{slug}"


def _generation_key(scope):
    return f"{KEY_PREFIX}:generation:{scope}"


def generations(*scopes):
    keys = [_generation_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def bump(*scopes):
    """Make every cached page that depends on these scopes unreachable."""
    for scope in scopes:
        key = _generation_key(scope)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, time.time_ns(), timeout=None)


def bump_catalog():
    bump(CATALOG)


def bump_film(slug):
    bump(film_scope(slug))


class AnonymousPageCacheMiddleware:
    """Serve anonymous reads of public pages from the cache. Place it right after
    WhiteNoise, before sessions and authentication, so that a hit costs almost nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scopes = self._scopes(request)
        if scopes is None:
            return self.get_response(request)
        key = self._page_key(request, scopes)
        stored = cache.get(key)
        if stored is not None:
            return self._rebuild(stored)
        response = self.get_response(request)
        if self._storable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(
                key,
                (response.status_code, list(response.items()), response.content),
                settings.PUBLIC_PAGE_CACHE_SECONDS,
            )
        patch_vary_headers(response, ["Cookie"])
        return response

    def _scopes(self, request):
        """The generations a request's page depends on, or None when it is not cacheable."""
        if request.method not in ("GET", "HEAD") or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return None
        if "authorization" in request.headers:
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        depends_on = settings.PUBLIC_PAGE_CACHE.get(match.view_name)
        if depends_on is None:
            return None
        scopes = [CATALOG]
        if depends_on == "film":
            scopes.append(film_scope(match.kwargs.get("slug") or match.kwargs["film_slug"]))
        return scopes

    def _page_key(self, request, scopes):
        versions = ".".join(str(g) for g in generations(*scopes))
        page = f"{request.get_full_path()}\n{request.headers.get('accept', '')}"
        return f"{KEY_PREFIX}:{versions}:{hashlib.sha256(page.encode()).hexdigest()}"

    def _storable(self, request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.has_header("Cache-Control")
        )

    def _rebuild(self, stored):
        status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "hit"
        patch_vary_headers(response, ["Cookie"])
        return response

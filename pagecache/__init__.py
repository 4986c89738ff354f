"""The anonymous page cache: public pages served from the cache, never stale.

A view marked `@public_page(depends_on=...)` has its anonymous GETs stored whole in the
shared cache (settings.CACHES: Redis when several app servers share it, else a file cache
every process on the machine shares). A request
counts as anonymous when it carries no session cookie, no pending messages and no
Authorization header, so nothing personal (a username, a CSRF token) can reach a
stored page; and a response that sets a cookie is never stored.

Staleness is ruled out by generations. Every stored page carries the generations of what
it shows, and is served only while they are still the current ones:

- `catalog`: films, advisories and everything editors write. Every cached page depends on it.
- `film:<slug>`: what the community writes about one film (reviews and what hangs off
  them). The pages of one film (`depends_on="film"`) depend on it too.
- `titles`: no page's, but type-ahead's copy of the titles (films/title_index.py): bumped,
  besides the catalog, only by what changes that copy (a film's own row, an editors'
  advisory), so that the stream of community ratings, which bump the catalog, does not
  make every process read the titles again.

Each app says which of its models a page shows, in its AppConfig.ready(), with
`bump_on_change(model, scopes)`; writes that bypass signals (bulk_create, update()) call
`bump()` themselves.

A bump makes the pages stored under the old generations unservable at once, on every
server sharing the cache. A missing generation (evicted, or a new cache) starts from the
clock, so it can never fall back to a value an old page was stored under.

A hit costs one small read of the shared cache (the current generations), or none with
Redis, which reports every change of a generation to each process that keeps a copy
(config/redis_cache.py). Each process also keeps its most recently served pages in memory
(`PUBLIC_PAGE_CACHE_LOCAL_BYTES`), so a hit does not fetch the page itself from Redis
again; the generations decide whether that copy may be served, exactly as for the shared one.
"""

import functools
import hashlib
import sys
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

CATALOG = "catalog"
FILM = "film"
TITLES = "titles"
KEY_PREFIX = "page-cache"


def public_page(depends_on, params=()):
    """Serve this view's anonymous GETs from the page cache. `depends_on` is CATALOG, or FILM
    for a page about the one film named by the URL's `slug` (or `film_slug`). A DRF viewset
    class takes a dict by action: `@public_page({"list": CATALOG, "retrieve": FILM})`.

    `params` names the query parameters the page reads (for a viewset, a list, or a dict by
    action). A page is stored under those parameters only, put in order, so `?b=1&a=2` and
    `?a=2&b=1` share one entry; a request with any other parameter is served, uncached, and
    not stored, so junk in the query string cannot fill the cache."""

    def mark(view):
        if isinstance(view, type):
            view.public_page = depends_on
            view.public_page_params = params
            return view

        @functools.wraps(view)
        def cached_view(*args, **kwargs):
            return view(*args, **kwargs)

        cached_view.public_page = depends_on
        cached_view.public_page_params = params
        return cached_view

    return mark


def _depends_on(view):
    """What a resolved view's page depends on and the query parameters it reads, from its
    @public_page mark: (depends_on, frozenset of names), or None if unmarked."""
    viewset = getattr(view, "cls", None)
    marked = view if hasattr(view, "public_page") else viewset
    depends_on = getattr(marked, "public_page", None)
    params = getattr(marked, "public_page_params", ())
    if isinstance(depends_on, dict) or isinstance(params, dict):  # a viewset: by the action a GET runs
        action = getattr(view, "actions", {}).get("get")
        if isinstance(depends_on, dict):
            depends_on = depends_on.get(action)
        if isinstance(params, dict):
            params = params.get(action, ())
    return (depends_on, frozenset(params)) if depends_on else None


def film_scope(slug):
    return f"film:{slug}"


def _generation_key(scope):
    return f"{KEY_PREFIX}:generation:{scope}"


def generations(*scopes):
    """The current generation of each scope. Where the cache can keep values in this
    process's memory with the server reporting every change (config.redis_cache's
    `get_many_tracked`), a hit costs no round trip; otherwise one read of the shared cache."""
    keys = [_generation_key(scope) for scope in scopes]
    tracked = getattr(cache, "get_many_tracked", None)

    def read(keys):
        return tracked(keys, _generation_key("")) if tracked else cache.get_many(keys)

    found = read(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, time.time_ns(), timeout=None)
        found |= read(missing)
    return tuple(found[key] for key in keys)


def bump(*scopes):
    """Make every cached page that depends on these scopes unservable. A page is served only
    while its generations equal the current ones, so a new value need only differ from the
    old: the clock's, which every backend stores alike (a file cache has no atomic incr)."""
    for scope in scopes:
        cache.set(_generation_key(scope), time.time_ns(), timeout=None)


def _index_key(scope):
    return f"{KEY_PREFIX}:pages-of:{scope}"


# The most page keys noted per film; a film has few pages (its page, its pages of reviews,
# the API's), so only a flood of variants reaches it, and then the oldest are dropped.
MAX_KEYS_PER_SCOPE = 1000


def _remember(scope, key):
    """Note that the page at `key` shows `scope`, so that forget(scope) can remove it. Only
    film scopes are noted. The note lives as long as the newest page in it, so it never
    outlives what it lists."""
    index = _index_key(scope)
    keys = [k for k in cache.get(index) or [] if k != key][-(MAX_KEYS_PER_SCOPE - 1) :]
    cache.set(index, [*keys, key], settings.PUBLIC_PAGE_CACHE_SECONDS)


def forget(*scopes):
    """Bump `scopes` and remove the pages stored under them from the shared cache and this
    process's copies: for words that must not stay anywhere, such as a deleted account's
    (a bump alone makes a page unservable, but it stays in the cache until it expires)."""
    bump(*scopes)
    for scope in scopes:
        keys = cache.get(_index_key(scope)) or []
        cache.delete_many([*keys, _index_key(scope)])
        recent_pages.forget(keys)


def bump_catalog():
    bump(CATALOG)


def bump_catalog_and_titles():
    """For writes to films' own rows that send no signals (importers): the catalog's pages
    and type-ahead's copy of the titles."""
    bump(CATALOG, TITLES)


def bump_film(slug):
    bump(film_scope(slug))


def bump_on_change(model, scopes=lambda instance: [CATALOG]):
    """After a save or delete of a `model` row commits, bump `scopes(instance)` (names from
    CATALOG, TITLES and film_scope()). Each app calls this in its ready() for the models its pages show."""

    def changed(sender, instance, **kwargs):
        names = scopes(instance)
        if names:
            transaction.on_commit(lambda: bump(*names))

    uid = f"pagecache-{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def bump_on_m2m_change(field):
    """Bump the catalog when the relation behind a ManyToManyField that pages show changes."""

    def changed(sender, **kwargs):
        if kwargs["action"].startswith("post_"):
            transaction.on_commit(bump_catalog)

    through = field.remote_field.through
    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"pagecache-{through._meta.label}")


def shared_fragment(name, scopes, build):
    """What `build()` returns, made once and shared by every process while the generations
    of `scopes` stay current: the part of a page that is the same for every visitor, which
    a signed-in request (never served from the page cache) renders its own parts around.

    `build(storing)` returns (value, storable): a value that is not storable (a draft only
    staff may see, say) is returned and not kept; `storing` is False when the value is for
    this request only, so that build can leave out what only others would use.
    Whatever a fragment holds must be the same for every visitor: build it from the
    database, never from the request's user, session or cookies. Off, like the page cache,
    when PUBLIC_PAGE_CACHE_SECONDS is 0."""
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
        return build(False)[0]
    current = generations(*scopes)
    named = f"{release()}\n{name}"
    key = f"{KEY_PREFIX}:fragment:{hashlib.sha256(named.encode()).hexdigest()}"
    # Stored as (generations, value).
    stored = _stored(key, current)
    if stored is not None:
        return stored[1]
    value, storable = build(True)
    if storable:
        stored = (current, value)
        cache.set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
        recent_pages.put(key, stored)
        for scope in scopes[1:]:
            _remember(scope, key)
    return value


def memory_size(value):
    """The bytes `value` takes in this process's memory: its own and, each counted once,
    those of what it holds through dicts, lists, tuples, sets and objects' attributes. What
    RecentPages counts by: counted by the length of their text, the film pages' stored
    parts took workers about three times the bytes they were allowed."""
    seen = set()
    total = 0
    waiting = [value]
    while waiting:
        item = waiting.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            waiting.extend(item.keys())
            waiting.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            waiting.extend(item)
        elif hasattr(item, "__dict__") and not isinstance(item, type):
            waiting.append(vars(item))
    return total


def _stored(key, current):
    """What is stored for `key` under the `current` generations, or None: this process's own
    copy if it has one, else the shared cache's, which this process keeps from then on."""
    stored = recent_pages.get(key)
    if stored is not None and stored[0] == current:
        return stored
    stored = cache.get(key)
    if stored is not None and stored[0] == current:
        recent_pages.put(key, stored)
        return stored
    return None


def release():
    """What stored pages and fragments are keyed by besides their generations: the RELEASE
    setting, else a fingerprint of the code and templates, so that a new release never
    serves what an older one stored. Worked out on first use, not at every start-up (a
    management command never needs it)."""
    return settings.RELEASE or _source_fingerprint()


@functools.cache
def _source_fingerprint():
    folder = settings.BASE_DIR
    digest = hashlib.sha256()
    packages = [path.parent for path in folder.glob("*/__init__.py") if path.parent.name != "tests"]
    for path in sorted(f for app in [*packages, folder / "templates"] for f in app.rglob("*")):
        if path.suffix in {".py", ".html"}:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class RecentPages:
    """This process's copies of the pages it served last, up to a number of bytes; the
    least recently used go first. Thread-safe, for gunicorn's threaded workers."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.pages.get(key)
            if entry is None:
                return None
            self.pages.move_to_end(key)
            return entry[0]

    def put(self, key, stored):
        """Keep `stored`, counted by what it and its key take in memory (memory_size), as
        they are now: pickling a str for the shared cache keeps a UTF-8 copy inside it, so a
        value is put once it has been pickled or unpickled."""
        size = memory_size((key, stored))
        if size > self.max_bytes:
            return
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self.pages[key] = (stored, size)
            self.size += size
            while self.size > self.max_bytes:
                _, (_, dropped) = self.pages.popitem(last=False)
                self.size -= dropped

    def forget(self, keys):
        with self.lock:
            for key in keys:
                old = self.pages.pop(key, None)
                if old is not None:
                    self.size -= old[1]

    def clear(self):
        with self.lock:
            self.pages.clear()
            self.size = 0


recent_pages = RecentPages(settings.PUBLIC_PAGE_CACHE_LOCAL_BYTES)


@receiver(setting_changed)
def _follow_setting_changes(setting, **kwargs):
    """Tests change settings while the process runs: keep the budget and the URLs current."""
    if setting == "PUBLIC_PAGE_CACHE_LOCAL_BYTES":
        recent_pages.max_bytes = settings.PUBLIC_PAGE_CACHE_LOCAL_BYTES
        recent_pages.clear()
    elif setting == "ROOT_URLCONF":
        _page_for.cache_clear()


@functools.lru_cache(maxsize=4096)
def _page_for(path):
    """What the page at `path` depends on and the URL's arguments, or None when it is not a
    public page: remembered, as the URLs do not change while the process runs; bounded, so
    that junk paths cannot grow it."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    page = _depends_on(match.func)
    return (*page, match.kwargs) if page else None


def _declared_query(request, params):
    """The request's query string in one order (by name; a repeated name keeps its values'
    order, as the last one counts), or None when it has a parameter outside `params`.
    Empty values are kept: `?page=` is not the same request as no page."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    if any(name not in params for name, _ in pairs):
        return None
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


class AnonymousPageCacheMiddleware:
    """Serve anonymous reads of public pages from the cache. Place it right after
    WhiteNoise, before sessions and authentication, so that a hit costs almost nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scopes = self._scopes(request)
        if scopes is None:
            return self.get_response(request)
        scopes, params = scopes
        query = _declared_query(request, params)
        if query is None:  # a parameter the page does not read: served, never stored
            return self.get_response(request)
        key = self._page_key(request, query)
        # Read before the page is built: a change committed meanwhile leaves the page
        # stored under the older generations, which the next request will not serve.
        current = generations(*scopes)
        stored = _stored(key, current)
        if stored is not None:
            return self._rebuild(stored)
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        if self._storable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            stored = (current, response.status_code, list(response.items()), response.content)
            cache.set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
            recent_pages.put(key, stored)
            for scope in scopes[1:]:
                _remember(scope, key)
        return response

    def _scopes(self, request):
        """The generations a request's page depends on and the query parameters it reads, or
        None when it is not cacheable."""
        if request.method not in ("GET", "HEAD") or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return None
        if "authorization" in request.headers:
            return None
        page = _page_for(request.path_info)
        if page is None:
            return None
        depends_on, params, kwargs = page
        if depends_on == FILM:
            return (CATALOG, film_scope(kwargs.get("slug") or kwargs["film_slug"])), params
        return (CATALOG,), params

    def _page_key(self, request, query):
        # Pages carry absolute URLs (canonical, Open Graph, the feed), so the scheme and
        # host are part of what a page is. The host is not validated here: a host Django
        # refuses is answered 400 further in, and a 400 is never stored.
        origin = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}"
        page = f"{release()}\n{origin}{request.path}?{query}\n{request.headers.get('accept', '')}"
        return f"{KEY_PREFIX}:page:{hashlib.sha256(page.encode()).hexdigest()}"

    def _storable(self, request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.has_header("Cache-Control")
        )

    def _rebuild(self, stored):
        """The stored response again. Its headers were checked when it was first made (and
        carry its Vary: Cookie), so they go straight into the new response's header store
        rather than one by one through its checks: the hit is the site's hottest path."""
        _, status, headers, content = stored
        response = HttpResponse(content, status=status)
        response.headers._store.update((name.lower(), (name, value)) for name, value in headers)
        response.headers._store["x-cache"] = ("X-Cache", "hit")
        return response

"""Figures worked out from the catalogue, kept in the shared cache under its generation.

Every write they depend on (films, genres, certificates, advisories, effective ratings) bumps
the catalogue's generation (pagecache.generations), so a value stored under the current one
is exact, and the next request after a write works it out again.
"""

from django.core.cache import cache

from pagecache import CATALOG, generations, recent_pages

# How long a value is kept at most: the catalogue's generation decides whether it still holds.
SECONDS = 24 * 60 * 60


def stored(key, compute):
    """The value stored under `key` for the catalogue's current generation, else compute()'s,
    stored for the next request. This process keeps a copy beside its recent pages
    (pagecache.recent_pages), so that a value it has read costs no round trip while the
    generation, which it reads from memory, stays the same."""
    # Read before computing: a write committed meanwhile leaves the value stored under the
    # older generation, which the next request will not use.
    generation = generations(CATALOG)[0]
    local_key = f"catalog-store:{key}"
    found = recent_pages.get(local_key)
    if found is not None and found[0] == generation:
        return found[1]
    found = cache.get(key)
    if found is None or found[0] != generation:
        found = (generation, compute())
        cache.set(key, found, SECONDS)
    recent_pages.put(local_key, found)
    return found[1]

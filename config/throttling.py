"""The API's rate limits (REST_FRAMEWORK's throttles), each client's requests counted in
a window that opens at its first request and lasts the rate's period.

DRF's own throttles keep a list of every request's time per client, read from the cache
and written back whole on each request, twice (anonymous requests count against both
limits): under make bench, about a tenth of an uncached API list. Here a request adds one
to a counter, in one round trip on Redis (config/redis_cache.RedisCache.count). A client can
send up to twice the rate around the end of one window and the start of the next, which
DRF's sliding window would not allow; for limits meant to stop floods, not to meter use,
that is the usual trade.
"""

import math

from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def count(key, seconds, now):
    """Count one more request for `key`: (requests in its window so far, seconds left)."""
    counter = getattr(cache, "count", None)
    if counter is not None:
        return counter(key, seconds)
    # Any other cache (a file in development, memory in tests): read and written back, as
    # DRF's own throttles do, with the window's start kept beside the count.
    opened, counted = cache.get(key) or (now, 0)
    if now - opened >= seconds:
        opened, counted = now, 0
    left = opened + seconds - now
    cache.set(key, (opened, counted + 1), math.ceil(left))
    return counted + 1, left


class WindowCounting:
    """DRF's SimpleRateThrottle, counting in a window (see the module's docstring)."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        counted, self.left = count(f"{self.key}:window", self.duration, self.timer())
        return counted <= self.num_requests

    def wait(self):
        return self.left


class AnonWindowThrottle(WindowCounting, AnonRateThrottle):
    """Anonymous requests, per client address: API_ANON_RATE."""


class UserWindowThrottle(WindowCounting, UserRateThrottle):
    """Per account, or per address for anonymous requests: API_USER_RATE."""

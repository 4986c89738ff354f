"""Abuse limits: how often an account or an address may do something, counted in the cache.

The counts live in Django's default cache (Redis when CACHE_URL says so, so that several
app servers share them); the rates are in settings.RATE_LIMITS, e.g. {"review": "10/h"}.
"""

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage


class RateLimited(Exception):
    """Raised when `action` was done too often; try again in `retry_after` seconds."""

    def __init__(self, action, retry_after):
        self.action = action
        self.retry_after = max(1, retry_after)
        super().__init__(f"Too many attempts at {action}; try again in {self.retry_after} seconds.")


def count_for_account(action, user):
    """Count one `action` by this account; raise RateLimited past the limit."""
    _count(action, None, lambda group, request: f"user:{user.pk}")


def count_for_address(action, request):
    """Count one `action` from the request's address; raise RateLimited past the limit."""
    _count(action, request, "ip")


def _count(action, request, key):
    usage = get_usage(
        request, group=f"reelwise.{action}", key=key, rate=settings.RATE_LIMITS[action], increment=True
    )
    if usage is not None and usage["should_limit"]:
        raise RateLimited(action, usage["time_left"])


def too_many_requests(request, exc):
    """The page a limit gives: status 429 with Retry-After, not an error page."""
    minutes = -(-exc.retry_after // 60)
    response = render(
        request, "reviews/rate_limited.html", {"retry_minutes": minutes, "action": exc.action}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    return response

"""Abuse limits: how often an account or an address may do something.

django-ratelimit counts in Django's default cache (Redis when CACHE_URL says so, so that
several app servers share the counts); the rates are settings.RATE_LIMITS, such as
{"review": "10/h"}. Views limited per address carry `per_address(action)`; the services
count per account with `count_for_account()`. Either way the library's middleware hands a
refusal to `too_many_requests` (settings.RATELIMIT_VIEW): a page, not an error.
"""

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

# What an address (rather than an account) is limited in; `per_address` decorates their views.
ADDRESS_ACTIONS = ("signup", "login", "password_reset", "media_list")


class RateLimited(Ratelimited):
    """`action` was done too often; try again in `retry_after` seconds."""

    def __init__(self, action, retry_after):
        self.action = action
        self.retry_after = max(1, retry_after)
        super().__init__(f"Too many attempts at {action}; try again in {self.retry_after} seconds.")


def _group(action):
    return f"reelwise.{action}"


def _rate(group, request):
    return settings.RATE_LIMITS[group.removeprefix(_group(""))]


def per_address(action, method="POST"):
    """django-ratelimit's decorator: each request by `method` to the view counts one `action`
    for the visitor's address; past the limit the view is not run."""
    return ratelimit(group=_group(action), key="ip", rate=_rate, method=method)


def count_for_account(action, user):
    """Count one `action` by this account; raise RateLimited past the limit."""
    usage = get_usage(
        None, group=_group(action), key=lambda group, request: f"user:{user.pk}", rate=_rate, increment=True
    )
    if usage is not None and usage["should_limit"]:
        raise RateLimited(action, usage["time_left"])


def _address_retry_after(request):
    """Seconds until the address may try again: the longest wait among the limits it is over."""
    waits = [
        usage["time_left"]
        for action in ADDRESS_ACTIONS
        if (usage := get_usage(request, group=_group(action), key="ip", rate=_rate, increment=False))
        and usage["should_limit"]
    ]
    return max(waits, default=60)


def too_many_requests(request, exception):
    """settings.RATELIMIT_VIEW: status 429 with Retry-After, and a page saying when to try again."""
    retry_after = getattr(exception, "retry_after", None) or _address_retry_after(request)
    minutes = -(-retry_after // 60)
    response = render(request, "accounts/rate_limited.html", {"retry_minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response

"""Type-ahead answered before the rest of the middleware.

A suggestion (GET /search/suggestions/?q=) is public JSON for anyone: it reads no session,
user, CSRF token or message, and sets no cookie. Yet through the whole MIDDLEWARE it pays
for each of them on every keystroke, about as much as finding the films. So the first
middleware sends it through a short chain of its own: the same middleware classes, in the
same order, less those that do nothing for it:

- kept, as they shape its response: SecurityMiddleware (HTTPS redirect, HSTS, nosniff,
  referrer and opener policies), the page cache, CommonMiddleware (the Host check, a 400
  for a host not allowed, Content-Length), XFrameOptionsMiddleware and CSPMiddleware;
- left out: WhiteNoise (static files only), the page views (film pages only), sessions,
  CSRF (a GET), authentication, messages, Axes (sign-in) and the rate limiter (views that
  ask for it), none of which reads or writes anything for this response.

Everything else, HEAD and every other path, goes through the full MIDDLEWARE unchanged.
tests/test_suggestions.py checks that both ways give the same headers.
"""

from django.core.handlers.exception import convert_exception_to_response
from django.urls import reverse
from django.utils.module_loading import import_string

SHORT_CHAIN = [
    "django.middleware.security.SecurityMiddleware",
    "pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]


class SuggestionsFirstMiddleware:
    """Place it first in MIDDLEWARE: GET /search/suggestions/ goes through SHORT_CHAIN to
    its view; every other request carries on through the rest of MIDDLEWARE."""

    def __init__(self, get_response):
        from pages.views import suggestions

        self.get_response = get_response
        # Built as Django builds the full chain: each layer turns an exception into its
        # response (a DisallowedHost into a 400, say).
        handler = convert_exception_to_response(suggestions)
        for path in reversed(SHORT_CHAIN):
            handler = convert_exception_to_response(import_string(path)(handler))
        self.suggestions = handler
        self.path = None

    def __call__(self, request):
        if self.path is None:
            self.path = reverse("suggestions")
        if request.method == "GET" and request.path_info == self.path:
            return self.suggestions(request)
        return self.get_response(request)

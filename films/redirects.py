"""Old addresses of renamed and merged films: their pages, and their API URLs, answer a
permanent redirect to the film's address now (FilmSlugRedirect keeps the old slugs)."""

from django.http import HttpResponsePermanentRedirect

from films.models import FilmSlugRedirect


def to_current_slug(request, slug):
    """A 301 to this request's URL with the film's slug now in place of `slug`, an address
    the film had before; None when no film ever had it (the caller answers its own 404)."""
    current = FilmSlugRedirect.objects.filter(old_slug=slug).values_list("film__slug", flat=True).first()
    if current is None:
        return None
    path = request.path.replace(f"/{slug}/", f"/{current}/", 1)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)

"""What the film page reads of a film, each read's SQL composed once per process.

The same rows as `for_film_page(Film.objects.for_page()).page_of(slug=...)`, kept where
prefetch_related would keep them (`film.trivia.all()`, `advisory.ratings.all()` cost no
query), but through prepared reads (the `prepared` package): on a page built for every
first visit, composing nine querysets cost the ORM more than SQLite took to answer them.
"""

from advisories.models import Alternative, ContentRating, DiscussionPrompt
from films.models import Certificate, Credit, Film, Trivia, keep_name_lists, name_rows
from prepared import Prepared

FILM = Prepared(
    lambda slug: Film.objects.filter(slug=slug).select_related(
        "advisory", "advisory__author", "rating", "community_advisory"
    )
)
CERTIFICATES = Prepared(lambda film: Certificate.objects.filter(film_id=film))
TRIVIA = Prepared(lambda film: Trivia.objects.filter(film_id=film))
CREDITS = Prepared(lambda film: Credit.objects.filter(film_id=film).select_related("person"))
RATINGS = Prepared(lambda advisory: ContentRating.objects.filter(advisory_id=advisory))
PROMPTS = Prepared(lambda advisory: DiscussionPrompt.objects.filter(advisory_id=advisory))
ALTERNATIVES = Prepared(
    lambda advisory: Alternative.objects.filter(advisory_id=advisory).select_related(
        "film__advisory", "film__rating"
    )
)


NAMES = Prepared(lambda film: name_rows(film_id=film))


def film_for_page(slug):
    """The film with this slug and all its page shows of it, or None."""
    found = FILM.objects(slug)
    if not found:
        return None
    film = found[0]
    _keep(film, "certificates", CERTIFICATES.objects(film.pk))
    _keep(film, "trivia", TRIVIA.objects(film.pk))
    _keep(film, "credits", CREDITS.objects(film.pk))
    keep_name_lists([film], NAMES.rows(film.pk))
    advisory = getattr(film, "advisory", None)
    if advisory is not None:
        _keep(advisory, "ratings", RATINGS.objects(advisory.pk))
        _keep(advisory, "prompts", PROMPTS.objects(advisory.pk))
        _keep(advisory, "alternatives", ALTERNATIVES.objects(advisory.pk))
    return film


def _keep(instance, name, items):
    """Keep `items` as prefetch_related keeps what it fetched (as films.models.keep_name_lists
    does): `getattr(instance, name).all()` then returns them without a query."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = items
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset

"""What the film page reads of a film, each read's SQL composed once per process.

The same rows as prefetch_related would read, kept where it would keep them
(`film.trivia.all()`, `advisory.ratings.all()` cost no query), but through prepared reads
(the `prepared` package): on a page built for every first visit, composing nine querysets
cost the ORM more than SQLite took to answer them.
"""

from advisories.models import Alternative, ContentRating, DiscussionPrompt
from films.models import Certificate, Credit, Film, Trivia, keep_name_lists, keep_prefetched, name_rows
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
    keep_prefetched(film, "certificates", CERTIFICATES.objects(film.pk))
    keep_prefetched(film, "trivia", TRIVIA.objects(film.pk))
    keep_prefetched(film, "credits", CREDITS.objects(film.pk))
    keep_name_lists([film], NAMES.rows(film.pk))
    advisory = getattr(film, "advisory", None)
    if advisory is not None:
        keep_prefetched(advisory, "ratings", RATINGS.objects(advisory.pk))
        keep_prefetched(advisory, "prompts", PROMPTS.objects(advisory.pk))
        keep_prefetched(advisory, "alternatives", ALTERNATIVES.objects(advisory.pk))
    return film

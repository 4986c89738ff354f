"""What parents and teens say about a film: the film page's community section."""

from reviews.models import Review, Role


def for_film(film, user):
    """The context the film page's community section needs, in a fixed number of queries."""
    reviews = list(film.reviews.published().select_related("author").order_by("-created_at"))
    return {
        "parent_reviews": [r for r in reviews if r.author_role == Role.PARENT],
        "teen_reviews": [r for r in reviews if r.author_role == Role.TEEN],
        "review_statuses": Review.Status,
    }

"""The community's part of a person's data download (accounts.personal_data): their own
reviews and ratings in full; of the reviews and notes they marked or reported, and the
reviews they moderated, only a link to the film and the review's or rating's id, since
those words are someone else's."""

from accounts.personal_data import register
from advisories.models import Category


def _review_link(review):
    if review is None:
        return None
    return {"id": review.pk, "film_url": review.film.get_absolute_url()}


def reviews(user):
    return [
        {
            "film": str(review.film),
            "film_slug": review.film.slug,
            "stars": review.stars,
            "age_recommendation": review.age_recommendation,
            "title": review.title,
            "body": review.body,
            "flags": review.flags,
            "status": review.status,
            "written_as": review.author_label,
            "created_at": review.created_at.isoformat(),
            "updated_at": review.updated_at.isoformat(),
        }
        for review in user.reviews.select_related("film", "contribution").order_by("created_at", "pk")
    ]


def contributions(user):
    """Their ratings ("Rate what's in it"): the age, scores and notes."""
    return [
        {
            "film": str(c.film),
            "film_slug": c.film.slug,
            "age": c.age,
            "scores": {category.value: c.score(category) for category in Category},
            "notes": {category.value: c.note(category) for category in Category},
            "status": c.status,
            "rated_as": c.author_label,
            "created_at": c.created_at.isoformat(),
            "updated_at": c.updated_at.isoformat(),
        }
        for c in user.contributions.select_related("film").order_by("created_at", "pk")
    ]


def contribution_reports(user):
    return [
        {
            "film_url": report.contribution.film.get_absolute_url(),
            "reason": report.reason,
            "note": report.note,
            "is_open": report.is_open,
            "created_at": report.created_at.isoformat(),
        }
        for report in user.contribution_reports.select_related("contribution__film").order_by(
            "created_at", "pk"
        )
    ]


def editor_requests(user):
    return [
        {"film_url": r.film.get_absolute_url(), "created_at": r.created_at.isoformat()}
        for r in user.editor_requests.select_related("film").order_by("created_at", "pk")
    ]


def helpful_marks(user):
    return [
        {"review": _review_link(mark.review), "created_at": mark.created_at.isoformat()}
        for mark in user.helpful_marks.select_related("review__film").order_by("created_at", "pk")
    ]


def contribution_helpful_marks(user):
    """The members' notes they found helpful: a link to each, not the notes (someone else's words)."""
    return [
        {
            "rating": {"id": mark.contribution_id, "film_url": mark.contribution.get_absolute_url()},
            "created_at": mark.created_at.isoformat(),
        }
        for mark in user.contribution_helpful_marks.select_related("contribution__film").order_by(
            "created_at", "pk"
        )
    ]


def reports(user):
    return [
        {
            "review": _review_link(report.review),
            "reason": report.reason,
            "note": report.note,
            "is_open": report.is_open,
            "created_at": report.created_at.isoformat(),
        }
        for report in user.reports.select_related("review__film").order_by("created_at", "pk")
    ]


def moderation_decisions(user):
    return [
        {
            "review": _review_link(decision.review),
            "status": decision.status,
            "reason": decision.reason,
            "created_at": decision.created_at.isoformat(),
        }
        for decision in user.moderation_decisions.select_related("review__film").order_by("created_at", "pk")
    ]


def register_sections():
    for section in (
        reviews,
        contributions,
        editor_requests,
        helpful_marks,
        contribution_helpful_marks,
        reports,
        contribution_reports,
        moderation_decisions,
    ):
        register(section.__name__, section)

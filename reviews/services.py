"""The community's writes: one place for the rules, shared by the HTML views and the API.

Every function takes keyword arguments and either does the whole thing or nothing:
- django.core.exceptions.ValidationError for bad data (a dict of field errors where a field
  is at fault), to show on the form or as a 400;
- django.core.exceptions.PermissionDenied when this person may not do this at all (403);
- accounts.limits.RateLimited (with .retry_after seconds) when the account did it too often (429).
Callers fetch the review or film they act on with a queryset the person may see, so an
unpublished review is a 404 before it gets here.
"""

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

import pagecache
from accounts import limits
from accounts.models import User
from accounts.services import forget_admin_history
from advisories.models import Category
from films.models import Film
from reviews.models import (
    REPORTS_TO_HIDE,
    HelpfulMark,
    ModerationDecision,
    Report,
    Review,
    plain_text,
    score_field,
)
from reviews.moderation import reasons_to_hold

__all__ = [
    "review_arguments",
    "can_write_reviews",
    "delete_review",
    "mark_helpful",
    "moderate",
    "report_review",
    "submit_review",
]


def can_write_reviews(user):
    """Parents and teens write reviews: an active account with a birth month and year."""
    return user.is_authenticated and user.is_active and user.role() is not None


def submit_review(
    *,
    author: User,
    film: Film,
    stars: int,
    age_recommendation: int,
    title: str,
    body: str,
    flags: Sequence[str] = (),
    scores: Mapping[str, int | None] | None = None,
) -> Review:
    """Create `author`'s review of `film`, or update it if they have one.

    stars 1-5, age_recommendation 2-18, title and body as plain text (normalised here),
    flags Flag values, and optionally a 0-5 score per category keyed by its value
    ({"violence": 2}; None or missing for none). The review is stamped with the author's role
    and age today. A new review publishes at once unless the moderation rules hold it
    (reviews.moderation.reasons_to_hold); an edited review always goes back to the
    moderators. Counts against the "review" rate limit of the account.
    """
    if not can_write_reviews(author):
        raise PermissionDenied("Reviews are written by parents and teens, from an account with a birth date.")
    limits.count_for_account("review", author)
    existing = Review.objects.filter(film=film, author=author).first()
    review = existing or Review(film=film, author=author)
    previous_status = review.status
    review.stars = stars
    review.age_recommendation = age_recommendation
    review.title = " ".join(plain_text(title).split())
    review.body = plain_text(body)
    review.flags = list(flags)
    for category in Category:
        setattr(review, score_field(category), (scores or {}).get(category.value))
    review.stamp_author()
    reasons = reasons_to_hold(f"{review.title}\n{review.body}", author)
    if existing is not None:
        review.status = Review.Status.PENDING
        review.held_because = "; ".join(["edited by the author", *reasons])
    else:
        review.status = Review.Status.PENDING if reasons else Review.Status.PUBLISHED
        review.held_because = "; ".join(reasons)
    review.full_clean()
    try:
        with transaction.atomic():
            review.save()
            if existing is not None and previous_status != review.status:
                # Every change of status is in the moderation log, the rules' own too.
                _log_decision(review, review.status, None, review.held_because[:200])
    except IntegrityError as exc:  # a second tab posted the same author's first review
        raise ValidationError("You have already reviewed this film.") from exc
    return review


def review_arguments(fields: Mapping) -> dict:
    """submit_review's arguments from a review's fields as the form and the API parse them
    (`stars`, ..., `flags` and a `violence_score`... per category)."""
    return {
        "stars": fields["stars"],
        "age_recommendation": fields["age_recommendation"],
        "title": fields["title"],
        "body": fields["body"],
        "flags": fields.get("flags") or [],
        "scores": {category.value: fields.get(score_field(category)) for category in Category},
    }


def delete_review(*, user: User, review: Review) -> None:
    """The author deletes their own review, with its helpful marks and reports."""
    if review.author_id != user.pk:
        raise PermissionDenied("Only the author can delete a review.")
    review.delete()


def mark_helpful(*, user: User, review: Review) -> HelpfulMark:
    """`user` found someone else's published review helpful; once per person and review.

    PermissionDenied on one's own review; ValidationError if not published or already marked.
    Counts against the "helpful" rate limit of the account.
    """
    _check_can_respond(user, review)
    limits.count_for_account("helpful", user)
    try:
        with transaction.atomic():
            return HelpfulMark.objects.create(user=user, review=review)
    except IntegrityError as exc:
        raise ValidationError("You have already marked this review helpful.", code="duplicate") from exc


def report_review(*, user: User, review: Review, reason: str, note: str = "") -> Report:
    """`user` asks a moderator to look at a published review; once per person and review.

    `reason` is a Report.Reason value; `note` is optional plain text (at most 500
    characters). When REPORTS_TO_HIDE different people have open reports on it, the review
    is hidden (status "hidden") until a moderator decides, and the decision is logged.
    PermissionDenied on one's own review; ValidationError for a bad reason or note, an
    unpublished review, or a second report. Counts against the "report" rate limit.
    """
    _check_can_respond(user, review)
    limits.count_for_account("report", user)
    report = Report(review=review, reporter=user, reason=reason, note=plain_text(note))
    report.full_clean(exclude=["review", "reporter"])
    try:
        with transaction.atomic():
            report.save()
            # Lock the review so that two last reports cannot both miss the threshold.
            locked = Review.objects.select_for_update().get(pk=review.pk)
            open_reports = locked.reports.filter(is_open=True).count()
            if locked.status == Review.Status.PUBLISHED and open_reports >= REPORTS_TO_HIDE:
                _decide(locked, Review.Status.HIDDEN, None, f"reported by {open_reports} people")
                review.status = locked.status
    except IntegrityError as exc:
        raise ValidationError("You have already reported this review.", code="duplicate") from exc
    return report


def moderate(*, moderator: User, review: Review, status: str, reason: str = "") -> Review:
    """A moderator publishes, rejects or hides a review; closes its open reports and logs it.

    Does not check permissions: the admin does (Moderators have change_review).
    """
    if status not in Review.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    with transaction.atomic():
        _decide(review, status, moderator, reason)
        review.reports.filter(is_open=True).update(is_open=False)
    return review


def forget_reviews_of(user: User) -> None:
    """Before `user`'s account is deleted (accounts.services.delete_account): their reviews
    cascade with it; remove what else shows their words. The admin's history names each
    review by its title, and the page cache keeps the pages of their films until they
    expire, even once unservable."""
    reviews = list(user.reviews.values_list("pk", "film__slug"))
    forget_admin_history(Review, [pk for pk, _ in reviews])
    slugs = {slug for _, slug in reviews}
    transaction.on_commit(lambda: pagecache.forget(*(pagecache.film_scope(slug) for slug in slugs)))


def _check_can_respond(user, review):
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("Log in first.")
    if review.author_id == user.pk:
        raise PermissionDenied("That is your own review.")
    if review.status != Review.Status.PUBLISHED:
        raise ValidationError("This review is not published.")


def _decide(review, status, moderator, reason):
    review.status = status
    if status == Review.Status.PUBLISHED:
        review.held_because = ""
    review.save(update_fields=["status", "held_because", "updated_at"])
    _log_decision(review, status, moderator, reason)


def _log_decision(review, status, moderator, reason):
    ModerationDecision.objects.create(review=review, moderator=moderator, status=status, reason=reason)

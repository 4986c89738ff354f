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
from reviews import ratings
from reviews.models import (
    REPORTS_TO_HIDE,
    Contribution,
    ContributionHelpfulMark,
    ContributionReport,
    EditorRequest,
    HelpfulMark,
    ModerationDecision,
    Report,
    Review,
    note_field,
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
    "submit_contribution",
    "withdraw_contribution",
    "report_contribution",
    "mark_contribution_helpful",
    "moderate_contribution",
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
    existing = Review.objects.filter(film=film, author=author).select_related("contribution").first()
    review = existing or Review(film=film, author=author)
    previous_status = review.status
    review.stars = stars
    review.title = " ".join(plain_text(title).split())
    review.body = plain_text(body)
    review.flags = list(flags)
    review.stamp_author()
    # The recommended age and the scores are the author's contribution for the film.
    contribution = (
        existing.contribution
        if existing is not None
        else Contribution.objects.filter(film=film, author=author).first()
        or Contribution(film=film, author=author)
    )
    contribution.age = age_recommendation
    for category in Category:
        setattr(contribution, score_field(category), (scores or {}).get(category.value))
    contribution.stamp_author()
    reasons = reasons_to_hold(f"{review.title}\n{review.body}", author)
    if existing is not None:
        review.status = Review.Status.PENDING
        review.held_because = "; ".join(["edited by the author", *reasons])
    else:
        review.status = Review.Status.PENDING if reasons else Review.Status.PUBLISHED
        review.held_because = "; ".join(reasons)
    # The rating counts when the review does: it waits with it, and with it is published.
    contribution.status = review.status
    contribution.held_because = review.held_because[:200]
    _clean_together(review, contribution)
    try:
        with transaction.atomic():
            ratings.lock_film(film.pk)
            contribution.save()
            review.contribution = contribution
            review.save()
            if existing is not None and previous_status != review.status:
                # Every change of status is in the moderation log, the rules' own too.
                _log_decision(review, review.status, None, review.held_because[:200])
    except IntegrityError as exc:  # a second tab posted the same author's first review
        raise ValidationError("You have already reviewed this film.") from exc
    return review


def _clean_together(review, contribution):
    """Validate a review and its contribution, their errors under the review's field names."""
    errors = {}
    try:
        review.full_clean(exclude=["contribution"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        contribution.full_clean(validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault("age_recommendation" if name == "age" else name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


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
    """The author deletes their own review, with its helpful marks and reports, and the
    rating it carried (their contribution for the film)."""
    if review.author_id != user.pk:
        raise PermissionDenied("Only the author can delete a review.")
    with transaction.atomic():
        ratings.lock_film(review.film_id)
        Contribution.objects.get(pk=review.contribution_id).delete()


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
            ratings.lock_film(review.film_id)  # first, as every write about the film does
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
        ratings.lock_film(review.film_id)
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
    # The rating the review carries follows it (and the film's figures with it).
    contribution = Contribution.objects.get(pk=review.contribution_id)
    _set_contribution_status(contribution, status)
    _log_decision(review, status, moderator, reason, contribution=contribution)


def _log_decision(review, status, moderator, reason, contribution=None):
    ModerationDecision.objects.create(
        review=review, contribution=contribution, moderator=moderator, status=status, reason=reason
    )


def _set_contribution_status(contribution, status):
    contribution.status = status
    if status == Contribution.Status.PUBLISHED:
        contribution.held_because = ""
    contribution.save(update_fields=["status", "held_because", "updated_at"])


# Contributions: "Rate what's in it".


def submit_contribution(
    *,
    author: User,
    film: Film,
    age: int,
    scores: Mapping[str, int | None] | None = None,
    notes: Mapping[str, str] | None = None,
) -> Contribution:
    """Create or change `author`'s rating of `film`: the youngest age it suits (2-18), and
    per category keyed by its value an optional 0-5 score (None: not sure) and an optional
    one-sentence note (plain text, at most 200 characters).

    Published at once unless the moderation rules hold it (its notes are checked as a
    review's text is; a new account's rating always waits). A change to a note goes back
    to the moderators, as an edited review does; a change of the age or scores alone keeps
    a published rating published (numbers carry nothing to moderate). The film's community
    advisory is recounted in the same transaction. Counts against the "contribution" rate
    limit. PermissionDenied for an account that cannot rate; ValidationError for bad data.
    """
    if not can_write_reviews(author):
        raise PermissionDenied("Films are rated by parents and teens, from an account with a birth date.")
    limits.count_for_account("contribution", author)
    existing = Contribution.objects.filter(film=film, author=author).first()
    contribution = existing or Contribution(film=film, author=author)
    old_notes = existing.notes_text() if existing else ""
    contribution.age = age
    for category in Category:
        setattr(contribution, score_field(category), (scores or {}).get(category.value))
        note = " ".join(plain_text((notes or {}).get(category.value) or "").split())
        setattr(contribution, note_field(category), note)
    contribution.stamp_author()
    reasons = reasons_to_hold(contribution.notes_text(), author)
    if existing is not None and existing.status != Contribution.Status.PENDING:
        if contribution.notes_text() != old_notes:
            reasons = ["notes edited by the author", *reasons]
        if existing.status in {Contribution.Status.HIDDEN, Contribution.Status.REJECTED} and not reasons:
            reasons = ["changed after a moderator's decision"]
    contribution.status = Contribution.Status.PENDING if reasons else Contribution.Status.PUBLISHED
    contribution.held_because = "; ".join(reasons)[:200]
    contribution.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            ratings.lock_film(film.pk)
            contribution.save()
    except IntegrityError as exc:  # a second tab posted the same member's first rating
        raise ValidationError("You have already rated this film.") from exc
    return contribution


def withdraw_contribution(*, user: User, contribution: Contribution) -> None:
    """The author withdraws their rating; the film's figures lose it at once. A rating that
    a review carries is withdrawn by deleting the review."""
    if contribution.author_id != user.pk:
        raise PermissionDenied("Only the member who rated can withdraw it.")
    if Review.objects.filter(contribution=contribution).exists():
        raise ValidationError(
            "Your review of this film carries this rating: change it there, or delete the review."
        )
    with transaction.atomic():
        ratings.lock_film(contribution.film_id)
        contribution.delete()


def report_contribution(
    *, user: User, contribution: Contribution, reason: str, note: str = ""
) -> ContributionReport:
    """`user` asks a moderator to look at someone else's published rating (its notes); once
    per person. REPORTS_TO_HIDE open reports hide it until a moderator decides."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("Log in first.")
    if contribution.author_id == user.pk:
        raise PermissionDenied("That is your own rating.")
    if contribution.status != Contribution.Status.PUBLISHED:
        raise ValidationError("This rating is not published.")
    limits.count_for_account("report", user)
    report = ContributionReport(
        contribution=contribution, reporter=user, reason=reason, note=plain_text(note)
    )
    report.full_clean(exclude=["contribution", "reporter"])
    try:
        with transaction.atomic():
            ratings.lock_film(contribution.film_id)
            report.save()
            locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
            open_reports = locked.reports.filter(is_open=True).count()
            if locked.status == Contribution.Status.PUBLISHED and open_reports >= REPORTS_TO_HIDE:
                _decide_contribution(
                    locked, Contribution.Status.HIDDEN, None, f"reported by {open_reports} people"
                )
                contribution.status = locked.status
    except IntegrityError as exc:
        raise ValidationError("You have already reported this.", code="duplicate") from exc
    return report


def mark_contribution_helpful(*, user: User, contribution: Contribution) -> ContributionHelpfulMark:
    """`user` found someone else's published notes on a film helpful; once per person and
    contribution.

    PermissionDenied for one's own notes; ValidationError ("duplicate" the second time) if
    not published, without notes, or already marked. Counts against the "helpful" rate limit.
    """
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("Log in first.")
    if contribution.author_id == user.pk:
        raise PermissionDenied("Those are your own notes.")
    if contribution.status != Contribution.Status.PUBLISHED:
        raise ValidationError("These notes are not published.")
    if not contribution.notes_text():
        raise ValidationError("This rating has no notes to find helpful.")
    limits.count_for_account("helpful", user)
    try:
        with transaction.atomic():
            return ContributionHelpfulMark.objects.create(user=user, contribution=contribution)
    except IntegrityError as exc:
        raise ValidationError("You have already marked these notes helpful.", code="duplicate") from exc


def moderate_contribution(
    *, moderator: User, contribution: Contribution, status: str, reason: str = ""
) -> Contribution:
    """A moderator publishes, rejects or hides a rating; closes its open reports and logs
    it. The film's figures change in the same transaction. (The admin checks permissions.)"""
    if status not in Contribution.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    with transaction.atomic():
        ratings.lock_film(contribution.film_id)
        _decide_contribution(contribution, status, moderator, reason)
        contribution.reports.filter(is_open=True).update(is_open=False)
    return contribution


def ask_editors(*, user: User, film: Film) -> EditorRequest:
    """A member asks our editors to review a film that has no published advisory; once per
    member and film (ValidationError "duplicate" the second time)."""
    if not can_write_reviews(user):
        raise PermissionDenied("Members (parents and teens) can ask our editors.")
    if film.advisory_published_at is not None:
        raise ValidationError("Our editors have already reviewed this film.")
    limits.count_for_account("contribution", user)
    try:
        with transaction.atomic():
            return EditorRequest.objects.create(film=film, member=user)
    except IntegrityError as exc:
        raise ValidationError(
            "You have already asked our editors to review this film.", code="duplicate"
        ) from exc


def _decide_contribution(contribution, status, moderator, reason):
    _set_contribution_status(contribution, status)
    ModerationDecision.objects.create(
        contribution=contribution,
        moderator=moderator,
        status=status,
        reason=reason,
    )

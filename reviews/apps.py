from django.apps import AppConfig
from django.core.signals import request_finished
from django.db import transaction
from django.db.models.signals import post_delete, post_save


class ReviewsConfig(AppConfig):
    """The community: parents' and teens' reviews and contributions, moderation, helpful
    marks and reports, and the community advisories they add up to."""

    name = "reviews"

    def ready(self):
        import pagecache
        from accounts.services import before_deleting_account
        from advisories.models import Advisory, ContentRating
        from films.merge import film_merged
        from reviews import page_views, personal_data, services
        from reviews.models import (
            Contribution,
            ContributionHelpfulMark,
            ContributionReport,
            HelpfulMark,
            Report,
            Review,
        )

        personal_data.register_sections()
        request_finished.connect(page_views.flush_when_due, dispatch_uid="reviews-page-views")
        film_merged.connect(_recount_merged_film, weak=False, dispatch_uid="reviews-recount-merged-film")
        before_deleting_account(services.forget_reviews_of)
        # A film's pages show its reviews and members' notes with their helpful counts;
        # reports can hide one.
        pagecache.bump_on_change(Review, lambda review: [pagecache.film_scope(review.film.slug)])
        for model in (HelpfulMark, Report):
            pagecache.bump_on_change(model, lambda row: [pagecache.film_scope(row.review.film.slug)])
        for model in (ContributionReport, ContributionHelpfulMark):
            pagecache.bump_on_change(model, lambda row: [pagecache.film_scope(row.contribution.film.slug)])

        # Every change to a contribution or to an editors' advisory recounts the film's
        # community advisory and effective rating, in the same transaction.
        for model, film_id in [
            (Contribution, lambda row: row.film_id),
            (Advisory, lambda row: row.film_id),
            (ContentRating, _rating_film_id),
        ]:
            handler = _refresher(film_id)
            uid = f"reviews-ratings-{model._meta.label}"
            post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-save")
            post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def _recount_merged_film(sender, target, **kwargs):
    refresh_and_bump(target.pk)


def _rating_film_id(rating):
    from advisories.models import Advisory

    return Advisory.objects.filter(pk=rating.advisory_id).values_list("film_id", flat=True).first()


def _refresher(film_id_of):
    def refresh(sender, instance, raw=False, origin=None, **kwargs):
        from films.models import Film

        if raw or isinstance(origin, Film) or getattr(origin, "model", None) is Film:
            return  # a fixture being loaded, or the film itself being deleted
        film_id = film_id_of(instance)
        if film_id is None:
            return
        refresh_and_bump(film_id)

    return refresh


def refresh_and_bump(film_id):
    """Recount the film's figures now; once committed, make its cached pages stale, and the
    catalog's too when its effective rating changed."""
    import pagecache
    from films.models import Film
    from reviews import ratings

    changed = ratings.refresh_film(film_id)
    slug = Film.objects.filter(pk=film_id).values_list("slug", flat=True).first()
    scopes = [pagecache.film_scope(slug)] if slug else []
    if changed:
        scopes.append(pagecache.CATALOG)
    if scopes:
        transaction.on_commit(lambda: pagecache.bump(*scopes))

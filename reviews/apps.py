from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """The community: parents' and teens' reviews, moderation, helpful marks and reports."""

    name = "reviews"

    def ready(self):
        import pagecache
        from accounts.services import before_deleting_account
        from reviews import personal_data, services
        from reviews.models import HelpfulMark, Report, Review

        personal_data.register_sections()
        before_deleting_account(services.forget_reviews_of)
        # A film's pages show its reviews with their helpful counts; reports can hide one.
        pagecache.bump_on_change(Review, lambda review: [pagecache.film_scope(review.film.slug)])
        for model in (HelpfulMark, Report):
            pagecache.bump_on_change(model, lambda row: [pagecache.film_scope(row.review.film.slug)])

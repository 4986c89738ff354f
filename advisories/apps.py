from django.apps import AppConfig


class AdvisoriesConfig(AppConfig):
    """The editors' advisories: age, seven category scores with notes, texts, prompts."""

    name = "advisories"

    def ready(self):
        import pagecache
        from advisories.models import Advisory

        # Advisories show on the home page, browse, the film pages, the feed and the API.
        # An editors' advisory's publication and age are also in type-ahead's copy of the
        # titles (films/title_index.py); the effective ratings (FilmRating), which every
        # community rating may change, are not.
        for model in self.get_models():
            if model is Advisory:
                pagecache.bump_on_change(model, lambda advisory: [pagecache.CATALOG, pagecache.TITLES])
            else:
                pagecache.bump_on_change(model)

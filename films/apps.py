from django.apps import AppConfig


class FilmsConfig(AppConfig):
    """The catalogue: films, people and credits, certificates, trivia, and the importers."""

    name = "films"

    def ready(self):
        import pagecache
        from films.models import Film

        # Every public page shows films; their lists (genres, countries...) too. A film's
        # own row is also what type-ahead's copy of the titles reads (films/title_index.py).
        for model in self.get_models():
            if model is Film:
                pagecache.bump_on_change(model, lambda film: [pagecache.CATALOG, pagecache.TITLES])
            else:
                pagecache.bump_on_change(model)
        for field in Film._meta.many_to_many:
            pagecache.bump_on_m2m_change(field)

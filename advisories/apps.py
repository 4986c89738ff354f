from django.apps import AppConfig


class AdvisoriesConfig(AppConfig):
    """The editors' advisories: age, seven category scores with notes, texts, prompts."""

    name = "advisories"

    def ready(self):
        import pagecache

        # Advisories show on the home page, browse, the film pages, the feed and the API.
        for model in self.get_models():
            pagecache.bump_on_change(model)

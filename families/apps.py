from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    """A parent's children with their limits, and the verdict on a film for each."""

    name = "families"

    def ready(self):
        from families import personal_data

        personal_data.register_sections()

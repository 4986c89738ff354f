from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from reviews.groups import ensure_staff_groups_after_migrate

        # Runs after every migrate and test-database flush, so the groups always match.
        post_migrate.connect(ensure_staff_groups_after_migrate, sender=self)

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    """The site's accounts: the User model, signing up and in, lockouts and rate limits,
    API tokens, the staff groups, a person's data download and account deletion."""

    name = "accounts"

    def ready(self):
        from accounts.groups import ensure_staff_groups_after_migrate

        # Runs after every migrate and test-database flush, so the groups always match.
        post_migrate.connect(ensure_staff_groups_after_migrate, sender=self)

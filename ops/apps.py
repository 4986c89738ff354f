from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Commands for running the site rather than its content: backups, benchmark data."""

    name = "ops"

    def ready(self):
        from ops import signals

        signals.connect()

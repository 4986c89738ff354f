from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Commands for running the site rather than its content: backup and restore."""

    name = "ops"

from django.apps import AppConfig


class FilmsConfig(AppConfig):
    name = "films"

    def ready(self):
        from films import checks  # noqa: F401 - registers the system checks

from django.apps import AppConfig


class LoadtestConfig(AppConfig):
    """The production server under load: `make bench` (bench.py), the servers the load tests
    start (servers.py), and `manage.py bench_data`, which generates a realistic site."""

    name = "loadtest"

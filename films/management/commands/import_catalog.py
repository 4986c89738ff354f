from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from films.importers import ImportFailed
from films.importers.catalog import import_catalog, read_catalog


class Command(BaseCommand):
    help = (
        "Create or update films (runtime, MPA certificate, genres) from a CSV in the ggplot2 "
        "movies format. Bad rows are reported by line and skipped (--strict: nothing is written). "
        "Safe to repeat: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path, metavar="CSV")
        parser.add_argument("--strict", action="store_true", help="Fail, writing nothing, if any row is bad.")
        parser.add_argument("--limit", type=int, metavar="N", help="Read only the first N rows.")

    def handle(self, *args, csv, strict, limit, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number of rows.")
        try:
            catalog = read_catalog(csv, limit=limit)
        except ImportFailed as error:
            raise CommandError(f"{error}. Nothing was imported.") from error
        for message in catalog.rejected:
            self.stderr.write(f"{message} (skipped)" if not strict else message)
        if strict and catalog.rejected:
            raise CommandError(f"{len(catalog.rejected)} bad rows in {csv} (--strict): nothing was imported.")

        with tqdm(
            total=len(catalog.rows), unit="film", desc="Importing", disable=not self.stdout.isatty()
        ) as bar:
            summary = import_catalog(catalog.rows, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"{csv}: {summary}, {len(catalog.rejected)} rejected."))

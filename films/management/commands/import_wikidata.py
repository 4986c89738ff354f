from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from films.importers import ImportFailed
from films.importers.wikidata import QUERY, plan_import, read_results, write_plan


class Command(BaseCommand):
    help = (
        "Create or update films (Wikidata item, IMDb and TMDb ids, certificates) from the Wikidata "
        f"Query Service's SPARQL JSON results for films/importers/{QUERY.name}. A file that is not "
        "such results is refused whole. Values an editor entered are kept; a film that could be "
        "one of two is reported and skipped. Safe to repeat: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE.json")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; save nothing.")

    def handle(self, *args, file, dry_run, **options):
        try:
            films = read_results(file)
        except ImportFailed as error:
            raise CommandError(f"{error}. Nothing was imported.") from error

        quiet = not self.stdout.isatty()
        with tqdm(total=len(films), unit="film", desc="Matching", disable=quiet) as bar:
            plan, summary = plan_import(films, progress=bar.update)
        for note in summary.notes:
            self.stdout.write(note)
        if dry_run:
            self.stdout.write(f"Dry run, nothing saved. {file}: {summary}.")
            return
        with tqdm(
            total=len(plan.new_films) + len(plan.changed), unit="film", desc="Writing", disable=quiet
        ) as bar:
            try:
                write_plan(plan, progress=bar.update)
            except DatabaseError as error:
                # A batch is refused whole; those before it stay written, and a second run finds them.
                raise CommandError(
                    f"{file}: the database refused a batch of films ({error}). The batches before it were "
                    "written; run the import again to finish."
                ) from error
        self.stdout.write(self.style.SUCCESS(f"{file}: {summary}."))

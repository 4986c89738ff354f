from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from films.importers import ImportFailed
from films.importers.wikipedia import import_wikipedia


class Command(BaseCommand):
    help = (
        "Import film facts, people and credits from Wikipedia film articles: MediaWiki API "
        "responses (JSON) or wikitext files. Values an editor changed by hand are kept unless "
        "--overwrite. Each file is read and checked whole before anything is written, and "
        "refused whole if it is over a cap (5 MB, 30 levels of nesting, 5,000 credits...)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; save nothing.")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace values an editor changed by hand, too."
        )

    def handle(self, *args, paths, dry_run, overwrite, **options):
        failed = []  # the failed files' names
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for path in paths:
            try:
                reports = import_wikipedia(path.read_bytes(), str(path), overwrite=overwrite, dry_run=dry_run)
            except OSError as error:
                self.stderr.write(f"{path}: cannot be read ({error.strerror or error})")
            except ImportFailed as error:
                self.stderr.write(str(error))
            else:
                for report in reports:
                    counts[report.status] += 1
                    self.stdout.write(f"{path}: " + "\n".join(report.lines()))
                continue
            failed.append(str(path))

        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        summary = f"Films: {summary}; files failed: {len(failed)} of {len(paths)}."
        self.stdout.write(f"Dry run, nothing saved. {summary}" if dry_run else summary)
        if failed:
            raise CommandError(f"{len(failed)} of {len(paths)} files failed (see above): {', '.join(failed)}")

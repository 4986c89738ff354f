from django.core.management.base import BaseCommand

import pagecache
from reviews import ratings


class Command(BaseCommand):
    help = (
        "Recount every film's community advisory and effective rating from the rows "
        "(they are kept current on every write; this is for after a bulk load, and for safety)."
    )

    def handle(self, *args, **options):
        count = ratings.rebuild_all()
        pagecache.bump_catalog()
        self.stdout.write(f"Recounted {count} films.")

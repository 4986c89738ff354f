from django.core.management.base import BaseCommand
from django.db.models import Count

from films.models import Film


class Command(BaseCommand):
    help = (
        "List films that are likely one film on two pages: the same title once case, accents, "
        "punctuation, '&'/'and' and a leading article are left aside (\"The Iron Giant\", "
        '"Iron Giant, The"), and the same year. Merge them in the admin: Films › select the '
        'duplicate › "Merge into another film…".'
    )

    def handle(self, *args, **options):
        keys = (
            Film.objects.values("match_key", "year")
            .annotate(films=Count("pk"))
            .filter(films__gt=1)
            .order_by("match_key", "year")
        )
        groups = 0
        for key in keys.iterator():
            films = (
                Film.objects.filter(match_key=key["match_key"], year=key["year"])
                .select_related("advisory")
                .order_by("pk")
            )
            groups += 1
            self.stdout.write(f"{key['match_key']} ({key['year']}):")
            for film in films:
                advisory = getattr(film, "advisory", None)
                notes = [f"{film.votes} votes"] + ([f"advisory ({advisory.status})"] if advisory else [])
                self.stdout.write(f"  {film.slug}  {film}  [{', '.join(notes)}]")
        if groups:
            self.stdout.write(f"{groups} likely duplicates.")
        else:
            self.stdout.write("No likely duplicates.")

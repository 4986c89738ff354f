import datetime
import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accounts.confusables import skeleton
from accounts.models import Role, User
from advisories.models import Advisory, Category, ContentRating, DiscussionPrompt
from films.models import Film
from pagecache import bump_catalog
from reviews import ratings as community_ratings
from reviews.models import Contribution, Flag, Review

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Generate benchmark data on top of an imported catalog: published advisories and "
        "published reviews, deterministic for a given --seed. Not for a real site."
    )

    def add_arguments(self, parser):
        parser.add_argument("--advisories", type=int, default=5000)
        parser.add_argument("--reviews", type=int, default=200_000)
        parser.add_argument("--reviews-per-author", type=int, default=100)
        parser.add_argument("--writers", type=int, default=16, help="Signed-in writer accounts to create.")
        parser.add_argument("--writer-password", default="bench-writer-password")
        parser.add_argument("--seed", type=int, default=2010)

    def handle(self, *args, **opts):
        rng = random.Random(opts["seed"])
        film_ids = list(
            Film.objects.filter(advisory__isnull=True).order_by("pk").values_list("pk", flat=True)
        )
        if len(film_ids) < opts["advisories"]:
            raise CommandError(
                f"Only {len(film_ids)} films lack an advisory; import the catalog first "
                f"(python manage.py import_catalog CSV)."
            )
        advised = rng.sample(film_ids, opts["advisories"])
        with transaction.atomic():
            self._advisories(rng, advised)
            self._reviews(rng, advised, opts["reviews"], opts["reviews_per_author"])
            self._writers(opts["writers"], opts["writer_password"])
        bump_catalog()
        self.stdout.write(
            f"{opts['advisories']} advisories, {opts['reviews']} reviews and "
            f"{opts['writers']} writer accounts (bench-writer-0…) generated."
        )

    def _advisories(self, rng, film_ids):
        now = timezone.now()
        advisories = [
            Advisory(
                film_id=film_id,
                status=Advisory.Status.PUBLISHED,
                age=rng.randint(2, 18),
                stars=rng.randint(1, 5),
                one_liner=f"Benchmark advisory {i}: a one-line summary of a typical length.",
                parents_need_to_know="Generated text for the benchmark. " * 12,
                story="Generated story for the benchmark. " * 10,
                is_it_any_good="Generated verdict for the benchmark. " * 8,
                published_at=now - datetime.timedelta(minutes=i),
            )
            for i, film_id in enumerate(film_ids)
        ]
        Advisory.objects.bulk_create(advisories, batch_size=BATCH)
        # bulk_create skips Advisory.save(), which keeps each film's copy of the date.
        Film.objects.filter(pk__in=film_ids).update(
            advisory_published_at=Subquery(
                Advisory.objects.filter(film=OuterRef("pk")).values("published_at")[:1]
            )
        )
        advisories = Advisory.objects.filter(film_id__in=film_ids).only("pk")
        ratings, prompts = [], []
        for advisory in advisories:
            for category in Category.values:
                ratings.append(
                    ContentRating(
                        advisory=advisory,
                        category=category,
                        score=rng.randint(0, 5),
                        note=f"Generated note about {category} for the benchmark.",
                    )
                )
            prompts += [
                DiscussionPrompt(advisory=advisory, text=f"Generated question {n} for families?", order=n)
                for n in range(3)
            ]
        ContentRating.objects.bulk_create(ratings, batch_size=BATCH)
        DiscussionPrompt.objects.bulk_create(prompts, batch_size=BATCH)

    def _reviews(self, rng, film_ids, count, per_author):
        authors_needed = -(-count // per_author)
        this_year = timezone.localdate().year
        User.objects.bulk_create(
            [
                User(
                    username=f"bench-reviewer-{n}",
                    username_skeleton=skeleton(f"bench-reviewer-{n}"),
                    password=make_password(None),
                    birth_year=this_year - (15 if n % 3 == 0 else 40),
                    birth_month=1,
                )
                for n in range(authors_needed)
            ],
            batch_size=BATCH,
        )
        authors = list(
            User.objects.filter(username__startswith="bench-reviewer-").values_list("pk", "birth_year")
        )
        flags = Flag.values
        batch, made = [], 0
        for author_id, birth_year in authors:
            teen = this_year - birth_year < 18
            for film_id in rng.sample(film_ids, min(per_author, count - made)):
                # Each review carries its author's rating of the film (a contribution).
                contribution = Contribution(
                    film_id=film_id,
                    author_id=author_id,
                    author_role=Role.TEEN if teen else Role.PARENT,
                    author_age=this_year - birth_year - 1 if teen else None,
                    age=rng.randint(2, 18),
                    status=Contribution.Status.PUBLISHED,
                    **{f"{c.value}_score": rng.randint(0, 5) for c in Category},
                )
                batch.append(
                    Review(
                        film_id=film_id,
                        author_id=author_id,
                        author_role=contribution.author_role,
                        author_age=contribution.author_age,
                        stars=rng.randint(1, 5),
                        contribution=contribution,
                        title="A generated review title",
                        body="Generated review text for the benchmark. " * 6,
                        flags=rng.sample(flags, rng.randint(0, 2)),
                        status=Review.Status.PUBLISHED,
                    )
                )
                made += 1
            if len(batch) >= BATCH:
                _create_reviews(batch)
                batch = []
            if made >= count:
                break
        _create_reviews(batch)
        # bulk_create sends no signals: recount every film's community advisory and rating.
        community_ratings.rebuild_all()

    def _writers(self, count, password):
        hashed = make_password(password)
        year = timezone.localdate().year - 40
        User.objects.bulk_create(
            [
                User(
                    username=f"bench-writer-{n}",
                    username_skeleton=skeleton(f"bench-writer-{n}"),
                    password=hashed,
                    birth_year=year,
                    birth_month=1,
                    date_joined=timezone.now() - datetime.timedelta(days=30),
                )
                for n in range(count)
            ]
        )


def _create_reviews(reviews):
    contributions = Contribution.objects.bulk_create([r.contribution for r in reviews], batch_size=BATCH)
    for review, contribution in zip(reviews, contributions, strict=True):
        review.contribution = contribution
    Review.objects.bulk_create(reviews, batch_size=BATCH)

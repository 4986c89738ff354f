import datetime
import operator
import random
import time
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from accounts.confusables import skeleton
from accounts.models import Role, User
from advisories.models import MAX_AGE, MAX_SCORE, MIN_AGE, Advisory, Category, ContentRating, DiscussionPrompt
from films.models import Film
from pagecache import bump_catalog_and_titles
from reviews import ratings as community_ratings
from reviews.models import Contribution, Flag, Review, note_field, score_field

BATCH = 2000
SQLITE_CACHE_KIB = 512 * 1024
# A film's share of the members' ratings grows with its IMDb votes to this power: at a
# million ratings, the most voted films get about two thousand, the median film three or
# four, and some twenty thousand films without an editors' advisory get a community one.
POPULARITY = 0.8
# How members' answers spread around what is in the film: an age a year or two either
# side, a score one either side; "not sure" for some scores; a note on a few ratings.
AGE_NOISE = [-2, -1, -1, 0, 0, 0, 0, 1, 1, 2]
SCORE_NOISE = [-1, 0, 0, 0, 1]
NOT_SURE = 0.12
WITH_NOTE = 0.08
NOTES = [
    "A long chase with loud bangs that may scare young children.",
    "Mild language throughout, nothing stronger than a few insults.",
    "Two kisses and a bedroom scene that cuts away early.",
    "Characters drink at a party; nobody is shown drunk.",
    "The brand placements are hard to miss in the shopping scenes.",
    "The lead owns up to her mistakes and helps her friends.",
    "A good message about courage without preaching.",
]
# Films' typical youngest ages, so that the figures cluster as real ones do.
FILM_AGES = [4, 6, 8, 8, 10, 10, 12, 12, 12, 13, 14, 14, 15, 16, 16, 18]
# Ratings were made over the last two years, to the ten minutes.
TEN_MINUTES_IN_TWO_YEARS = 2 * 365 * 24 * 6
CATEGORY_FIELDS = [(score_field(category), note_field(category)) for category in Category]
NO_NOTES = {note: "" for _, note in CATEGORY_FIELDS}


class Command(BaseCommand):
    help = (
        "Generate benchmark data on top of an imported catalog: published advisories, published "
        "reviews and members' ratings (contributions) with the figures they add up to, "
        "deterministic for a given --seed. Not for a real site."
    )

    def add_arguments(self, parser):
        parser.add_argument("--advisories", type=int, default=5000)
        parser.add_argument("--reviews", type=int, default=200_000)
        parser.add_argument("--reviews-per-author", type=int, default=100)
        parser.add_argument(
            "--contributions",
            type=int,
            default=1_000_000,
            help="Members' ratings in all, the reviews' own included; the rest are ratings "
            "without a review, spread over the catalog by popularity.",
        )
        parser.add_argument(
            "--members", type=int, default=40_000, help="Member accounts (a third teens) who rate films."
        )
        parser.add_argument("--writers", type=int, default=16, help="Signed-in writer accounts to create.")
        parser.add_argument("--writer-password", default="bench-writer-password")
        parser.add_argument("--seed", type=int, default=2010)

    def handle(self, *args, **opts):
        ratings_alone = opts["contributions"] - opts["reviews"]
        if ratings_alone < 0:
            raise CommandError("--contributions counts the reviews' own ratings: give at least --reviews.")
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
        self.truths = {}
        self.now = timezone.now()
        timings = {}
        if connection.vendor == "sqlite":
            # The new rows' index pages, in memory until the commit (SQLite's default is 2 MB,
            # and spilling them half-written cost more than writing them).
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        with transaction.atomic():
            started = time.monotonic()
            self._advisories(rng, advised)
            timings["advisories"] = time.monotonic() - started
            started = time.monotonic()
            self._reviews(rng, advised, opts["reviews"], opts["reviews_per_author"])
            timings["reviews"] = time.monotonic() - started
            started = time.monotonic()
            rated = self._ratings(rng, ratings_alone, opts["members"])
            timings["ratings"] = time.monotonic() - started
            started = time.monotonic()
            # bulk_create sends no signals: count every film's figures, all at once.
            community_ratings.rebuild_all_in_bulk()
            timings["figures"] = time.monotonic() - started
            self._writers(opts["writers"], opts["writer_password"])
        bump_catalog_and_titles()  # films' advisory_published_at written with update()
        self.stdout.write(
            f"{opts['advisories']} advisories, {opts['reviews']} reviews, "
            f"{opts['reviews'] + rated} members' ratings ({rated} without a review, from "
            f"{opts['members']} members) and {opts['writers']} writer accounts (bench-writer-0…) "
            "generated; seconds: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in timings.items())
        )

    def _truth(self, rng, film_id):
        """What is in the film, which members' ratings spread around: (age, a score per
        category in Category's order)."""
        if film_id not in self.truths:
            self.truths[film_id] = (rng.choice(FILM_AGES), [rng.randint(0, MAX_SCORE) for _ in Category])
        return self.truths[film_id]

    def _rating(self, rng, film_id, author_id, role, author_age):
        """A published contribution's columns: a member's answers about the film."""
        age, scores = self._truth(rng, film_id)
        created = self.now - datetime.timedelta(minutes=10 * rng.randrange(TEN_MINUTES_IN_TWO_YEARS))
        rating = {
            "film_id": film_id,
            "author_id": author_id,
            "author_role": role,
            "author_age": author_age,
            "age": min(MAX_AGE, max(MIN_AGE, age + rng.choice(AGE_NOISE))),
            "status": Contribution.Status.PUBLISHED,
            "held_because": "",
            "created_at": created,
            "updated_at": created,
            **NO_NOTES,
        }
        for (score_name, _), score in zip(CATEGORY_FIELDS, scores, strict=True):
            # One draw decides "not sure" or how far from the film's score the answer is.
            draw = rng.random()
            answer = None
            if draw >= NOT_SURE:
                noise = SCORE_NOISE[int((draw - NOT_SURE) / (1 - NOT_SURE) * len(SCORE_NOISE))]
                answer = min(MAX_SCORE, max(0, score + noise))
            rating[score_name] = answer
        if rng.random() < WITH_NOTE:
            rating[rng.choice(CATEGORY_FIELDS)[1]] = rng.choice(NOTES)
        return rating

    def _advisories(self, rng, film_ids):
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
                published_at=self.now - datetime.timedelta(minutes=i),
            )
            for i, film_id in enumerate(film_ids)
        ]
        Advisory.objects.bulk_create(advisories, batch_size=BATCH)
        # bulk_create skips Advisory.save(), which keeps each film's copy of the date and stars.
        advisory = Advisory.objects.filter(film=OuterRef("pk"))
        Film.objects.filter(pk__in=film_ids).update(
            advisory_published_at=Subquery(advisory.values("published_at")[:1]),
            advisory_stars=Subquery(advisory.values("stars")[:1]),
        )
        advisories = Advisory.objects.filter(film_id__in=film_ids).only("pk", "film_id", "age")
        ratings, prompts = [], []
        for advisory in advisories:
            scores = [rng.randint(0, 5) for _ in Category]
            for category, score in zip(Category, scores, strict=True):
                ratings.append(
                    ContentRating(
                        advisory=advisory,
                        category=category.value,
                        score=score,
                        note=f"Generated note about {category.value} for the benchmark.",
                    )
                )
            # Members mostly agree with our editors: what they rate spreads around this.
            self.truths[advisory.film_id] = (advisory.age, scores)
            prompts += [
                DiscussionPrompt(advisory=advisory, text=f"Generated question {n} for families?", order=n)
                for n in range(3)
            ]
        ContentRating.objects.bulk_create(ratings, batch_size=BATCH)
        DiscussionPrompt.objects.bulk_create(prompts, batch_size=BATCH)

    def _members(self, rng, prefix, count):
        """Create `count` member accounts, a third of them teens, and return each one's
        (pk, role, age if a teen) as their ratings record them."""
        today = timezone.localdate()
        unusable = make_password(None)  # nobody logs in as them
        User.objects.bulk_create(
            [
                User(
                    username=f"{prefix}{n}",
                    username_skeleton=skeleton(f"{prefix}{n}"),
                    password=unusable,
                    birth_year=today.year - (rng.randint(14, 17) if n % 3 == 0 else rng.randint(30, 55)),
                    birth_month=1,
                    date_joined=self.now - datetime.timedelta(days=400),
                )
                for n in range(count)
            ],
            batch_size=BATCH,
        )
        members = []
        created = User.objects.filter(username__startswith=prefix).order_by("pk")
        for pk, year, month in created.values_list("pk", "birth_year", "birth_month"):
            member = User(birth_year=year, birth_month=month)
            role = member.role(today)
            members.append((pk, role, member.age(today) if role == Role.TEEN else None))
        return members

    def _reviews(self, rng, film_ids, count, per_author):
        authors = self._members(rng, "bench-reviewer-", -(-count // per_author))
        contributions, reviews = Rows(Contribution), Rows(Review)
        flags = Flag.values
        made = 0
        for author_id, role, author_age in authors:
            for film_id in rng.sample(film_ids, min(per_author, count - made)):
                # Each review carries its author's rating of the film (a contribution).
                rating = self._rating(rng, film_id, author_id, role, author_age)
                reviews.add(
                    {
                        "film_id": film_id,
                        "author_id": author_id,
                        "author_role": role,
                        "author_age": author_age,
                        "stars": rng.randint(1, 5),
                        "contribution_id": contributions.add(rating),
                        "title": "A generated review title",
                        "body": "Generated review text for the benchmark. " * 6,
                        "flags": rng.sample(flags, rng.randint(0, 2)),
                        "status": Review.Status.PUBLISHED,
                        "held_because": "",
                        "created_at": rating["created_at"],
                        "updated_at": rating["created_at"],
                    }
                )
                made += 1
            if made >= count:
                break
        contributions.close()
        reviews.close()

    def _ratings(self, rng, count, members_wanted):
        """`count` ratings without a review, from new members, spread over the whole catalog
        by popularity: many films with a few, popular films with many (never more than
        there are members: one rating per member and film). Returns how many were made."""
        if not count:
            return 0
        members = self._members(rng, "bench-member-", members_wanted)
        films = list(Film.objects.order_by("pk").values_list("pk", "votes"))
        weights = [max(votes or 0, 1) ** POPULARITY for _, votes in films]
        per_film = Counter(rng.choices([pk for pk, _ in films], weights=weights, k=count))
        contributions = Rows(Contribution)
        for film_id in sorted(per_film):
            for index in rng.sample(range(len(members)), min(per_film[film_id], len(members))):
                contributions.add(self._rating(rng, film_id, *members[index]))
        return contributions.close()

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
                    date_joined=self.now - datetime.timedelta(days=30),
                )
                for n in range(count)
            ]
        )


class Rows:
    """Rows of `model` written BATCH at a time, with ids given here (the next after the
    largest): by executemany on SQLite, by COPY on PostgreSQL (where an INSERT a row took
    three times as long). At a million rows bulk_create's preparation of each value costs
    more than the database's work, and SQLite's parameter limit makes it send 41 rows a
    statement; here only dates and JSON are prepared, by their fields."""

    def __init__(self, model):
        self.model = model
        # The id first, then every other column, read from a row's values in one call.
        self.fields = [model._meta.pk, *(f for f in model._meta.concrete_fields if not f.primary_key)]
        self.values_of = operator.itemgetter(*(field.attname for field in self.fields[1:]))
        # (index, field, the values it prepared: dates repeat, so each is prepared once)
        self.prepared = [
            (index, field, {} if isinstance(field, models.DateTimeField) else None)
            for index, field in enumerate(self.fields)
            if isinstance(field, models.DateTimeField | models.JSONField)
        ]
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(self.fields))})"  # noqa: S608
        self.copy = f"COPY {table} ({columns}) FROM STDIN"
        self.next_id = (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        self.batch, self.count = [], 0

    def add(self, values):
        """Queue a row: `values` has every column but the id, by attname. Returns its id."""
        pk = self.next_id
        self.next_id += 1
        row = [pk, *self.values_of(values)]
        for index, field, seen in self.prepared:
            value = row[index]
            if seen is None:
                row[index] = field.get_db_prep_save(value, connection)
            else:
                if value not in seen:
                    seen[value] = field.get_db_prep_save(value, connection)
                row[index] = seen[value]
        self.batch.append(row)
        if len(self.batch) >= BATCH:
            self._write()
        return pk

    def close(self):
        """Write what is queued and set the table's id sequence past the new ids (PostgreSQL).
        Returns how many rows were written."""
        self._write()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(sql)
        return self.count

    def _write(self):
        if not self.batch:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(self.copy) as copy:
                    for row in self.batch:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, self.batch)
        self.count += len(self.batch)
        self.batch = []

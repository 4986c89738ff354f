"""The read models behind every community figure and every filter, kept current on each
write, in the same transaction, one film at a time:

- reviews.CommunityAdvisory: what a film's published contributions add up to (counts, the
  median age, per category the median and how many said 0..5);
- advisories.FilmRating: the advisory filters and verdicts read: the editors' where a
  published one exists, else the community's once COMMUNITY_ADVISORY_MIN members have
  rated the film, else no row.

`refresh_film()` recounts one film from its rows (never from the previous figures), under
a lock on the film's CommunityAdvisory row, so that concurrent writers about one film are
serialised and the figures always equal a recount. Writes call it through the signals
connected in reviews.apps; `rebuild_all()` (the `rebuild_community` command and the
migration) recounts every film, and `rebuild_all_in_bulk()` does the same in a few queries
for rows written without signals (bench_data).

The functions take an app registry, so that a migration can run them on its historical
models: they use only plain ORM calls.
"""

import itertools
import math
import operator
import statistics

from django.apps import apps as global_apps
from django.conf import settings
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from advisories.models import MAX_AGE, MAX_SCORE, MIN_AGE, Category

PUBLISHED = "published"
ROLES = ("parent", "teen")


def cautious_median(values, *, round_up=True):
    """The median as a whole number; a half (3.5) rounds up for an age or a concern and
    down for a positive category: either way towards the more careful figure."""
    if not values:
        return None
    middle = statistics.median(values)
    return math.floor(middle + 0.5) if round_up else math.ceil(middle - 0.5)


def figures(rows):
    """The community advisory's field values from published contributions' rows, each
    (author_role, age, score per Category in order)."""
    ages = [row[1] for row in rows]
    values = {
        "contributors": len(rows),
        "parents": sum(1 for row in rows if row[0] == "parent"),
        "teens": sum(1 for row in rows if row[0] == "teen"),
        "age": cautious_median(ages),
        "age_counts": [ages.count(age) for age in range(MIN_AGE, MAX_AGE + 1)],
        "is_shown": len(rows) >= settings.COMMUNITY_ADVISORY_MIN,
    }
    for index, category in enumerate(Category, start=2):
        scores = [row[index] for row in rows if row[index] is not None]
        values[category.value] = cautious_median(scores, round_up=not category.is_positive)
        values[f"{category.value}_spread"] = [scores.count(score) for score in range(MAX_SCORE + 1)]
    return values


def lock_film(film_id, apps=global_apps):
    """Lock (creating it if need be) the film's CommunityAdvisory row until the transaction
    ends: every write about a film's figures goes through this first."""
    CommunityAdvisory = apps.get_model("reviews", "CommunityAdvisory")
    return CommunityAdvisory.objects.select_for_update().get_or_create(film_id=film_id)[0]


def refresh_film(film_id, apps=global_apps):
    """Recount `film_id`'s community advisory and its effective rating. Returns whether the
    effective rating changed (a catalog page may show it) or not."""
    Contribution = apps.get_model("reviews", "Contribution")
    with transaction.atomic():
        community = lock_film(film_id, apps)
        rows = list(
            Contribution.objects.filter(film_id=film_id, status=PUBLISHED)
            .order_by()
            .values_list("author_role", "age", *(f"{c.value}_score" for c in Category))
        )
        values = figures(rows)
        if values["is_shown"] and community.shown_since is None:
            values["shown_since"] = timezone.now()
        elif not values["is_shown"]:
            values["shown_since"] = None
        for name, value in values.items():
            setattr(community, name, value)
        community.save()
        return _refresh_rating(film_id, community, apps)


def _refresh_rating(film_id, community, apps):
    Advisory = apps.get_model("advisories", "Advisory")
    ContentRating = apps.get_model("advisories", "ContentRating")
    FilmRating = apps.get_model("advisories", "FilmRating")
    advisory = Advisory.objects.filter(film_id=film_id, status=PUBLISHED).first()
    editors = None
    if advisory is not None:
        scores = dict(ContentRating.objects.filter(advisory=advisory).values_list("category", "score"))
        editors = (advisory.age, advisory.published_at, scores)
    wanted = effective_rating(editors, community)
    if wanted is None:
        return FilmRating.objects.filter(film_id=film_id).delete()[0] > 0
    current = FilmRating.objects.filter(film_id=film_id).values(*wanted).first()
    if current == wanted:
        return False
    FilmRating.objects.update_or_create(film_id=film_id, defaults=wanted)
    return True


def effective_rating(editors, community):
    """The field values of a film's FilmRating, or None for no row: the editors' where they
    published an advisory (`editors` is its (age, published_at, {category: score})), else the
    community's once shown (`community`, the film's CommunityAdvisory)."""
    if editors is not None:
        age, published_at, scores = editors
        wanted = {
            "source": "editors",
            "age": age,
            "rated_at": published_at,
            **{c.value: scores.get(c.value) for c in Category},
        }
    elif community.is_shown:
        wanted = {
            "source": "community",
            "age": community.age,
            "rated_at": community.shown_since,
            **{c.value: getattr(community, c.value) for c in Category},
        }
    else:
        return None
    wanted["contributors"] = community.contributors
    return wanted


def rebuild_all(apps=global_apps):
    """Recount every film that has contributions, a community advisory, a published
    editors' advisory or an effective rating. Returns how many films were recounted."""
    film_ids = set()
    for model, field in [
        (apps.get_model("reviews", "Contribution"), "film_id"),
        (apps.get_model("reviews", "CommunityAdvisory"), "film_id"),
        (apps.get_model("advisories", "Advisory"), "film_id"),
        (apps.get_model("advisories", "FilmRating"), "film_id"),
    ]:
        film_ids.update(model.objects.order_by().values_list(field, flat=True).distinct())
    for film_id in sorted(film_ids):
        refresh_film(film_id, apps)
    return len(film_ids)


def rebuild_all_in_bulk(apps=global_apps, batch_size=2000):
    """What rebuild_all() does, for every film at once in a few queries: for rows written
    with bulk_create (bench_data), which sends no signals. It takes no locks, so nobody may
    write meanwhile. The figures are refresh_film()'s: `figures()` of the same rows and
    `effective_rating()`. Where a film is shown, its shown_since is kept if it had one,
    else it is when its COMMUNITY_ADVISORY_MIN-th published contribution was made
    (refresh_film, there at that moment, says "now"). Returns how many films were counted.
    """
    Contribution = apps.get_model("reviews", "Contribution")
    CommunityAdvisory = apps.get_model("reviews", "CommunityAdvisory")
    Advisory = apps.get_model("advisories", "Advisory")
    ContentRating = apps.get_model("advisories", "ContentRating")
    FilmRating = apps.get_model("advisories", "FilmRating")
    film_ids = set()
    for model in (Contribution, CommunityAdvisory, Advisory, FilmRating):
        film_ids.update(model.objects.order_by().values_list("film_id", flat=True).distinct())
    shown = CommunityAdvisory.objects.exclude(shown_since=None)
    shown_since = dict(shown.values_list("film_id", "shown_since"))

    published = Contribution.objects.filter(status=PUBLISHED)
    # When each film got its COMMUNITY_ADVISORY_MIN-th published contribution.
    nth = (
        published.annotate(
            n=Window(RowNumber(), partition_by=F("film_id"), order_by=[F("created_at"), F("pk")])
        )
        .filter(n=settings.COMMUNITY_ADVISORY_MIN)
        .values_list("film_id", "created_at")
    )
    shown_since = dict(nth) | shown_since

    communities = {}
    # Ordered by film, one film's rows after another: the (film, status) index, no sort.
    rows = (
        published.order_by("film_id")
        .values_list("film_id", "author_role", "age", *(f"{c.value}_score" for c in Category))
        .iterator(chunk_size=10_000)
    )
    for film_id, group in itertools.groupby(rows, key=operator.itemgetter(0)):
        values = figures([row[1:] for row in group])
        if values["is_shown"]:
            values["shown_since"] = shown_since[film_id]
        communities[film_id] = CommunityAdvisory(film_id=film_id, **values)
    for film_id in film_ids - communities.keys():
        communities[film_id] = CommunityAdvisory(film_id=film_id, **figures([]))

    editors = {
        film_id: (age, published_at, {})
        for film_id, age, published_at in Advisory.objects.filter(status=PUBLISHED).values_list(
            "film_id", "age", "published_at"
        )
    }
    published_scores = ContentRating.objects.filter(advisory__status=PUBLISHED)
    for film_id, category, score in published_scores.values_list("advisory__film_id", "category", "score"):
        editors[film_id][2][category] = score

    with transaction.atomic():
        CommunityAdvisory.objects.all().delete()
        FilmRating.objects.all().delete()
        CommunityAdvisory.objects.bulk_create(communities.values(), batch_size=batch_size)
        effective = {film_id: effective_rating(editors.get(film_id), c) for film_id, c in communities.items()}
        FilmRating.objects.bulk_create(
            (FilmRating(film_id=film_id, **wanted) for film_id, wanted in effective.items() if wanted),
            batch_size=batch_size,
        )
    return len(film_ids)

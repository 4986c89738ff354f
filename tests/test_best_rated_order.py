"""A film keeps a copy of its published advisory's stars (Film.advisory_stars), which "best
rated first" reads in film_best_rated_idx's order: the copy follows every change of the
advisory, and the order is the one the advisories' own stars give."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from advisories.models import Advisory
from films.models import Film
from tests.factories import AdvisoryFactory, FilmFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("films.migrations.0010_best_rated_order")


def stars_of(film):
    return Film.objects.values_list("advisory_stars", flat=True).get(pk=film.pk)


def test_the_copy_follows_publishing_editing_withdrawing_and_deleting():
    advisory = AdvisoryFactory(stars=4, draft=True)
    assert stars_of(advisory.film) is None  # a draft's stars are nobody's to read

    advisory.status, advisory.published_at = Advisory.Status.PUBLISHED, advisory.created_at
    advisory.save()
    assert stars_of(advisory.film) == 4

    advisory.stars = 2
    advisory.save()
    assert stars_of(advisory.film) == 2

    advisory.status = Advisory.Status.DRAFT
    advisory.save()
    assert stars_of(advisory.film) is None

    advisory.status = Advisory.Status.PUBLISHED
    advisory.save()
    advisory.delete()
    assert stars_of(advisory.film) is None


def test_a_film_saved_from_an_older_copy_keeps_its_advisorys_stars():
    film = FilmFactory()
    stale = Film.objects.get(pk=film.pk)  # loaded before the advisory was published
    AdvisoryFactory(film=film, stars=5)

    stale.runtime = 101
    stale.save()

    assert stars_of(film) == 5


def test_the_migration_copies_the_published_advisories_stars():
    published = AdvisoryFactory(stars=3)
    draft = AdvisoryFactory(stars=5, draft=True)
    Film.objects.update(advisory_stars=None)

    migration.copy_published_stars(apps, None)

    assert stars_of(published.film) == 3
    assert stars_of(draft.film) is None


@pytest.mark.parametrize("ordering", ["-stars", "stars"])
def test_best_rated_first_lists_the_published_advisories_by_their_stars_then_title(client, ordering):
    for n, stars in enumerate([3, 5, 1, 5, 3, 4]):
        AdvisoryFactory(film__title=f"Film {'FCAEBD'[n]}", stars=stars, age=8 + n)
    AdvisoryFactory(film__title="A draft", stars=5, draft=True)
    FilmFactory(title="No advisory")

    listed = client.get(reverse("api:film-list"), {"ordering": ordering, "age_max": 12}).json()["results"]

    expected = sorted(
        Advisory.objects.filter(status="published", age__lte=12).values_list("stars", "film__title"),
        key=lambda pair: (-pair[0] if ordering == "-stars" else pair[0], pair[1]),
    )
    assert [(film["stars"], film["title"]) for film in listed] == expected
    assert len(listed) == 5  # the draft, the film without one and the age-13 film left out

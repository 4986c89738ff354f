"""Migration films 0006 rewrites the titles imports wrote, keeping editors' titles."""

import importlib

import pytest
from django.apps import apps

from films.models import Film
from films.search import search
from tests.factories import FilmFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("films.migrations.0006_titles_as_written")


def imported(title, year, facts=None):
    """A film as the catalog import made it before this migration."""
    film = FilmFactory(title=title, year=year, imported_facts={"runtime": 100, **(facts or {})})
    Film.objects.filter(pk=film.pk).update(sort_title="", match_key="", search_document="")
    return film


def test_imported_titles_are_written_as_people_write_them_and_old_slugs_redirect():
    godfather = imported("Godfather, The", 1972)
    camelie = imported("Signora senza camelie, La", 1953)

    migration.retitle_films(apps, None)

    godfather.refresh_from_db()
    assert (godfather.title, godfather.slug, godfather.sort_title) == (
        "The Godfather",
        "the-godfather-1972",
        "godfather",
    )
    assert godfather.imported_facts == {"runtime": 100, "title": "The Godfather"}
    assert Film.objects.get(pk=camelie.pk).title == "La signora senza camelie"
    assert Film.objects.by_slug_or_redirect("godfather-the-1972") == (None, "the-godfather-1972")


def test_titles_editors_wrote_are_kept():
    by_hand = FilmFactory(title="Lion King, The", year=1994)  # no imported facts: an editor's
    retitled = imported("Jungle Book, The", 1967, {"title": "Jungle Book (Disney), The"})

    migration.retitle_films(apps, None)

    assert Film.objects.get(pk=by_hand.pk).title == "Lion King, The"
    assert Film.objects.get(pk=retitled.pk).title == "Jungle Book, The"


def test_a_rename_that_would_make_two_films_alike_is_left_for_a_merge():
    FilmFactory(title="The Iron Giant", year=1999)
    catalog = imported("Iron Giant, The", 1999)

    migration.retitle_films(apps, None)

    assert Film.objects.get(pk=catalog.pk).title == "Iron Giant, The"
    assert Film.objects.filter(match_key="irongiant", year=1999).count() == 2


def test_every_film_can_be_searched_afterwards():
    imported("Godfather, The", 1972)

    migration.retitle_films(apps, None)

    assert [f.title for f in search(Film.objects.all(), "the godfathr")] == ["The Godfather"]

"""The text search index follows every change of a film, and SQLite's is repaired after a
migration that rebuilt the films table."""

import pytest
from django.db import connection

from films.models import Film
from films.search import repair_sqlite_triggers, search
from tests.factories import FilmFactory


def found(q):
    return [(f.title, f.year) for f in search(Film.objects.all(), q)[:10]]


@pytest.mark.django_db(transaction=True)
def test_films_added_renamed_and_deleted_are_searched_as_they_are_now():
    film = FilmFactory(title="Paddington", year=2014)
    assert found("paddington") == [("Paddington", 2014)]

    film.title = "Paddington 2"
    film.save()
    assert found("paddington 2") == [("Paddington 2", 2014)]
    assert found("paddingtn") == [("Paddington 2", 2014)]

    film.delete()
    assert found("paddington") == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 triggers are SQLite's")
def test_the_sqlite_index_is_repaired_when_a_migration_dropped_its_triggers():
    FilmFactory(title="Paddington", year=2014)
    with connection.cursor() as cursor:
        for name in ("insert", "delete", "update"):
            cursor.execute(f"DROP TRIGGER films_film_fts_{name}")
    FilmFactory(title="Paddington 2", year=2017)  # not indexed: no trigger

    repair_sqlite_triggers(connection)

    assert sorted(found("paddington")) == [("Paddington", 2014), ("Paddington 2", 2017)]
    FilmFactory(title="Wonka", year=2023)
    assert found("wonka") == [("Wonka", 2023)]

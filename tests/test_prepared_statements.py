"""On PostgreSQL the kept SQL of prepared reads and composed pages runs as prepared
statements (prepared.run): planned once per connection, with the same rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import prepared
from films.models import Film
from tests.factories import FilmFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"),
]

BY_ID = 'SELECT "title" FROM "films_film" WHERE "id" IN (%s, %s) ORDER BY "title"'


def statements(sql_part):
    """The statements this connection has prepared whose SQL has `sql_part` in it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall() if sql_part in statement]


def test_a_kept_read_is_planned_once_and_gives_the_rows_each_time():
    first, second = FilmFactory(title="Alpha"), FilmFactory(title="Beta")

    assert prepared.run(connection, BY_ID, [first.pk, second.pk]) == [("Alpha",), ("Beta",)]
    assert prepared.run(connection, BY_ID, [second.pk, 0]) == [("Beta",)]

    assert len(statements('WHERE "id" IN ($1, $2)')) == 1


def test_small_and_large_ids_share_one_statement():
    """psycopg sends 5 as a smallint and 40,000 as an integer: passed as they are, each mix
    would be a statement of its own."""
    prepared.run(connection, BY_ID, [5, 40_000])
    prepared.run(connection, BY_ID, [40_000, 5])
    prepared.run(connection, BY_ID, [5, 6])

    assert len(statements('WHERE "id" IN ($1, $2)')) == 1


def test_with_prepared_statements_off_the_sql_runs_as_any_query(monkeypatch):
    """PREPARED_STATEMENTS=0, for a pooler that loses a connection's statements."""
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "prepare_threshold", None)
    film = FilmFactory(title="Alpha")

    assert prepared.run(connection, BY_ID, [film.pk, 0]) == [("Alpha",)]
    assert statements('WHERE "id" IN ($1, $2)') == []


def test_a_search_page_reads_its_films_by_a_prepared_statement(client):
    for title in ["Toy Story", "Toy Story 2", "Cars"]:
        FilmFactory(title=title)

    first = client.get(reverse("films:browse"), {"q": "toy story"})
    again = client.get(reverse("films:browse"), {"q": "toy stroy"})

    for response in (first, again):
        assert response.status_code == 200
        assert "Toy Story 2" in response.text and "Cars" not in response.text
    assert len(statements(f'FROM "{Film._meta.db_table}"')) == 1


def test_the_query_log_shows_a_prepared_statements_sql_with_its_values():
    with CaptureQueriesContext(connection) as queries:
        prepared.run(connection, BY_ID, [7, 40_000])

    assert [query["sql"] for query in queries.captured_queries] == [
        'SELECT "title" FROM "films_film" WHERE "id" IN (7, 40000) ORDER BY "title"'
    ]

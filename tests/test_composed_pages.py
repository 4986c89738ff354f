"""A film list's page is composed once per shape of its filters (pages/composed.py): a later
request with other values runs the same SQL with its own values, and finds its own films."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from advisories.models import Category
from films.models import Film
from pages import composed
from pages.api.views import LISTED
from pages.film_list import FilmList
from pages.filters import FilmFilterSet
from reviews import services
from tests.factories import AdvisoryFactory, CertificateFactory, FilmFactory, GenreFactory, UserFactory

pytestmark = pytest.mark.django_db

# Pairs of requests with the same filters and other values, newest first and in each order.
SAME_SHAPES = [
    ("age_max=8", "age_max=12"),
    (
        "age_max=8&violence_max=1&language_max=1&source=community",
        "age_max=12&violence_max=3&language_max=0&source=editors",
    ),
    ("role_models_min=2&sex_max=0", "role_models_min=4&sex_max=2"),
    ("year_min=1990&year_max=2000", "year_min=2001&year_max=2024"),
    ("genre=drama&mpa=PG", "genre=comedy&mpa=R"),
    (
        "positive_messages_min=3&consumerism_max=2&drinking_max=3",
        "positive_messages_min=0&consumerism_max=5&drinking_max=0",
    ),
    ("age_max=10&ordering=-stars", "age_max=6&ordering=-stars"),
    ("year_min=1980&ordering=title", "year_min=2010&ordering=title"),
    ("has_advisory=false&year_max=1999", "has_advisory=false&year_max=2020"),
    ("has_advisory=true&age_max=9&ordering=-year", "has_advisory=true&age_max=15&ordering=-year"),
]


@pytest.fixture(autouse=True)
def no_kept_shapes():
    composed.shapes.clear()
    yield
    composed.shapes.clear()


def filterset(query):
    films = FilmFilterSet(QueryDict(query), queryset=Film.objects.all())
    assert films.is_valid(), films.errors
    return films


def page(query, start=0, stop=24):
    return FilmList(filterset(query), rows=LISTED.all())[slice(start, stop)]


def composed_afresh(query, start=0, stop=24):
    """The page as composed without the shapes' SQL: each part's query from the films chosen."""
    composed.shapes.clear()
    films = FilmList(filterset(query), rows=LISTED.all())
    real = composed.shapes
    composed.shapes = NoShapes()
    try:
        return films[slice(start, stop)]
    finally:
        composed.shapes = real


class NoShapes(composed.Shapes):
    def rows(self, filterset, key, compose):
        return list(compose(filterset.qs))


@pytest.fixture
def catalogue():
    drama, comedy = GenreFactory(name="Drama", slug="drama"), GenreFactory(name="Comedy", slug="comedy")
    for n in range(24):
        advisory = AdvisoryFactory(
            film__title=f"Film {n}",
            film__year=1985 + n,
            age=4 + n % 12,
            stars=1 + n % 5,
            scores={category.value: (n * (3 + i)) % 6 for i, category in enumerate(Category)},
        )
        advisory.film.genres.add(drama if n % 2 else comedy)
        CertificateFactory(film=advisory.film, rating=["G", "PG", "PG-13", "R"][n % 4])
    for n in range(6):
        FilmFactory(title=f"Unadvised {n}", year=1990 + 5 * n)
    for n in range(3):  # advised by the community alone: three members each
        film = FilmFactory(title=f"Members' {n}", year=2000 + n)
        for age in (6 + 2 * n, 7 + 2 * n, 8 + 2 * n):
            services.submit_contribution(
                author=UserFactory(), film=film, age=age, scores={"violence": n, "language": n % 2}, notes={}
            )


@pytest.mark.parametrize(("first", "second"), SAME_SHAPES)
def test_a_second_request_of_the_same_shape_gets_its_own_films(catalogue, first, second):
    first_page = page(first)
    second_page = page(second)

    assert first_page == composed_afresh(first)
    assert second_page == composed_afresh(second)
    assert [row["pk"] for row in first_page] != [row["pk"] for row in second_page], (
        "the data tells them apart"
    )


@pytest.mark.parametrize(("first", "second"), SAME_SHAPES)
def test_the_kept_sql_with_other_values_is_the_sql_composed_for_them(catalogue, first, second):
    page(first)  # keeps the shape's SQL for each part the page reads
    films = filterset(second)
    lister = FilmList(films, rows=LISTED.all())
    kept = composed.shapes.kept(films)

    assert kept
    for (part, _columns, start, stop), sql in kept.items():
        fresh = getattr(lister, part)(films.qs, start, stop).query.sql_with_params()
        assert sql.complete
        kept_sql, kept_params = sql.sql_with_params(composed.values(films))
        assert (kept_sql, kept_params) == (fresh[0], list(fresh[1]))
        # On PostgreSQL, a smallint column's number is passed as psycopg's Int2.
        assert [type(param) for param in kept_params] == [type(param) for param in fresh[1]]


def test_a_page_of_a_kept_shape_is_one_query(catalogue):
    page("age_max=8&violence_max=1&source=editors&ordering=-stars")

    with CaptureQueriesContext(connection) as queries:
        rows = page("age_max=12&violence_max=3&source=editors&ordering=-stars")

    assert len(queries) == 1
    assert rows and all(row["rating__age"] <= 12 for row in rows)


def test_a_searchs_page_is_its_films_in_order_read_with_the_kept_sql(catalogue):
    # A search alone is read by id (pages.film_list): the SQL for 24 ids is kept, and
    # another search of as many ids gets its own films, in its own order.
    searched = FilmList(filterset("q=film"), rows=LISTED.all())
    ids = searched._found[:24]
    assert len(ids) == 24
    first = searched[0:24]
    others = list(reversed(ids))

    with CaptureQueriesContext(connection) as queries:
        again = composed.shapes.rows_by_id(LISTED.all(), others)

    assert [row["pk"] for row in first] == ids
    assert [row["pk"] for row in again] == others
    assert again == sorted(LISTED.filter(pk__in=others), key=lambda row: others.index(row["pk"]))
    assert len(queries) == 1
    assert composed.shapes._composed[("by id", LISTED.query.values_select, 24)].complete
    assert composed.shapes.rows_by_id(LISTED.all(), [ids[0], -99]) == [first[0]]  # a film gone meanwhile


@pytest.mark.parametrize("query", ["q=godfather&age_max=12", "q=godfather", "", "age_max=nine"])
def test_a_search_an_unbound_or_a_bad_form_has_no_shape(query):
    films = FilmFilterSet(QueryDict(query) if query else None, queryset=Film.objects.all())

    assert composed.shape(films) is None


def test_a_filter_that_changes_its_value_is_composed_each_time(catalogue, monkeypatch):
    # A filter that did more with its value than pass it on (here: one year later) leaves
    # no stand-in among the parameters: the shape is noted incomplete and composed as before.
    original = FilmFilterSet.where

    def shifted(self, qs, path, lookup, value):
        return original(self, qs, path, lookup, value + 1 if path == "year" else value)

    monkeypatch.setattr(FilmFilterSet, "where", shifted)
    rows = page("year_max=1994")

    assert sorted(row["year"] for row in rows if row["year"] <= 1995)[-1] == 1995
    kept = composed.shapes.kept(filterset("year_max=1994"))
    assert kept and not any(sql.complete for sql in kept.values())


def test_a_rows_json_columns_are_read_together_and_what_is_not_json_stays_text():
    rows = [(1, '{"8": 2}', "[0, 1]", None), (2, "not json", "[3]", "null"), (3, "1, 2", "[4]", "5")]

    converted = list(composed._converted(rows, [], [1, 2, 3], connection))

    assert converted == [[1, {"8": 2}, [0, 1], None], [2, "not json", [3], None], [3, "1, 2", [4], 5]]


def test_every_valued_filter_is_among_the_shapes_compared():
    compared = {pair.split("=")[0] for first, _ in SAME_SHAPES for pair in first.split("&")}

    assert compared >= composed.VALUED

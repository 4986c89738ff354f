"""The header's search: suggestions as the parent types, and the results page it falls back to."""

import pytest

from tests.factories import AdvisoryFactory, FilmFactory

pytestmark = pytest.mark.django_db

URL = "/search/suggestions/"


def suggestions(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_suggestions_list_the_films_meant_with_their_page_and_published_age(client):
    AdvisoryFactory(film__title="Toy Story", film__year=1995, film__votes=200_000, age=5)
    FilmFactory(title="Toy Story 2", year=1999, votes=100_000)
    AdvisoryFactory(film__title="Toy Soldiers", film__year=1991, age=12, draft=True)

    results = suggestions(client, "toy stor")

    assert [(r["title"], r["year"], r["age"]) for r in results] == [
        ("Toy Story", 1995, 5),
        ("Toy Story 2", 1999, None),
    ]
    assert results[0]["url"] == f"/films/{results[0]['slug']}/"


def test_a_typo_still_suggests_the_film(client):
    FilmFactory(title="Harry Potter and the Sorcerer's Stone", year=2001, votes=300_000)

    assert [r["title"] for r in suggestions(client, "harry poter")] == [
        "Harry Potter and the Sorcerer's Stone"
    ]


def test_one_character_suggests_nothing_yet(client):
    FilmFactory(title="M", year=1931)

    assert suggestions(client, "m") == []


def test_a_query_too_long_is_a_400_naming_q(client):
    response = client.get(URL, {"q": "x" * 201})

    assert response.status_code == 400
    assert "q" in response.json()


def test_suggestions_take_the_same_queries_for_few_or_many_films(client, django_assert_max_num_queries):
    for n in range(30):
        FilmFactory(title=f"Star Wars Part {n}", year=1977 + n % 20, votes=n)

    # The vocabulary, whether the words as typed find films, and the films: at most three.
    with django_assert_max_num_queries(3):
        results = suggestions(client, "star wars")

    assert len(results) == 8


def test_every_page_has_the_search_form_going_to_the_results_page(client):
    page = client.get("/").content.decode()

    assert 'role="search"' in page
    assert 'action="/films/"' in page and 'name="q"' in page
    assert 'data-suggest-url="/search/suggestions/"' in page

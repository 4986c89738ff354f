"""The header's search: suggestions as the parent types, and the results page it falls back to."""

import pytest
from django.test import Client

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


def full_middleware(settings):
    """The site without type-ahead's short chain (pages/middleware.py): every request
    through the whole MIDDLEWARE, as before it."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "pages.middleware.SuggestionsFirstMiddleware"
    ]


@pytest.mark.parametrize("cache_seconds", [0, 300])
@pytest.mark.parametrize("cookies", [{}, {"sessionid": "x", "csrftoken": "y" * 32, "messages": "z"}])
@pytest.mark.parametrize("q", ["toy", "t", "x" * 201])
def test_the_short_chain_answers_as_the_whole_middleware_does(client, settings, cache_seconds, cookies, q):
    AdvisoryFactory(film__title="Toy Story", film__year=1995, age=5)
    settings.PUBLIC_PAGE_CACHE_SECONDS = cache_seconds
    client.cookies.load(cookies)

    def answer():
        response = client.get(URL, {"q": q})
        headers = {name: value for name, value in response.items() if name != "X-Cache"}
        return response.status_code, headers, response.content, response.cookies.keys()

    short = answer()
    full_middleware(settings)
    whole = answer()

    assert short == whole
    assert short[1]["Content-Security-Policy"] and short[1]["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("chain", ["short", "whole"])
def test_the_short_chain_refuses_a_host_not_allowed_and_redirects_to_https(settings, chain):
    if chain == "whole":
        full_middleware(settings)
    client = Client(raise_request_exception=False)
    assert client.get(URL, {"q": "toy"}, HTTP_HOST="evil.example").status_code == 400

    settings.SECURE_SSL_REDIRECT = True  # read as the middleware is made: a new client
    response = Client().get(URL, {"q": "toy"})
    assert response.status_code == 301 and response["Location"].startswith("https://")

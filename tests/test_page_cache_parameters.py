"""The page cache keys a page by the query parameters it reads, in one order; any other
parameter is served but never stored, so junk in the query string cannot fill the cache."""

import pytest
from django.core.cache import cache

from pagecache import recent_pages
from tests.factories import AdvisoryFactory, ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stored_pages(monkeypatch):
    """The keys of the pages the middleware stores in the shared cache, as it stores them."""
    keys = []
    real_set = cache.set

    def spying_set(key, *args, **kwargs):
        if ":page:" in key:
            keys.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spying_set)
    return keys


@pytest.fixture
def film():
    advisory = AdvisoryFactory(film__title="Cached film", age=8)
    ReviewFactory(film=advisory.film)
    return advisory.film


@pytest.mark.parametrize(
    "url",
    [
        "/films/cached-film-{year}/",
        "/films/?age_max=10",
        "/films/cached-film-{year}/reviews/?role=parent",
        "/api/v1/films/?age_max=10",
    ],
)
def test_300_requests_with_junk_parameters_store_nothing_new(client, film, stored_pages, url):
    url = url.format(year=film.year)
    assert client.get(url).status_code == 200
    assert len(stored_pages) == 1
    kept_in_memory = set(recent_pages.pages)  # the page, and the film page's shared part
    joiner = "&" if "?" in url else "?"

    # From 300 addresses, as a botnet would, so that no rate limit answers instead.
    statuses = {
        client.get(f"{url}{joiner}junk{n}={n}", REMOTE_ADDR=f"10.0.{n // 250}.{n % 250 + 1}").status_code
        for n in range(300)
    }

    assert statuses == {200}
    assert len(stored_pages) == 1
    assert set(recent_pages.pages) == kept_in_memory
    assert client.get(url).headers["X-Cache"] == "hit"


def test_a_junk_parameter_is_served_fresh_and_never_from_another_pages_entry(client, film):
    client.get("/films/?age_max=10")

    response = client.get("/films/?age_max=10&utm_source=mail")

    assert response.status_code == 200
    assert "X-Cache" not in response.headers
    assert "Cached film" in response.content.decode()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("/films/?age_max=10&ordering=title", "/films/?ordering=title&age_max=10"),
        ("/api/v1/films/?page_size=5&age_max=10&page=1", "/api/v1/films/?page=1&age_max=10&page_size=5"),
        ("/films/cached-film-{year}/reviews/?page=1&role=parent", "/films/cached-film-{year}/reviews/?role=parent&page=1"),  # noqa: E501
    ],
)  # fmt: skip
def test_the_same_parameters_in_another_order_are_one_entry(client, film, stored_pages, first, second):
    original = client.get(first.format(year=film.year))

    again = client.get(second.format(year=film.year))

    assert again.headers["X-Cache"] == "hit"
    assert again.content == original.content
    assert len(stored_pages) == 1


def test_a_repeated_parameter_keeps_its_order_as_the_last_value_counts(client, film, stored_pages):
    client.get("/films/?age_max=5&age_max=10")

    other = client.get("/films/?age_max=10&age_max=5")

    assert "X-Cache" not in other.headers
    assert len(stored_pages) == 2


def test_different_values_are_different_pages(client, film):
    client.get("/films/?age_max=10")

    assert "X-Cache" not in client.get("/films/?age_max=5").headers

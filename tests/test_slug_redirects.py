"""A renamed or merged film's old address answers 301 to the film, on the site and in the API."""

import pytest

from films.models import Film
from tests.factories import AdvisoryFactory, FilmFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed():
    film = AdvisoryFactory(film__title="Godfather, The", film__year=1972).film
    old = film.slug
    film.title = "The Godfather"
    film.slug = ""
    film.save()
    return Film.objects.get(pk=film.pk), old


@pytest.mark.parametrize(
    "path",
    ["/films/{}/", "/films/{}/reviews/", "/api/v1/films/{}/", "/api/v1/films/{}/reviews/"],
)
def test_an_old_slug_redirects_permanently_to_the_film_as_it_is_now(client, renamed, path):
    film, old = renamed
    assert old != film.slug

    response = client.get(path.format(old) + "?page=1")

    assert response.status_code == 301
    assert response["Location"] == path.format(film.slug) + "?page=1"
    assert client.get(response["Location"]).status_code == 200


def test_a_slug_no_film_ever_had_is_still_a_404(client):
    FilmFactory(title="Up")

    assert client.get("/films/never-was-1999/").status_code == 404
    assert client.get("/api/v1/films/never-was-1999/").status_code == 404


def test_saving_a_film_loaded_before_its_advisory_was_published_keeps_it_published(client):
    film = FilmFactory(title="Up")
    stale = Film.objects.get(pk=film.pk)
    AdvisoryFactory(film=film)

    stale.runtime = 96
    stale.save()

    assert Film.objects.get(pk=film.pk).advisory_published_at is not None
    assert client.get(f"/films/{film.slug}/reviews/").status_code == 200

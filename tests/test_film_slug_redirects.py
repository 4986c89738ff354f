"""A film's old addresses lead to it: Film.objects.by_slug_or_redirect(), for the page and API views."""

import pytest

from films.models import Film, FilmSlugRedirect
from tests.factories import FilmFactory

pytestmark = pytest.mark.django_db


def test_a_current_slug_gives_the_film_in_one_query(django_assert_num_queries):
    film = FilmFactory(title="The Godfather", year=1972)

    # The film by its slug.
    with django_assert_num_queries(1):
        assert Film.objects.by_slug_or_redirect("the-godfather-1972") == (film, None)


def test_an_old_slug_gives_the_current_one_in_two_queries(django_assert_num_queries):
    film = FilmFactory(title="The Godfather", year=1972)
    film.slug = "the-godfather-1972-2"
    film.save()

    # The film by its slug (none); the redirect and its film's slug.
    with django_assert_num_queries(2):
        assert Film.objects.by_slug_or_redirect("the-godfather-1972") == (None, "the-godfather-1972-2")


def test_a_slug_no_film_ever_had_raises_does_not_exist():
    with pytest.raises(Film.DoesNotExist):
        Film.objects.by_slug_or_redirect("no-such-film-1999")


def test_the_views_queryset_is_kept():
    film = FilmFactory(title="The Godfather", year=1972)

    assert Film.objects.for_page().by_slug_or_redirect(film.slug) == (film, None)
    with pytest.raises(Film.DoesNotExist):
        Film.objects.filter(year=1999).by_slug_or_redirect(film.slug)


def test_a_film_renamed_twice_redirects_from_both_old_slugs_to_the_newest():
    film = FilmFactory(title="Godfather, The", year=1972)
    for slug in ["the-godfather-1972", "the-godfather-restored-1972"]:
        film.slug = slug
        film.save()

    assert Film.objects.by_slug_or_redirect("godfather-the-1972") == (None, "the-godfather-restored-1972")
    assert Film.objects.by_slug_or_redirect("the-godfather-1972") == (None, "the-godfather-restored-1972")


def test_a_film_given_back_an_old_slug_loses_that_redirect():
    film = FilmFactory(title="The Godfather", year=1972)
    film.slug = "the-godfather-1972-2"
    film.save()
    film.slug = "the-godfather-1972"
    film.save()

    assert list(FilmSlugRedirect.objects.values_list("old_slug", flat=True)) == ["the-godfather-1972-2"]
    assert Film.objects.by_slug_or_redirect("the-godfather-1972") == (film, None)


def test_a_new_film_does_not_take_an_old_address():
    film = FilmFactory(title="Heat", year=1995)
    film.slug = "heat-1995-director-s-cut"
    film.save()

    other = FilmFactory(title="Heat!", year=1995)

    assert other.slug == "heat-1995-2"
    assert Film.objects.by_slug_or_redirect("heat-1995") == (None, "heat-1995-director-s-cut")

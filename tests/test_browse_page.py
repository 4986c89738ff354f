"""The browse page: the shared FilmFilterSet's filters as a parent uses them, through the page."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from films.models import Film
from pages.filters import FilmFilterSet
from pages.views import PAGE_SIZE
from tests.factories import (
    AdvisoryFactory,
    CertificateFactory,
    ContributionFactory,
    FilmFactory,
    GenreFactory,
)

pytestmark = pytest.mark.django_db

CARD_TITLE = re.compile(r'<h3 class="card-title"><a href="[^"]+">(.+?) \(\d{4}\)</a></h3>')


def browse(client, query=""):
    return client.get(reverse("films:browse") + (f"?{query}" if query else ""))


def titles(response):
    """The film titles on the page's cards, in the order shown."""
    return [unescape(title) for title in CARD_TITLE.findall(response.content.decode())]


def test_the_page_lists_films_with_and_without_an_advisory_and_says_which_have_none(client):
    AdvisoryFactory(film__title="Reviewed", one_liner="Our short verdict.")
    FilmFactory(title="Not reviewed")

    response = browse(client)

    page = response.content.decode()
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Not reviewed", "Reviewed"]
    assert "2 films" in page
    assert "Our short verdict." in page
    assert page.count("No advisory yet") == 1


def test_without_filters_the_newest_advisories_come_first_then_films_without_one(client):
    now = timezone.now()
    AdvisoryFactory(film__title="Older advisory", published_at=now - datetime.timedelta(days=3))
    AdvisoryFactory(film__title="Newer advisory", published_at=now)
    FilmFactory(title="A film without one")

    assert titles(browse(client)) == ["Newer advisory", "Older advisory", "A film without one"]


def test_the_form_has_a_control_for_every_filter_of_the_shared_filterset(client):
    page = browse(client).content.decode()

    assert re.search(r'<form class="filters" method="get" action="/films/"', page)
    # `suits` (one of your children) is offered to a signed-in parent with children only:
    # tests/test_suits_filter.py checks that form control.
    for name in set(FilmFilterSet.base_filters) - {"suits"}:
        assert f'name="{name}"' in page, name


def test_the_genre_select_offers_the_genres_from_the_genre_table(client):
    GenreFactory(name="Science fiction")

    page = browse(client).content.decode()

    assert '<option value="science-fiction">Science fiction</option>' in page


def test_age_max_keeps_films_whose_advisory_age_is_at_most_the_value_inclusive(client):
    AdvisoryFactory(film__title="Age 8", age=8)
    AdvisoryFactory(film__title="Age 10", age=10)
    AdvisoryFactory(film__title="Age 12", age=12)
    FilmFactory(title="No advisory")

    response = browse(client, "age_max=10")

    assert sorted(titles(response)) == ["Age 10", "Age 8"]
    assert "2 films" in response.content.decode()
    assert '<option value="10" selected>' in response.content.decode()


@pytest.mark.parametrize("category", ["violence", "sex", "language", "consumerism", "drinking"])
def test_a_concern_category_keeps_films_scoring_at_most_the_value_inclusive(client, category):
    AdvisoryFactory(film__title="Scores 1", scores={category: 1})
    AdvisoryFactory(film__title="Scores 2", scores={category: 2})
    AdvisoryFactory(film__title="Scores 3", scores={category: 3})

    assert sorted(titles(browse(client, f"{category}_max=2"))) == ["Scores 1", "Scores 2"]
    assert titles(browse(client, f"{category}_max=0")) == []


@pytest.mark.parametrize("category", ["positive_messages", "role_models"])
def test_a_positive_category_keeps_films_scoring_at_least_the_value_inclusive(client, category):
    AdvisoryFactory(film__title="Scores 2", scores={category: 2})
    AdvisoryFactory(film__title="Scores 3", scores={category: 3})
    AdvisoryFactory(film__title="Scores 4", scores={category: 4})

    assert sorted(titles(browse(client, f"{category}_min=3"))) == ["Scores 3", "Scores 4"]
    assert titles(browse(client, f"{category}_min=5")) == []


def test_genre_keeps_films_of_that_genre_and_an_unknown_genre_shows_none(client):
    drama = GenreFactory(name="Drama")
    FilmFactory(title="A drama").genres.add(drama)
    FilmFactory(title="Not a drama")

    assert titles(browse(client, "genre=drama")) == ["A drama"]
    response = browse(client, "genre=no-such-genre")
    assert response.status_code == 200
    assert titles(response) == []
    assert "No films match all of these filters." in response.content.decode()


def test_mpa_keeps_films_with_that_mpa_certificate(client):
    CertificateFactory(film__title="Rated PG", rating="PG")
    CertificateFactory(film__title="Rated R", rating="R")
    CertificateFactory(film__title="BBFC PG", system="BBFC", rating="PG")

    assert titles(browse(client, "mpa=PG")) == ["Rated PG"]


def test_year_bounds_are_inclusive(client):
    for year in (1999, 2000, 2005, 2006):
        FilmFactory(title=f"From {year}", year=year)

    assert sorted(titles(browse(client, "year_min=2000&year_max=2005"))) == ["From 2000", "From 2005"]
    assert sorted(titles(browse(client, "year_min=2006"))) == ["From 2006"]
    assert sorted(titles(browse(client, "year_max=1999"))) == ["From 1999"]


def test_title_search_finds_part_of_a_title_in_any_case(client):
    FilmFactory(title="The Iron Giant")
    FilmFactory(title="Paddington")

    assert titles(browse(client, "q=IRON")) == ["The Iron Giant"]


def test_has_advisory_splits_films_by_a_published_advisory(client):
    AdvisoryFactory(film__title="Published")
    AdvisoryFactory(film__title="Draft", draft=True)
    FilmFactory(title="None")

    assert titles(browse(client, "has_advisory=true")) == ["Published"]
    assert sorted(titles(browse(client, "has_advisory=false"))) == ["Draft", "None"]


def test_a_draft_advisory_shows_as_no_advisory_on_its_card(client):
    AdvisoryFactory(film__title="Draft", draft=True, one_liner="Secret draft verdict.")

    page = browse(client).content.decode()

    assert "No advisory yet" in page
    assert "Secret draft verdict." not in page
    assert "age 10+" not in page


def test_filters_combine(client):
    drama = GenreFactory(name="Drama")
    fits = AdvisoryFactory(film__title="Fits all", film__year=2001, age=9, scores={"language": 1})
    fits.film.genres.add(drama)
    too_old = AdvisoryFactory(film__title="Too old", film__year=2001, age=14, scores={"language": 1})
    too_old.film.genres.add(drama)
    sweary = AdvisoryFactory(film__title="Too sweary", film__year=2001, age=9, scores={"language": 4})
    sweary.film.genres.add(drama)
    AdvisoryFactory(film__title="Not a drama", film__year=2001, age=9, scores={"language": 1})
    early = AdvisoryFactory(film__title="Too early", film__year=1990, age=9, scores={"language": 1})
    early.film.genres.add(drama)

    response = browse(client, "age_max=10&language_max=2&genre=drama&year_min=2000")

    assert titles(response) == ["Fits all"]
    assert "1 film<" in response.content.decode()


def test_ordering_by_stars_puts_the_best_first_and_lists_only_rated_films(client):
    AdvisoryFactory(film__title="Three stars", stars=3)
    AdvisoryFactory(film__title="Five stars", stars=5)
    FilmFactory(title="Unrated")

    assert titles(browse(client, "ordering=-stars")) == ["Five stars", "Three stars"]
    assert titles(browse(client, "")) == ["Five stars", "Three stars", "Unrated"]


def test_each_active_filter_has_a_link_that_removes_only_that_filter(client):
    GenreFactory(name="Drama")

    page = browse(client, "age_max=10&genre=drama&page=1").content.decode()

    hidden = '<span class="visually-hidden">Remove this filter: </span>'
    assert f'<a class="chip" href="/films/?genre=drama"><span>{hidden}Suits age 10<' in page
    assert f'<a class="chip" href="/films/?age_max=10"><span>{hidden}Genre: Drama<' in page
    assert page.count("Remove this filter") == 2


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("age_max=abc", "age_max=abc", "Enter a whole number."),
        ("violence_max=9", "violence_max=9", "less than or equal to 5"),
        ("role_models_min=-1", "role_models_min=-1", "greater than or equal to 0"),
        ("year_min=19x5", "year_min=19x5", "Enter a whole number."),
        ("mpa=X", "mpa=X", "Select a valid choice."),
        ("has_advisory=maybe", "has_advisory=maybe", "Select a valid choice."),
        ("ordering=nonsense", "ordering=nonsense", "Select a valid choice."),
        ("page=zzz", "page=zzz", "A page is a whole number from 1."),
        ("page=0", "page=0", "A page is a whole number from 1."),
    ],
)
def test_a_bad_value_is_a_400_naming_the_parameter_and_never_a_500(client, query, parameter, message):
    AdvisoryFactory(film__title="A film")

    response = browse(client, query)

    page = response.content.decode()
    assert response.status_code == 400
    assert f"<code>{parameter}</code>" in page
    assert message in page
    assert titles(response) == ["A film"]


def test_a_bad_value_is_left_out_while_the_other_filters_still_apply(client):
    AdvisoryFactory(film__title="Young", age=6, stars=3)
    AdvisoryFactory(film__title="Young and better", age=7, stars=5)
    AdvisoryFactory(film__title="Older", age=14)

    response = browse(client, "age_max=8&violence_max=9&ordering=-stars")

    assert response.status_code == 400
    assert titles(response) == ["Young and better", "Young"]
    assert "We left this filter out." in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page_with_a_message(client):
    FilmFactory.create_batch(3)

    response = browse(client, "page=7")

    assert response.status_code == 400
    assert "The last page of these results is page 1." in response.content.decode()
    assert len(titles(response)) == 3


def test_results_are_paginated_and_page_links_keep_the_filters(client):
    AdvisoryFactory.create_batch(PAGE_SIZE + 2, age=8)

    first = browse(client, "age_max=10")
    second = browse(client, "age_max=10&page=2")

    assert f"{PAGE_SIZE + 2} films" in first.content.decode()
    assert len(titles(first)) == PAGE_SIZE
    assert len(titles(second)) == 2
    assert 'href="?age_max=10&amp;page=2"' in first.content.decode()
    assert 'href="?age_max=10&amp;page=1"' in second.content.decode()
    assert not set(titles(first)) & set(titles(second))


@pytest.mark.parametrize("films", [2, PAGE_SIZE])
def test_the_query_count_does_not_grow_with_the_number_of_films_on_the_page(
    client, django_assert_num_queries, films
):
    GenreFactory(name="Drama")
    AdvisoryFactory.create_batch(films)

    # 1. count the matching films, 2. the genres for the genre select,
    # 3. one page of films with their advisories.
    with django_assert_num_queries(3):
        response = browse(client, "age_max=12&violence_max=3&ordering=-stars")

    assert len(titles(response)) == films


@pytest.mark.parametrize("films", [1, PAGE_SIZE // 2])
def test_newest_first_takes_four_queries_however_many_films_with_and_without_an_advisory(
    client, django_assert_num_queries, films
):
    GenreFactory(name="Drama")
    AdvisoryFactory.create_batch(films)
    FilmFactory.create_batch(films)

    # 1. count the films, and those with an advisory, 2. the genres for the genre select,
    # 3. the page's films with an advisory, newest first, 4. the page's films without one.
    with django_assert_num_queries(4):
        response = browse(client, "year_min=2000")

    assert len(titles(response)) == 2 * films


def test_newest_first_pages_list_the_films_in_the_one_order_of_the_filterset(client, monkeypatch):
    monkeypatch.setattr("pages.views.PAGE_SIZE", 2)
    now = timezone.now()
    AdvisoryFactory(film__title="Editors, older", published_at=now - datetime.timedelta(days=2))
    AdvisoryFactory(film__title="Editors, newer", published_at=now - datetime.timedelta(days=1))
    community = FilmFactory(title="Community")
    for _ in range(3):
        ContributionFactory(film=community, age=10)
    for title, votes in [("Best known", 900), ("Known B", 50), ("Known A", 50), ("Unknown", 0)]:
        FilmFactory(title=title, votes=votes)

    shown = [title for page in range(1, 5) for title in titles(browse(client, f"page={page}"))]

    in_one_query = [film.title for film in FilmFilterSet({}, queryset=Film.objects.all()).qs]
    assert shown == in_one_query
    assert shown == [
        "Community",
        "Editors, newer",
        "Editors, older",
        "Best known",
        "Known A",
        "Known B",
        "Unknown",
    ]


def test_a_count_serves_the_next_page_and_never_outlives_a_change_to_the_catalog(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    GenreFactory(name="Drama")
    AdvisoryFactory.create_batch(2, age=8)
    assert "2 films" in browse(client, "age_max=10").content.decode()

    # The same filters on another URL: 1. the page; the count, and the genres for the genre
    # select, are the ones the first request stored under the catalog's generation.
    with django_assert_num_queries(1):
        again = browse(client, "age_max=10&page=1").content.decode()
    assert "2 films" in again
    assert '<option value="drama">Drama</option>' in again

    with django_capture_on_commit_callbacks(execute=True):
        AdvisoryFactory(age=9)

    assert "3 films" in browse(client, "age_max=10&page=1").content.decode()


def test_a_stored_count_is_kept_in_the_process_and_read_without_a_round_trip(client, monkeypatch):
    from django.core.cache import cache

    from pagecache import recent_pages

    AdvisoryFactory.create_batch(2, age=8)
    browse(client, "age_max=10")
    recent_pages.forget([key for key in recent_pages.pages if key.startswith("page-cache:")])
    fetched = []
    get = cache.get

    def recording_get(key, *args, **kwargs):
        fetched.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", recording_get)

    assert "2 films" in browse(client, "age_max=10&page=1").content.decode()
    assert not [key for key in fetched if key.startswith("film-list:")]


def test_a_search_alone_is_read_from_the_titles_in_memory_and_finds_what_the_text_index_finds(
    client, monkeypatch
):
    from films import title_index

    for title, year in [("Star Wars", 1977), ("The Star", 2017), ("Wars of Stars", 1990), ("Jaws", 1975)]:
        FilmFactory(title=title, year=year)
    AdvisoryFactory(film__title="Star Trek", film__year=1979, age=10)
    used = []
    current = title_index.current
    monkeypatch.setattr(title_index, "current", lambda: used.append(True) or current())

    for q in ["star", "star wars", "stra", "jaws 1975", "nothing like it"]:
        used.clear()
        expected = [film.title for film in FilmFilterSet({"q": q}, queryset=Film.objects.all()).qs]
        page = browse(client, f"q={q}")
        assert used, q  # the page read the titles in memory
        assert titles(page) == expected, q
        assert f"{len(expected)} film" in page.content.decode() or not expected, q

    # With another filter, the text index and the filter in SQL, as before.
    used.clear()
    assert titles(browse(client, "q=star&age_max=12")) == ["Star Trek"]
    assert not used

"""GET /api/v1/films/: the browse filters through the API, on a catalogue built for them."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from films.models import Film
from pages.api.serializers import LIST_COLUMNS, FilmSerializer
from pages.filters import FilmFilterSet
from tests.factories import (
    AdvisoryFactory,
    CertificateFactory,
    ContributionFactory,
    FilmFactory,
    GenreFactory,
)

pytestmark = pytest.mark.django_db

FILMS_URL = "/api/v1/films/"
CONCERNS = ["violence", "sex", "language", "consumerism", "drinking"]


def scores(positive_messages, role_models, violence, sex, language, consumerism, drinking):
    return {
        "positive_messages": positive_messages,
        "role_models": role_models,
        "violence": violence,
        "sex": sex,
        "language": language,
        "consumerism": consumerism,
        "drinking": drinking,
    }


@pytest.fixture
def catalogue():
    """Three films with published advisories, one without, one with a draft that would
    match every filter if drafts counted."""
    animation, drama = GenreFactory(name="Animation"), GenreFactory(name="Drama")
    now = timezone.now()
    gentle = AdvisoryFactory(
        film__title="Gentle",
        film__year=2001,
        age=6,
        stars=5,
        one_liner="Sweet and safe.",
        published_at=now - datetime.timedelta(days=3),
        scores=scores(5, 4, 0, 0, 0, 2, 0),
    ).film
    middling = AdvisoryFactory(
        film__title="Middling",
        film__year=1995,
        age=10,
        stars=3,
        published_at=now - datetime.timedelta(days=1),
        scores=scores(3, 3, 2, 1, 2, 1, 1),
    ).film
    rough = AdvisoryFactory(
        film__title="Rough",
        film__year=2015,
        age=15,
        stars=4,
        published_at=now - datetime.timedelta(days=2),
        scores=scores(2, 1, 4, 3, 4, 0, 3),
    ).film
    unrated = FilmFactory(title="Unrated", year=2010)
    drafted = AdvisoryFactory(
        film__title="Drafted",
        film__year=2012,
        draft=True,
        age=5,
        stars=5,
        one_liner="A draft nobody may see.",
        scores=scores(5, 5, 0, 0, 0, 0, 0),
    ).film
    gentle.genres.add(animation)
    unrated.genres.add(animation)
    drafted.genres.add(animation)
    middling.genres.add(drama)
    rough.genres.add(drama)
    CertificateFactory(film=gentle, rating="G")
    CertificateFactory(film=drafted, rating="G")
    CertificateFactory(film=middling, rating="PG")
    CertificateFactory(film=rough, rating="R")


def get_films(client, query=""):
    response = client.get(f"{FILMS_URL}?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def titles(client, query=""):
    return [film["title"] for film in get_films(client, query)["results"]]


def test_the_list_url_is_api_v1_films():
    assert reverse("api:film-list") == FILMS_URL


def test_each_film_shows_its_published_advisorys_age_stars_one_liner_scores_and_page_url(client, catalogue):
    films = {film["title"]: film for film in get_films(client)["results"]}

    assert films["Gentle"] == {
        "slug": "gentle-2001",
        "title": "Gentle",
        "year": 2001,
        "url": "http://testserver/films/gentle-2001/",
        "api_url": "http://testserver/api/v1/films/gentle-2001/",
        "age": 6,
        "stars": 5,
        "one_liner": "Sweet and safe.",
        "scores": scores(5, 4, 0, 0, 0, 2, 0),
        "advisory_source": "editors",
        "community_advisory": None,
    }


def test_a_film_without_an_advisory_is_listed_with_nulls(client, catalogue):
    films = {film["title"]: film for film in get_films(client)["results"]}

    unrated = films["Unrated"]
    assert (unrated["age"], unrated["stars"], unrated["one_liner"], unrated["scores"]) == (None,) * 4


def test_a_draft_advisory_never_shows_its_film_reads_as_one_without_an_advisory(client, catalogue):
    response = client.get(FILMS_URL)

    drafted = next(film for film in response.json()["results"] if film["title"] == "Drafted")
    assert (drafted["age"], drafted["stars"], drafted["one_liner"], drafted["scores"]) == (None,) * 4
    assert "A draft nobody may see." not in response.content.decode()


def test_without_ordering_the_newest_advisories_come_first_then_films_without_one_by_title(client, catalogue):
    assert titles(client) == ["Middling", "Rough", "Gentle", "Drafted", "Unrated"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("age_max=10", {"Gentle", "Middling"}),
        ("age_max=6", {"Gentle"}),
        ("age_max=18", {"Gentle", "Middling", "Rough"}),
        ("violence_max=2", {"Gentle", "Middling"}),
        ("sex_max=0", {"Gentle"}),
        ("language_max=2", {"Gentle", "Middling"}),
        ("consumerism_max=0", {"Rough"}),
        ("drinking_max=1", {"Gentle", "Middling"}),
        ("positive_messages_min=3", {"Gentle", "Middling"}),
        ("role_models_min=4", {"Gentle"}),
        ("role_models_min=5", set()),
        ("genre=animation", {"Gentle", "Unrated", "Drafted"}),
        ("genre=no-such-genre", set()),
        ("mpa=G", {"Gentle", "Drafted"}),
        ("mpa=PG", {"Middling"}),
        ("mpa=NC-17", set()),
        ("year_min=2010", {"Rough", "Unrated", "Drafted"}),
        ("year_max=1995", {"Middling"}),
        ("year_min=2001&year_max=2012", {"Gentle", "Unrated", "Drafted"}),
        ("q=ROUG", {"Rough"}),
        ("q=draft", {"Drafted"}),
        ("q=midling", {"Middling"}),
        ("has_advisory=true", {"Gentle", "Middling", "Rough"}),
        ("has_advisory=false", {"Unrated", "Drafted"}),
        ("has_advisory=", {"Gentle", "Middling", "Rough", "Unrated", "Drafted"}),
    ],
)
def test_each_filter_keeps_the_films_it_names(client, catalogue, query, expected):
    assert set(titles(client, query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("age_max=10&violence_max=2", {"Gentle", "Middling"}),
        ("age_max=10&violence_max=2&genre=drama", {"Middling"}),
        ("age_max=12&language_max=1&sex_max=0", {"Gentle"}),
        ("genre=animation&has_advisory=true", {"Gentle"}),
        ("genre=animation&has_advisory=false", {"Unrated", "Drafted"}),
        ("mpa=G&year_min=2000&year_max=2012", {"Gentle", "Drafted"}),
        ("mpa=G&age_max=18", {"Gentle"}),
        ("positive_messages_min=3&role_models_min=3&drinking_max=0", {"Gentle"}),
        ("q=middl&year_max=2001&consumerism_max=1", {"Middling"}),
        ("age_max=10&violence_max=2&genre=drama&mpa=R", set()),
    ],
)
def test_filters_combine_with_and(client, catalogue, query, expected):
    assert set(titles(client, query)) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("age", ["Gentle", "Middling", "Rough"]),
        ("-age", ["Rough", "Middling", "Gentle"]),
        ("-stars", ["Gentle", "Rough", "Middling"]),
        ("year", ["Middling", "Gentle", "Unrated", "Drafted", "Rough"]),
        ("-year", ["Rough", "Drafted", "Unrated", "Gentle", "Middling"]),
        ("title", ["Drafted", "Gentle", "Middling", "Rough", "Unrated"]),
        ("-newest", ["Middling", "Rough", "Gentle"]),
        ("newest", ["Gentle", "Rough", "Middling"]),
        ("", ["Middling", "Rough", "Gentle", "Drafted", "Unrated"]),
    ],
)
def test_ordering_by_an_advisory_lists_films_with_a_published_one_and_the_default_puts_the_rest_last(
    client, catalogue, ordering, expected
):
    assert titles(client, f"ordering={ordering}") == expected


def test_ordering_and_filters_work_together(client, catalogue):
    assert titles(client, "age_max=10&ordering=-age") == ["Middling", "Gentle"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("age_max=abc", "age_max"),
        ("age_max=1", "age_max"),
        ("age_max=19", "age_max"),
        ("violence_max=9", "violence_max"),
        ("sex_max=-1", "sex_max"),
        ("role_models_min=2.5", "role_models_min"),
        ("role_models_min=2.0", "role_models_min"),
        ("age_max=%D9%A3", "age_max"),
        ("year_min=1700", "year_min"),
        ("year_max=soon", "year_max"),
        ("mpa=PG-15", "mpa"),
        ("has_advisory=maybe", "has_advisory"),
        ("ordering=x", "ordering"),
        ("q=" + "a" * 201, "q"),
        ("genre=" + "a" * 61, "genre"),
        ("q=a%00b", "q"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=ten", "page_size"),
    ],
)
def test_a_bad_filter_value_gets_a_400_naming_the_parameter(client, catalogue, query, parameter):
    response = client.get(f"{FILMS_URL}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == [parameter]
    assert body[parameter][0]


def test_several_bad_values_are_all_named_at_once(client, catalogue):
    response = client.get(f"{FILMS_URL}?age_max=abc&violence_max=9&ordering=x&year_min=2000")

    assert response.status_code == 400
    assert response.json() == {
        "age_max": ["Enter a whole number."],
        "violence_max": ["Ensure this value is less than or equal to 5."],
        "ordering": ["Select a valid choice. x is not one of the available choices."],
    }


def test_results_come_in_pages_with_links(client, catalogue):
    first = get_films(client, "page_size=2")
    second = client.get(first["next"]).json()

    assert first["count"] == 5
    assert [f["title"] for f in first["results"]] == ["Middling", "Rough"]
    assert [f["title"] for f in second["results"]] == ["Gentle", "Drafted"]
    assert first["next"] == "http://testserver/api/v1/films/?page=2&page_size=2"


def test_filters_stay_in_the_next_page_link(client, catalogue):
    first = get_films(client, "genre=animation&page_size=1")

    assert first["count"] == 3
    assert "genre=animation" in first["next"]
    assert [f["title"] for f in client.get(first["next"]).json()["results"]] == ["Drafted"]


def test_an_empty_value_means_no_filter_as_on_the_browse_page(client, catalogue):
    everything = titles(client)

    assert titles(client, "age_max=&violence_max=&genre=&mpa=&q=&ordering=&page_size=") == everything


def test_an_unknown_url_under_the_api_is_a_json_404(client):
    response = client.get("/api/v1/films/not a slug/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("page", ["9", "0", "1.0", "last", "%D9%A1"])
def test_a_page_past_the_end_or_not_a_number_is_a_json_404(client, catalogue, page):
    response = client.get(f"{FILMS_URL}?page={page}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_the_films_cannot_be_written_to(client, catalogue, parent, client_for):
    assert client.post(FILMS_URL, {"title": "New"}).status_code == 405
    assert client_for(parent).post(FILMS_URL, {"title": "New"}).status_code == 405


def make_films(count):
    for n in range(count):
        AdvisoryFactory(film__title=f"Film {n:02}")


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_takes_two_queries_however_many_films_are_on_the_page(
    client, django_assert_num_queries, count
):
    make_films(count)
    for _ in range(3):  # with the community's figures too
        ContributionFactory(film=Film.objects.get(title="Film 00"), age=9)

    # 1. count the matching films (pagination), 2. the page of films, each joined to its
    # advisory, its effective rating and its community figures.
    with django_assert_num_queries(2):
        response = client.get(f"{FILMS_URL}?age_max=18&violence_max=5&ordering=title")
    # The same filters in another URL: only the page; the count is the one stored above.
    with django_assert_num_queries(1):
        again = client.get(f"{FILMS_URL}?age_max=18&violence_max=5&ordering=title&page=1")

    assert len(response.json()["results"]) == count == len(again.json()["results"])
    assert response.json()["results"][0]["community_advisory"]["contributors"] == 3


@pytest.mark.parametrize("count", [1, 10])
def test_newest_first_takes_three_queries_however_many_films_with_and_without_an_advisory(
    client, django_assert_num_queries, count
):
    make_films(count)
    FilmFactory.create_batch(count)

    # 1. count the films and those with an advisory, 2. the page's films with an advisory,
    # newest first, 3. the page's films without one.
    with django_assert_num_queries(3):
        response = client.get(FILMS_URL, {"year_min": 2000})

    assert len(response.json()["results"]) == 2 * count


def test_newest_first_pages_list_the_films_in_the_one_order_of_the_filterset(client):
    now = timezone.now()
    for n, days in enumerate([3, 1, 2]):
        AdvisoryFactory(film__title=f"Editors {n}", published_at=now - datetime.timedelta(days=days))
    for title, votes in [("Known B", 50), ("Best known", 900), ("Known A", 50)]:
        FilmFactory(title=title, votes=votes)

    shown = [
        film["title"]
        for page in (1, 2, 3)
        for film in client.get(FILMS_URL, {"page_size": 2, "page": page}).json()["results"]
    ]

    assert shown == [film.title for film in FilmFilterSet({}, queryset=Film.objects.all()).qs]
    assert shown == ["Editors 1", "Editors 2", "Editors 0", "Best known", "Known A", "Known B"]


def test_too_many_requests_get_a_429_with_retry_after(client, catalogue, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    # Distinct queries: a repeat of the same one would come from the page cache, unthrottled.
    assert client.get(FILMS_URL, {"q": "a"}).status_code == 200
    assert client.get(FILMS_URL, {"q": "b"}).status_code == 200
    response = client.get(FILMS_URL, {"q": "c"})

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]


def test_signed_in_people_count_against_their_own_limit(catalogue, parent, client_for, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "1/minute")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "3/minute")
    client = client_for(parent)

    statuses = [client.get(FILMS_URL).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_pages_of_an_ordered_list_follow_the_filtersets_one_ordered_query(client):
    for title, stars in [("Bb", 4), ("Aa", 4), ("Cc", 5), ("Dd", 3), ("Ee", 4)]:
        AdvisoryFactory(film__title=title, stars=stars, age=9)
    AdvisoryFactory(film__title="Too old", stars=5, age=15)
    query = {"ordering": "-stars", "age_max": 12, "page_size": 2}

    shown = [
        film["title"]
        for page in (1, 2, 3)
        for film in client.get(FILMS_URL, query | {"page": page}).json()["results"]
    ]

    filterset = FilmFilterSet({"ordering": "-stars", "age_max": 12}, queryset=Film.objects.all())
    assert shown == [film.title for film in filterset.qs] == ["Cc", "Aa", "Bb", "Ee", "Dd"]


@pytest.mark.parametrize("query", ["", "?format=json"])
def test_the_list_writes_each_row_as_the_serializers_fields_write_the_film(rf, query):
    editors = AdvisoryFactory(film__title="Editors and members").film
    community, few = FilmFactory(title="Members only"), FilmFactory(title="One member")
    for film in [editors, community, community, community, few]:
        ContributionFactory(film=film, age=7, violence_score=2)
    AdvisoryFactory(film__title="A draft", draft=True)
    FilmFactory(title="Nothing yet")
    serializer = FilmSerializer(context={"request": Request(rf.get(f"/api/v1/films/{query}"))})

    films = Film.objects.select_related("advisory", "rating", "community_advisory").order_by("pk")
    rows = Film.objects.values(*LIST_COLUMNS).order_by("pk")

    for film, row in zip(films, rows, strict=True):
        written = serializer.from_row(row)
        assert json.dumps(written) == json.dumps(serializer.to_representation(film)), film.title
    assert len(rows) == 5

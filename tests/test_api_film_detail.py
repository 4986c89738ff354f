"""GET /api/v1/films/<slug>/: a film's facts and its published advisory."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from films.models import Company, Country, Credit, Language
from reviews.models import Review
from tests.factories import (
    AdvisoryFactory,
    AlternativeFactory,
    CertificateFactory,
    CreditFactory,
    DiscussionPromptFactory,
    FilmFactory,
    GenreFactory,
    ReviewFactory,
    TriviaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def detail_url(slug):
    return reverse("api:film-detail", kwargs={"slug": slug})


def test_the_detail_url_is_the_films_slug_under_api_v1_films():
    assert detail_url("never-let-me-go-2010") == "/api/v1/films/never-let-me-go-2010/"


def test_the_demo_film_shows_its_facts_credits_and_advisory(client):
    call_command("load_demo", verbosity=0)

    film = client.get("/api/v1/films/never-let-me-go-2010/").json()

    assert film["title"] == "Never Let Me Go"
    assert film["url"] == "http://testserver/films/never-let-me-go-2010/"
    assert (film["runtime"], film["imdb_id"], film["released_theatrical"]) == (103, "tt1334260", "2010-09-15")
    assert film["genres"] == ["drama", "romance", "science-fiction"]
    assert film["distributors"] == ["Fox Searchlight Pictures"]
    [certificate] = film["certificates"]
    assert certificate | {"meaning": ""} == {
        "system": "MPA",
        "country": "US",
        "rating": "R",
        "reason": "some sexuality and nudity",
        "age": 17,
        "legal": False,
        "meaning": "",
    }
    assert "17" in certificate["meaning"]
    assert film["credits"][0] == {
        "role": "director",
        "person": "Mark Romanek",
        "character": "",
        "note": "",
        "billing": 0,
    }
    assert {"role": "writer", "person": "Kazuo Ishiguro", "character": "", "note": "novel", "billing": 2} in (
        film["credits"]
    )
    assert any(c["person"] == "Carey Mulligan" and c["character"] == "Kathy H" for c in film["credits"])
    assert any(t["is_spoiler"] for t in film["trivia"])
    advisory = film["advisory"]
    assert (advisory["age"], advisory["stars"]) == (15, 4)
    assert set(advisory["scores"]) == {
        "positive_messages",
        "role_models",
        "violence",
        "sex",
        "language",
        "consumerism",
        "drinking",
    }
    assert advisory["scores"]["violence"]["score"] == 2
    assert advisory["scores"]["violence"]["note"]
    assert len(advisory["prompts"]) == 3
    assert advisory["alternatives"][1] == {
        "slug": "atonement-2007",
        "title": "Atonement",
        "year": 2007,
        "reason": advisory["alternatives"][1]["reason"],
        "url": "http://testserver/films/atonement-2007/",
    }
    assert advisory["alternatives"][1]["reason"]


def test_credits_come_directors_first_then_writers_producers_and_cast_each_in_billing_order(client):
    film = FilmFactory(title="Ordered")
    CreditFactory(film=film, role=Credit.Role.CAST, person__name="Second lead", billing=2, character="B")
    CreditFactory(film=film, role=Credit.Role.CAST, person__name="Lead", billing=1, character="A")
    CreditFactory(film=film, role=Credit.Role.WRITER, person__name="Writer", character="")
    CreditFactory(film=film, role=Credit.Role.DIRECTOR, person__name="Director", character="")

    credits = client.get(detail_url(film.slug)).json()["credits"]

    assert [c["person"] for c in credits] == ["Director", "Writer", "Lead", "Second lead"]


def test_the_advisory_gives_texts_scores_with_notes_prompts_and_alternatives(client):
    advisory = AdvisoryFactory(film__title="Rated", age=9, stars=3, scores={"violence": 3})
    DiscussionPromptFactory(advisory=advisory, text="What would you have done?", order=1)
    DiscussionPromptFactory(advisory=advisory, text="Who was brave?", order=0)
    AlternativeFactory(advisory=advisory, film__title="Kinder", film__year=2003, reason="Gentler.")

    body = client.get(detail_url(advisory.film.slug)).json()["advisory"]

    assert body["one_liner"] == "A one-line summary written for the test."
    assert body["parents_need_to_know"] == "What parents need to know, written for the test."
    assert body["story"] == "What happens, written for the test."
    assert body["is_it_any_good"] == "Whether it is good, written for the test."
    assert body["scores"]["violence"] == {"score": 3, "note": "About violence."}
    assert list(body["scores"])[:3] == ["positive_messages", "role_models", "violence"]
    assert body["prompts"] == ["Who was brave?", "What would you have done?"]
    assert body["alternatives"] == [
        {
            "slug": "kinder-2003",
            "title": "Kinder",
            "year": 2003,
            "reason": "Gentler.",
            "url": "http://testserver/films/kinder-2003/",
        }
    ]


def test_a_film_without_an_advisory_has_advisory_null(client):
    film = FilmFactory(title="Bare")

    body = client.get(detail_url(film.slug)).json()

    assert body["title"] == "Bare"
    assert body["advisory"] is None


def test_a_draft_advisory_is_invisible_the_film_reads_as_one_without_an_advisory(client, editor, client_for):
    advisory = AdvisoryFactory(film__title="Drafting", draft=True, one_liner="Secret draft words.")
    DiscussionPromptFactory(advisory=advisory, text="A draft question?")

    for viewer in (client, client_for(editor)):
        response = viewer.get(detail_url(advisory.film.slug))

        assert response.status_code == 200
        assert response.json()["advisory"] is None
        assert "Secret draft words." not in response.content.decode()
        assert "A draft question?" not in response.content.decode()


def test_an_unpublished_advisory_disappears_from_the_api(client):
    advisory = AdvisoryFactory(film__title="Withdrawn")
    advisory.unpublish()

    assert client.get(detail_url(advisory.film.slug)).json()["advisory"] is None


def test_an_unknown_slug_is_a_json_404(client):
    response = client.get(detail_url("no-such-film-1999"))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "No Film matches the given query."}


def test_list_filters_do_not_apply_to_a_films_own_url(client):
    advisory = AdvisoryFactory(film__title="Teen film", age=15)

    response = client.get(detail_url(advisory.film.slug) + "?age_max=6&ordering=nonsense")

    assert response.status_code == 200
    assert response.json()["title"] == "Teen film"


def rich_film(n):
    """A film with a published advisory and n of each related thing the page lists."""
    advisory = AdvisoryFactory(film__title="Rich", film__released_theatrical=datetime.date(2001, 1, 1))
    film = advisory.film
    for i in range(n):
        film.genres.add(GenreFactory(name=f"Genre {i}"))
        film.countries.add(Country.objects.create(name=f"Country {i}"))
        film.languages.add(Language.objects.create(name=f"Language {i}"))
        film.studios.add(Company.objects.create(name=f"Studio {i}"))
        film.distributors.add(Company.objects.create(name=f"Distributor {i}"))
        CreditFactory(film=film, billing=i)
        TriviaFactory(film=film)
        DiscussionPromptFactory(advisory=advisory)
        AlternativeFactory(advisory=advisory, film__title=f"Alternative {i}")
    CertificateFactory(film=film, system="MPA", rating="PG")
    if n > 1:
        CertificateFactory(film=film, system="BBFC", rating="12A")
    return film


@pytest.mark.parametrize("n", [1, 5])
def test_the_detail_takes_nine_queries_however_many_credits_prompts_alternatives_trivia_and_reviews(
    client, django_assert_num_queries, n
):
    film = rich_film(n)
    for i in range(n):
        ReviewFactory(film=film, author=UserFactory(username=f"reviewer{i}"), age_recommendation=8 + i)

    # 1. the film joined to its advisory (and the advisory's editor)
    # 2. its genres, countries, languages, studios and distributors, in one query
    # 3. certificates  4. trivia  5. credits joined to their people
    # 6. the advisory's ratings  7. its prompts
    # 8. its alternatives joined to their films (and those films' advisories)
    # 9. the role, recommended age and stars of its published reviews, for `community`
    with django_assert_num_queries(9):
        body = client.get(detail_url(film.slug)).json()

    assert len(body["credits"]) == len(body["trivia"]) == len(body["advisory"]["prompts"]) == n
    assert len(body["advisory"]["alternatives"]) == len(body["studios"]) == n
    assert body["community"]["parent"]["count"] == n


def test_the_community_figures_count_published_reviews_by_role(client):
    film = FilmFactory(title="Discussed")
    for n, (age, stars) in enumerate([(8, 5), (10, 4), (11, 4)]):
        ReviewFactory(
            film=film, author=UserFactory(username=f"parent{n}"), age_recommendation=age, stars=stars
        )
    ReviewFactory(film=film, author=UserFactory(username="teen", teen=True), age_recommendation=12, stars=3)
    ReviewFactory(film=film, age_recommendation=3, stars=1, status=Review.Status.PENDING)
    ReviewFactory(film=film, age_recommendation=3, stars=1, status=Review.Status.HIDDEN)

    community = client.get(detail_url(film.slug)).json()["community"]

    parents, teens = community["parent"], community["teen"]
    assert (parents["count"], parents["median_age"], parents["mean_stars"]) == (3, 10, 4.3)
    assert (teens["count"], teens["median_age"], teens["mean_stars"]) == (1, 12, 3.0)
    assert parents["age_counts"] == {str(age): int(age in (8, 10, 11)) for age in range(2, 19)}
    assert teens["age_counts"]["12"] == 1


def test_a_film_without_reviews_has_empty_community_figures(client):
    community = client.get(detail_url(FilmFactory().slug)).json()["community"]

    assert community["parent"] | {"age_counts": None} == {
        "count": 0,
        "median_age": None,
        "mean_stars": None,
        "age_counts": None,
    }
    assert set(community["parent"]["age_counts"].values()) == {0}
    assert community["teen"]["count"] == 0


def test_the_cached_detail_shows_a_review_posted_through_the_api_at_once(
    client, parent, django_capture_on_commit_callbacks
):
    film = FilmFactory(title="Fresh")
    assert client.get(detail_url(film.slug)).json()["community"]["parent"]["count"] == 0
    token = Token.objects.create(user=parent)
    review = {"stars": 5, "age_recommendation": 7, "title": "Lovely", "body": "A gentle film for all of us."}

    with django_capture_on_commit_callbacks(execute=True):  # the page cache is bumped on commit
        posted = APIClient().post(
            reverse("api:film-review-list", kwargs={"film_slug": film.slug}),
            review,
            format="json",
            HTTP_AUTHORIZATION=f"Token {token.key}",
        )

    assert posted.status_code == 201
    assert client.get(detail_url(film.slug)).json()["community"]["parent"]["count"] == 1

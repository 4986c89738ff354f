"""GET /api/v1/films/<slug>/reviews/: what parents and teens say, once moderators publish it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.api.serializers import SCORE_FIELDS
from reviews.models import Review
from tests.factories import AdvisoryFactory, FilmFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def reviews_url(slug):
    return reverse("api:film-review-list", kwargs={"film_slug": slug})


def test_the_reviews_url_sits_under_the_films_api_url():
    assert reviews_url("never-let-me-go-2010") == "/api/v1/films/never-let-me-go-2010/reviews/"


def test_a_published_review_shows_its_author_label_and_content_but_no_private_details(client, parent, teen):
    film = FilmFactory(title="Reviewed")
    ReviewFactory(
        film=film,
        author=teen,
        stars=5,
        age_recommendation=13,
        title="Loved it",
        body="My friends and I watched it twice.",
        flags=["great_messages", "too_much_swearing"],
        created_at=timezone.now() - datetime.timedelta(days=1),
    )
    ReviewFactory(film=film, author=parent, title="Fine for twelve")

    response = client.get(reviews_url(film.slug))

    body = response.json()
    assert body["count"] == 2
    newest, older = body["results"]
    assert newest["title"] == "Fine for twelve"
    assert (newest["author"], newest["author_role"], newest["author_label"]) == (
        "parent_pat",
        "parent",
        "Parent",
    )
    assert older == {
        "id": older["id"],
        "author": "teen_tess",
        "author_role": "teen",
        "author_label": "Teen, 15 years old",
        "stars": 5,
        "age_recommendation": 13,
        "title": "Loved it",
        "body": "My friends and I watched it twice.",
        "flags": ["great_messages", "too_much_swearing"],
        **dict.fromkeys(SCORE_FIELDS),
        "created_at": older["created_at"],
    }
    page = response.content.decode()
    assert "example.com" not in page
    assert str(teen.birth_year) not in page


def test_pending_and_rejected_reviews_never_appear(client):
    film = FilmFactory(title="Moderated")
    ReviewFactory(film=film, title="Published one")
    ReviewFactory(film=film, title="Waiting one", status=Review.Status.PENDING)
    ReviewFactory(film=film, title="Rejected one", status=Review.Status.REJECTED)

    body = client.get(reviews_url(film.slug)).json()

    assert [r["title"] for r in body["results"]] == ["Published one"]
    assert body["count"] == 1


def test_only_the_films_own_reviews_are_listed(client):
    film, other = FilmFactory(title="This one"), FilmFactory(title="Another")
    ReviewFactory(film=film, title="About this one")
    ReviewFactory(film=other, title="About another")

    assert [r["title"] for r in client.get(reviews_url(film.slug)).json()["results"]] == ["About this one"]


def test_a_film_whose_advisory_is_a_draft_is_a_404_like_its_page(client):
    film = AdvisoryFactory(draft=True).film
    ReviewFactory(film=film, title="Seen it")

    response = client.get(reviews_url(film.slug))

    assert response.status_code == 404
    assert "Seen it" not in response.content.decode()
    assert client.get(reverse("reviews:film", kwargs={"slug": film.slug})).status_code == 404


def test_a_film_without_an_advisory_lists_its_reviews(client):
    film = FilmFactory()
    ReviewFactory(film=film, title="Seen it")

    assert [r["title"] for r in client.get(reviews_url(film.slug)).json()["results"]] == ["Seen it"]


def test_a_film_without_reviews_has_an_empty_list(client):
    film = FilmFactory()

    assert client.get(reviews_url(film.slug)).json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_an_unknown_film_is_a_json_404(client):
    response = client.get(reviews_url("no-such-film-1999"))

    assert response.status_code == 404
    assert response.json() == {"detail": "No Film matches the given query."}


def test_reviews_come_in_pages_newest_first(client):
    film = FilmFactory()
    now = timezone.now()
    for days in range(3):
        ReviewFactory(film=film, title=f"{days} days old", created_at=now - datetime.timedelta(days=days))

    first = client.get(reviews_url(film.slug) + "?page_size=2").json()
    second = client.get(first["next"]).json()

    assert [r["title"] for r in first["results"]] == ["0 days old", "1 days old"]
    assert [r["title"] for r in second["results"]] == ["2 days old"]


@pytest.mark.parametrize("count", [1, 5])
def test_the_reviews_take_three_queries_however_many_there_are(client, django_assert_num_queries, count):
    film = FilmFactory()
    for n in range(count):
        ReviewFactory(film=film, author=UserFactory(username=f"reviewer{n}"))

    # 1. the film by its slug  2. count its published reviews  3. the page of reviews with their authors
    with django_assert_num_queries(3):
        body = client.get(reviews_url(film.slug)).json()

    assert len(body["results"]) == count

"""The film page shows each role's most helpful reviews; a page of its own lists them all."""

import re

import pytest
from django.urls import reverse

from reviews import services
from reviews.community import FILM_PAGE_REVIEWS
from reviews.views import REVIEWS_PAGE_SIZE
from tests.factories import AdvisoryFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def film():
    return AdvisoryFactory(film__title="Many Voices").film


def review_by(film, role, title, helpful=0):
    review = ReviewFactory(film=film, author=UserFactory(teen=role == "teen"), title=title)
    for _ in range(helpful):
        services.mark_helpful(user=UserFactory(), review=review)
    return review


def titles(response):
    return re.findall(r'<h\d class="review-title">([^<]*)</h\d>', response.content.decode())


def reviews_url(film, **query):
    url = reverse("reviews:film", args=[film.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_film_page_shows_the_most_helpful_reviews_of_each_role_and_links_to_the_rest(client, film):
    for n in range(FILM_PAGE_REVIEWS + 2):
        review_by(film, "parent", f"Parent {n}", helpful=n)
    review_by(film, "teen", "The only teen")

    response = client.get(film.get_absolute_url())

    assert titles(response) == [f"Parent {n}" for n in range(FILM_PAGE_REVIEWS + 1, 1, -1)] + [
        "The only teen"
    ]
    page = response.content.decode()
    assert (
        f'href="{reviews_url(film, role="parent")}">Read all {FILM_PAGE_REVIEWS + 2} reviews by parents'
        in page
    )
    assert "reviews by teens</a>" not in page
    # The figures still count every review, not just the ones shown.
    assert f"{FILM_PAGE_REVIEWS + 2} reviews" in page


def test_the_reviews_page_lists_every_published_review_most_helpful_first(client, film):
    review_by(film, "parent", "Least helpful")
    review_by(film, "teen", "Most helpful", helpful=2)
    review_by(film, "parent", "Helpful", helpful=1)
    ReviewFactory(film=film, title="Waiting for a moderator", status="pending")

    response = client.get(reviews_url(film))

    assert response.status_code == 200
    assert titles(response) == ["Most helpful", "Helpful", "Least helpful"]
    page = response.content.decode()
    assert 'All <span class="review-tab-count">(3)</span>' in page
    assert 'By parents <span class="review-tab-count">(2)</span>' in page
    assert 'By teens <span class="review-tab-count">(1)</span>' in page


def test_the_reviews_page_shows_one_role_at_a_time(client, film):
    review_by(film, "parent", "A parent")
    review_by(film, "teen", "A teen")

    assert titles(client.get(reviews_url(film, role="teen"))) == ["A teen"]
    assert titles(client.get(reviews_url(film, role="parent"))) == ["A parent"]


def test_the_reviews_page_is_in_pages(client, film):
    for n in range(REVIEWS_PAGE_SIZE + 1):
        review_by(film, "parent", f"Review {n}")

    first = client.get(reviews_url(film))
    second = client.get(reviews_url(film, page=2))

    assert len(titles(first)) == REVIEWS_PAGE_SIZE
    assert len(titles(second)) == 1
    assert "Page 2 of 2" in second.content.decode()
    assert not set(titles(first)) & set(titles(second))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"role": "editor"}, "“role” is parent or teen"),
        ({"page": "9"}, "The last page of these results is page 1."),
        ({"page": "two"}, "A page is a whole number from 1."),
    ],
)
def test_a_bad_role_or_page_is_a_400_that_says_so_and_still_lists_the_reviews(client, film, query, message):
    review_by(film, "parent", "Still here")

    response = client.get(reviews_url(film, **query))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert titles(response) == ["Still here"]


def test_the_reviews_page_takes_the_same_queries_however_many_reviews(
    client, film, django_assert_num_queries, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # counted as built, not as served from the cache
    for n in range(3):
        review_by(film, "parent", f"Review {n}", helpful=1)
    # The film; the count per role; the page's count; the page of reviews with their authors
    # and helpful counts.
    with django_assert_num_queries(4):
        client.get(reviews_url(film))
    for n in range(3, 12):
        review_by(film, "teen", f"Review {n}", helpful=1)
    with django_assert_num_queries(4):
        response = client.get(reviews_url(film))

    assert len(titles(response)) == 12


def test_a_film_with_a_draft_advisory_has_no_reviews_page(client):
    draft = AdvisoryFactory(draft=True).film

    assert client.get(reviews_url(draft)).status_code == 404


def test_marking_a_review_helpful_on_the_reviews_page_comes_back_to_it(client_for, parent, film):
    review = review_by(film, "teen", "Worth a look")
    page = reviews_url(film, role="teen")
    client = client_for(parent)
    assert f'name="next" value="{page}#review-{review.pk}"' in client.get(page).content.decode()

    response = client.post(
        reverse("reviews:helpful", args=[review.pk]), {"next": f"{page}#review-{review.pk}"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"{page}#review-{review.pk}"
    assert "You found it helpful." in client.get(page).content.decode()


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_a_next_address_off_the_site_is_ignored(client_for, parent, film, elsewhere):
    review = review_by(film, "teen", "Worth a look")

    response = client_for(parent).post(reverse("reviews:helpful", args=[review.pk]), {"next": elsewhere})

    assert response.headers["Location"] == review.get_absolute_url()


def test_a_published_review_of_ones_own_outside_the_most_helpful_still_shows(client_for, parent, film):
    for n in range(FILM_PAGE_REVIEWS):
        review_by(film, "parent", f"Helpful {n}", helpful=1)
    ReviewFactory(film=film, author=parent, title="Mine, not yet marked")

    page = client_for(parent).get(film.get_absolute_url()).content.decode()

    assert "Your review" in page
    assert page.count("Mine, not yet marked") == 1


@pytest.mark.django_db(transaction=True)
def test_the_reviews_page_is_cached_for_anonymous_readers_and_fresh_after_a_new_review(client, film):
    review_by(film, "parent", "First")
    client.get(reviews_url(film))
    assert client.get(reviews_url(film)).headers["X-Cache"] == "hit"

    review_by(film, "teen", "Second")

    assert titles(client.get(reviews_url(film))) == ["Second", "First"]

"""Parents and teens write, edit and delete their reviews of a film."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.limits import RateLimited
from accounts.models import Role
from reviews import services
from reviews.models import Review
from tests.factories import AdvisoryFactory, FilmFactory, ReviewFactory, StaffFactory

pytestmark = pytest.mark.django_db

A_REVIEW = {
    "stars": "4",
    "age_recommendation": "12",
    "title": "Funny and kind",
    "body": "We laughed all the way through; the scary bit near the end is short.",
    "flags": ["great_messages", "too_much_violence"],
}


@pytest.fixture
def film():
    return AdvisoryFactory(film__title="Paddington", film__year=2014).film


def write_url(film):
    return f"/films/{film.slug}/review/"


def test_a_parent_posts_a_review_and_it_is_published_at_once(client_for, parent, film):
    response = client_for(parent).post(write_url(film), A_REVIEW)

    review = Review.objects.get(film=film, author=parent)
    assert response["Location"] == f"/films/paddington-2014/#review-{review.pk}"
    assert (review.status, review.author_role, review.stars, review.age_recommendation) == (
        "published",
        Role.PARENT,
        4,
        12,
    )
    assert review.flags == ["great_messages", "too_much_violence"]


def test_a_teens_review_shows_their_age_on_the_film_page(client_for, teen, film):
    client = client_for(teen)
    client.post(write_url(film), A_REVIEW)

    page = client.get(film.get_absolute_url()).content.decode()

    assert "teen_tess" in page and "Teen, 15 years old" in page
    assert "Funny and kind" in page


def test_the_review_page_of_a_film_already_reviewed_shows_the_review_to_edit(client_for, parent, film):
    ReviewFactory(film=film, author=parent, title="My first thoughts")

    page = client_for(parent).get(write_url(film)).content.decode()

    assert "You have already reviewed this film" in page
    assert 'value="My first thoughts"' in page


def test_editing_a_review_sends_it_back_to_moderation(client_for, parent, film):
    review = ReviewFactory(film=film, author=parent, title="My first thoughts")

    client_for(parent).post(write_url(film), {**A_REVIEW, "title": "Second thoughts"})

    review.refresh_from_db()
    assert Review.objects.filter(author=parent).count() == 1
    assert (review.title, review.status) == ("Second thoughts", "pending")
    assert "edited by the author" in review.held_because


def test_the_author_deletes_their_review(client_for, parent, film):
    ReviewFactory(film=film, author=parent)
    client = client_for(parent)

    assert "Delete your review" in client.get(write_url(film) + "delete/").content.decode()
    client.post(write_url(film) + "delete/")

    assert not Review.objects.filter(author=parent).exists()


def test_bad_input_shows_the_form_again_with_the_errors_and_stores_nothing(client_for, parent, film):
    response = client_for(parent).post(
        write_url(film), {**A_REVIEW, "stars": "9", "body": "Too short", "title": "x" * 121}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in page
    assert "at least 20 characters" in page
    assert "at most 120 characters" in page
    assert not Review.objects.exists()


def test_review_text_is_kept_as_plain_text_without_control_characters(parent, film):
    review = services.submit_review(
        author=parent,
        film=film,
        **{
            **A_REVIEW,
            "title": "  <b>Bold</b>\x07 claim  ",
            "body": "Line one\r\n\r\n\r\n\r\nLine two is here.",
        },
    )

    assert review.title == "<b>Bold</b> claim"
    assert review.body == "Line one\n\nLine two is here."


def test_only_the_author_sees_their_waiting_review_marked_as_waiting(client_for, parent, teen, film):
    ReviewFactory(film=film, author=parent, title="Still being read", status="pending")

    own_page = client_for(parent).get(film.get_absolute_url()).content.decode()
    other_page = client_for(teen).get(film.get_absolute_url()).content.decode()

    assert "Still being read" in own_page
    assert "Waiting for moderation: only you can see it" in own_page
    assert "Still being read" not in other_page


def test_a_film_with_a_draft_advisory_cannot_be_reviewed(client_for, parent):
    draft = AdvisoryFactory(draft=True).film

    assert client_for(parent).get(write_url(draft)).status_code == 404


def test_a_film_without_an_advisory_can_be_reviewed(client_for, parent):
    film = FilmFactory()

    client_for(parent).post(write_url(film), A_REVIEW)

    assert Review.objects.filter(film=film).exists()


def test_posting_reviews_is_rate_limited_per_account(client_for, parent, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "review": "2/h"}
    client = client_for(parent)
    films = FilmFactory.create_batch(3)
    for film in films[:2]:
        assert client.post(write_url(film), A_REVIEW).status_code == 302

    response = client.post(write_url(films[2]), A_REVIEW)

    assert response.status_code == 429
    assert "Please slow down" in response.content.decode()
    assert not Review.objects.filter(film=films[2]).exists()


def test_submit_review_raises_validation_error_naming_the_field(parent, film):
    with pytest.raises(ValidationError) as error:
        services.submit_review(author=parent, film=film, **{**A_REVIEW, "age_recommendation": 30})

    assert "age_recommendation" in error.value.message_dict
    assert not Review.objects.exists()


def test_submit_review_raises_rate_limited_with_seconds_to_wait(parent, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "review": "1/h"}
    services.submit_review(author=parent, film=FilmFactory(), **A_REVIEW)

    with pytest.raises(RateLimited) as error:
        services.submit_review(author=parent, film=FilmFactory(), **A_REVIEW)

    assert 0 < error.value.retry_after <= 3600


def test_an_account_without_a_birth_date_cannot_submit_a_review(film):
    staff = StaffFactory(username="staff_sam")

    with pytest.raises(PermissionDenied):
        services.submit_review(author=staff, film=film, **A_REVIEW)

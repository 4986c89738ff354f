"""Writing through the API: reviews (POST, PUT, PATCH, DELETE), helpful marks and reports, by
the same rules as the site's forms (reviews.services)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reviews.api.serializers import SCORE_FIELDS
from reviews.models import HelpfulMark, Report, Review
from tests.factories import AdvisoryFactory, FilmFactory, ReviewFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

A_REVIEW = {
    "stars": 4,
    "age_recommendation": 9,
    "title": "Kind and funny",
    "body": "We laughed all the way through; the chase near the end is short.",
    "flags": ["great_messages"],
}


@pytest.fixture
def film():
    return AdvisoryFactory(film__title="Paddington", film__year=2014).film


def reviews_url(film):
    return reverse("api:film-review-list", kwargs={"film_slug": film.slug})


def review_url(review, action=None):
    kwargs = {"film_slug": review.film.slug, "pk": review.pk}
    return reverse(f"api:film-review-{action or 'detail'}", kwargs=kwargs)


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_the_write_urls_sit_under_the_films_reviews():
    review = ReviewFactory.build(pk=7, film=FilmFactory.build(slug="paddington-2014"))

    assert review_url(review) == "/api/v1/films/paddington-2014/reviews/7/"
    assert review_url(review, "helpful") == "/api/v1/films/paddington-2014/reviews/7/helpful/"
    assert review_url(review, "report") == "/api/v1/films/paddington-2014/reviews/7/report/"


def test_a_parent_posts_a_review_with_a_token_and_it_is_published_and_listed(parent, film):
    response = token_client(parent).post(reviews_url(film), A_REVIEW, format="json")

    assert response.status_code == 201
    body = response.json()
    review = Review.objects.get(film=film, author=parent)
    assert body == {
        "id": review.pk,
        "author": "parent_pat",
        "author_role": "parent",
        "author_label": "Parent",
        "stars": 4,
        "age_recommendation": 9,
        "title": "Kind and funny",
        "body": "We laughed all the way through; the chase near the end is short.",
        "flags": ["great_messages"],
        **dict.fromkeys(SCORE_FIELDS),
        "created_at": body["created_at"],
        "status": "published",
    }
    listed = APIClient().get(reviews_url(film)).json()["results"]
    assert [r["title"] for r in listed] == ["Kind and funny"]


def test_a_teens_review_records_their_role_and_age(teen, film):
    body = token_client(teen).post(reviews_url(film), A_REVIEW, format="json").json()

    assert (body["author_role"], body["author_label"]) == ("teen", "Teen, 15 years old")


def test_a_review_with_a_link_waits_for_moderation_and_is_not_listed(parent, film):
    review = {**A_REVIEW, "body": "Better than the book, see www.example.com for the trailer."}

    response = token_client(parent).post(reviews_url(film), review, format="json")

    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert Review.objects.get(author=parent).held_because == "a link"
    assert APIClient().get(reviews_url(film)).json()["count"] == 0


def test_a_new_accounts_review_waits_for_moderation(film):
    newcomer = UserFactory(username="newcomer", date_joined=timezone.now())

    response = token_client(newcomer).post(reviews_url(film), A_REVIEW, format="json")

    assert response.json()["status"] == "pending"
    assert APIClient().get(reviews_url(film)).json()["results"] == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"stars": "five"}, "stars", "A valid integer is required."),
        ({"stars": "4"}, "stars", "A valid integer is required."),
        ({"stars": 6}, "stars", "Ensure this value is less than or equal to 5."),
        ({"stars": None}, "stars", "This field may not be null."),
        ({"age_recommendation": 1}, "age_recommendation", "Ensure this value is greater than or equal to 2."),
        ({"title": 12}, "title", "Not a valid string."),
        ({"title": "   "}, "title", "Please give your review a title."),
        ({"body": "Too short."}, "body", "Tell other families a little more"),
        # Nineteen letters between next-line (U+0085) and C1 control characters, which show nothing.
        ({"body": "x\x85" * 19 + "\x9a" * 5}, "body", "Tell other families a little more"),
        ({"body": "x" * 5001}, "body", "Ensure this field has no more than 5000 characters."),
        ({"flags": "great_messages"}, "flags", 'Expected a list of items but got type "str".'),
        ({"flags": ["great_messages", "scary"]}, "flags", '"scary" is not a valid choice.'),
        ({"flags": ["great_messages", "great_messages"]}, "flags", "A flag is given twice."),
    ],
)
def test_a_bad_field_is_a_400_naming_it_and_nothing_is_stored(parent, film, change, field, message):
    response = token_client(parent).post(reviews_url(film), A_REVIEW | change, format="json")

    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert body[field][0].startswith(message)
    assert not Review.objects.exists()


def test_missing_fields_are_each_named(parent, film):
    response = token_client(parent).post(reviews_url(film), {"stars": 3}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "age_recommendation": ["This field is required."],
        "title": ["This field is required."],
        "body": ["This field is required."],
    }


def test_a_body_that_is_not_a_json_object_is_a_400(parent, film):
    client = token_client(parent)

    not_json = client.post(reviews_url(film), "{stars: 4", content_type="application/json")
    a_list = client.post(reviews_url(film), [A_REVIEW], format="json")

    assert not_json.status_code == 400
    assert not_json.json()["detail"].startswith("JSON parse error")
    assert a_list.status_code == 400
    assert a_list.json() == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}


def test_a_form_encoded_body_is_refused_with_415(parent, film):
    response = token_client(parent).post(reviews_url(film), A_REVIEW)

    assert response.status_code == 415
    assert not Review.objects.exists()


def test_unknown_and_read_only_fields_are_ignored(parent, film):
    response = token_client(parent).post(
        reviews_url(film),
        A_REVIEW | {"status": "published", "author": "someone", "colour": "red"},
        format="json",
    )

    assert response.status_code == 201
    assert Review.objects.get().author == parent


def test_an_anonymous_post_is_a_401_and_stores_nothing(film):
    response = APIClient().post(reviews_url(film), A_REVIEW, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not Review.objects.exists()


def test_a_revoked_token_is_refused_with_401(parent, film):
    client = token_client(parent)
    Token.objects.filter(user=parent).delete()

    response = client.post(reviews_url(film), A_REVIEW, format="json")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    assert not Review.objects.exists()


def test_a_session_post_needs_the_csrf_token(parent, film):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(parent)

    refused = client.post(reviews_url(film), A_REVIEW, format="json")

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Review.objects.exists()
    page = client.get(reverse("api-token")).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    accepted = client.post(reviews_url(film), A_REVIEW, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_staff_without_a_birth_date_cannot_post_a_review(film, group):
    staff = StaffFactory(username="staffer", group=group)

    response = token_client(staff).post(reviews_url(film), A_REVIEW, format="json")

    assert response.status_code == 403
    assert "birth date" in response.json()["detail"]
    assert not Review.objects.exists()


def test_a_film_with_a_draft_advisory_cannot_be_reviewed(parent):
    draft = AdvisoryFactory(film__title="Drafting", draft=True).film

    response = token_client(parent).post(reviews_url(draft), A_REVIEW, format="json")

    assert response.status_code == 404
    assert not Review.objects.exists()


def test_a_film_without_an_advisory_can_be_reviewed(parent):
    bare = FilmFactory(title="Bare")

    assert token_client(parent).post(reviews_url(bare), A_REVIEW, format="json").status_code == 201


def test_an_unknown_film_is_a_404(parent):
    response = token_client(parent).post("/api/v1/films/no-such-film-1999/reviews/", A_REVIEW, format="json")

    assert response.status_code == 404


def test_a_second_review_is_a_409_saying_where_to_change_it(parent, film):
    first = ReviewFactory(film=film, author=parent, title="First thoughts")

    response = token_client(parent).post(reviews_url(film), A_REVIEW, format="json")

    assert response.status_code == 409
    assert response.json()["detail"].endswith(f"PUT or PATCH at http://testserver{review_url(first)}")
    first.refresh_from_db()
    assert (first.title, first.status) == ("First thoughts", "published")


def test_the_author_patches_their_review_and_it_goes_back_to_moderation(parent, film):
    review = ReviewFactory(film=film, author=parent, title="First thoughts", stars=2)

    response = token_client(parent).patch(review_url(review), {"title": "Second thoughts"}, format="json")

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["stars"], response.json()["status"]) == (
        "Second thoughts",
        2,
        "pending",
    )
    review.refresh_from_db()
    assert (review.title, review.status) == ("Second thoughts", "pending")
    assert "edited by the author" in review.held_because


def test_a_put_needs_every_field(parent, film):
    review = ReviewFactory(film=film, author=parent)

    response = token_client(parent).put(review_url(review), {"title": "Only a title"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"stars", "age_recommendation", "body"}
    assert token_client(UserFactory()).put(review_url(review), A_REVIEW, format="json").status_code == 404


def test_nobody_else_can_change_or_delete_a_review(parent, teen, film):
    review = ReviewFactory(film=film, author=parent, title="Mine")
    other = token_client(teen)

    assert other.patch(review_url(review), {"title": "Theirs"}, format="json").status_code == 404
    assert other.delete(review_url(review)).status_code == 404
    assert APIClient().delete(review_url(review)).status_code == 401
    review.refresh_from_db()
    assert review.title == "Mine"


def test_the_author_deletes_their_review(parent, film):
    review = ReviewFactory(film=film, author=parent)

    response = token_client(parent).delete(review_url(review))

    assert response.status_code == 204
    assert not Review.objects.exists()


def test_posting_reviews_is_limited_per_account_with_429_and_retry_after(parent, settings):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"review": "2/h"}
    client = token_client(parent)
    films = [FilmFactory() for _ in range(3)]

    answers = [client.post(reviews_url(f), A_REVIEW, format="json") for f in films]

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert 1 <= int(answers[2]["Retry-After"]) <= 3600
    assert answers[2].json()["detail"].startswith("Request was throttled.")
    assert Review.objects.count() == 2


def test_too_many_api_requests_are_throttled_with_429(parent, film, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "1/minute")
    client = token_client(parent)
    client.get(reviews_url(film))

    response = client.post(reviews_url(film), A_REVIEW, format="json")

    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert not Review.objects.exists()


# Helpful marks and reports


@pytest.fixture
def review(film):
    return ReviewFactory(film=film, author=UserFactory(username="author"), title="Worth reading")


def test_a_person_marks_a_review_helpful_once_and_a_second_time_is_a_409(parent, review):
    client = token_client(parent)

    first = client.post(review_url(review, "helpful"))
    second = client.post(review_url(review, "helpful"))

    assert first.status_code == 201
    assert first.json() == {"detail": "You marked this review helpful."}
    assert second.status_code == 409
    assert second.json() == {"detail": "You have already marked this review helpful."}
    assert HelpfulMark.objects.filter(review=review, user=parent).count() == 1


def test_a_person_reports_a_review_once_with_a_reason_and_a_second_time_is_a_409(parent, review):
    client = token_client(parent)

    first = client.post(
        review_url(review, "report"), {"reason": "spoiler", "note": "The end."}, format="json"
    )
    second = client.post(review_url(review, "report"), {"reason": "spam"}, format="json")

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json() == {"detail": "You have already reported this review."}
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.note) == (parent, "spoiler", "The end.")


def test_a_report_needs_a_known_reason(parent, review):
    response = token_client(parent).post(review_url(review, "report"), {"reason": "boring"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"reason": ['"boring" is not a valid choice.']}
    assert not Report.objects.exists()


def test_three_reports_hide_a_review_from_the_list(review):
    for n in range(3):
        reporter = token_client(UserFactory(username=f"reporter{n}"))
        reporter.post(review_url(review, "report"), {"reason": "offensive"}, format="json")

    review.refresh_from_db()
    assert review.status == "hidden"
    assert APIClient().get(reviews_url(review.film)).json()["count"] == 0


def test_the_author_cannot_mark_or_report_their_own_review(review):
    client = token_client(review.author)

    assert client.post(review_url(review, "helpful")).status_code == 403
    assert client.post(review_url(review, "report"), {"reason": "spam"}, format="json").status_code == 403
    assert not HelpfulMark.objects.exists() and not Report.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected", "hidden"])
def test_an_unpublished_review_cannot_be_marked_or_reported(parent, film, status):
    waiting = ReviewFactory(film=film, status=status)
    client = token_client(parent)

    assert client.post(review_url(waiting, "helpful")).status_code == 404
    assert client.post(review_url(waiting, "report"), {"reason": "spam"}, format="json").status_code == 404


def test_an_unknown_review_or_one_of_another_film_is_a_404(parent, review):
    other_film = FilmFactory(title="Other")
    client = token_client(parent)

    assert client.post(f"/api/v1/films/{review.film.slug}/reviews/999999/helpful/").status_code == 404
    assert client.post(f"/api/v1/films/{other_film.slug}/reviews/{review.pk}/helpful/").status_code == 404
    assert client.post(f"/api/v1/films/{review.film.slug}/reviews/abc/helpful/").status_code == 404


def test_an_anonymous_visitor_cannot_mark_or_report(review):
    client = APIClient()

    assert client.post(review_url(review, "helpful")).status_code == 401
    assert client.post(review_url(review, "report"), {"reason": "spam"}, format="json").status_code == 401
    assert not HelpfulMark.objects.exists() and not Report.objects.exists()


def test_helpful_marks_and_reports_are_limited_per_account(parent, film, settings):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"helpful": "1/h", "report": "1/h"}
    reviews = [ReviewFactory(film=film) for _ in range(2)]
    client = token_client(parent)

    marks = [client.post(review_url(r, "helpful")).status_code for r in reviews]
    reports = [client.post(review_url(r, "report"), {"reason": "spam"}, format="json") for r in reviews]

    assert marks == [201, 429]
    assert [r.status_code for r in reports] == [201, 429]
    assert int(reports[1]["Retry-After"]) >= 1
    assert HelpfulMark.objects.count() == Report.objects.count() == 1


def test_a_review_posted_through_the_api_can_carry_category_scores(parent, film):
    response = token_client(parent).post(
        reviews_url(film), A_REVIEW | {"violence_score": 2, "language_score": None}, format="json"
    )

    assert response.status_code == 201
    review = Review.objects.get(film=film, author=parent)
    assert (review.violence_score, review.language_score) == (2, None)


def test_a_category_score_out_of_range_is_a_400_naming_it(parent, film):
    response = token_client(parent).post(reviews_url(film), A_REVIEW | {"sex_score": 6}, format="json")

    assert response.status_code == 400
    assert "sex_score" in response.json()
    assert not Review.objects.exists()


def test_a_patch_through_the_api_keeps_the_category_scores_set_on_the_site(parent, film):
    review = ReviewFactory(film=film, author=parent, violence_score=3, drinking_score=1)

    response = token_client(parent).patch(review_url(review), {"stars": 2}, format="json")

    assert response.status_code == 200
    review.refresh_from_db()
    assert (review.stars, review.violence_score, review.drinking_score) == (2, 3, 1)
